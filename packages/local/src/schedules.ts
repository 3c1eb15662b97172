/** A job the local runner repeats on a timer, standing in for an EventBridge Scheduler schedule. */
export interface LocalSchedule {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Runs each schedule on its own timer; a run never overlaps the previous run of the same
 * schedule (the sweeps are safe to overlap, but piling up runs on a laptop helps no one).
 */
export function startSchedules(
  schedules: LocalSchedule[],
  log: (line: string) => void = console.log,
): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  for (const schedule of schedules) {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const run = schedule
        .run()
        .then((result) => {
          if (
            result &&
            typeof result === "object" &&
            Object.values(result).some((v) => typeof v === "number" && v > 0)
          )
            log(`[${schedule.name}] ${JSON.stringify(result)}`);
        })
        .catch((error) => log(`[${schedule.name}] failed: ${(error as Error).message}`))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    timers.push(setInterval(tick, schedule.everyMs));
  }
  return async () => {
    timers.forEach(clearInterval);
    await Promise.allSettled([...running]);
  };
}
