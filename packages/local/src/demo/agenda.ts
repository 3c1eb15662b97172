/** Timed tasks of the demo, run in time order (ties in the order they were added). */
export class Agenda {
  private readonly tasks: { at: number; seq: number; run: () => Promise<unknown> }[] = [];
  private seq = 0;

  push(at: number, run: () => Promise<unknown>): void {
    const task = { at, seq: this.seq++, run };
    // Binary search for the insertion point: tasks stay sorted by (at, seq).
    let lo = 0;
    let hi = this.tasks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.tasks[mid]!;
      if (other.at < at || (other.at === at && other.seq < task.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.tasks.splice(lo, 0, task);
  }

  /** Runs every task due before `until`, moving the clock to each task's time first. */
  async runUntil(until: number, setClock: (at: number) => void): Promise<void> {
    while (this.tasks.length && this.tasks[0]!.at < until) {
      const task = this.tasks.shift()!;
      setClock(task.at);
      await task.run();
    }
  }
}
