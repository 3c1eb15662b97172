import type { Actor } from "../events/envelope";
import { monotonicTimer } from "../kernel/clock";
import { StoreUnavailableError } from "../kernel/errors";
import type { ReboundEntry } from "../lead/records";
import type { ReboundQueue } from "../ports/queues";
import { decideResurface, type ResurfaceDecision } from "../rebound/resurface";
import type { LeadDeps } from "./context";
import { mutateLead } from "./mutate";

const sweepActor: Actor = { kind: "system", id: "rebound-sweep" };

export interface SweepDeps extends LeadDeps {
  reboundQueue: Pick<ReboundQueue, "due" | "remove">;
  /**
   * Monotonic milliseconds for the time budget; real time by default. Separate from `clock`,
   * which says what is due (tests move it by months) and never measures how long a run takes.
   */
  timer?: () => number;
}

export interface SweepOptions {
  /** Stop taking new entries after this long; what is left goes to the next run. */
  budgetMs?: number;
  /** Entries processed at once. */
  concurrency?: number;
  /** Names this run on the events it writes (`actor.correlationId`) and in its logs. */
  correlationId?: string;
}

/** A due entry this run could not resurface; it stays queued and the next run retries it. */
export interface SweepFailure {
  leadId: string;
  cycle: number;
  error: string;
}

export interface SweepReport {
  rebounded: number;
  /** Entries dropped: the lead lost consent, was re-engaged, or the entry was already done. */
  dropped: number;
  /** Entries that failed (listed in `failures`, at most MAX_LISTED). */
  failed: number;
  failures: SweepFailure[];
  /** Age in seconds of the oldest due entry this run found (0 when nothing was due): how far behind the sweep is. */
  lagSeconds: number;
  /** True when the budget ran out with due entries left. */
  more: boolean;
}

/** Failures listed in a report; the count goes on. */
const MAX_LISTED = 50;

/**
 * Resurfaces one due entry, exactly once (see decideResurface): the lead change, the entry's
 * deletion, the segment member and the events are one transaction.
 */
export async function resurface(
  deps: SweepDeps,
  entry: ReboundEntry,
  actor: Actor = sweepActor,
): Promise<"rebounded" | "dropped" | "done"> {
  let outcome: ResurfaceDecision["outcome"] = "done";
  await mutateLead(deps, entry.leadId, { actor }, (lead, at) => {
    const decided = decideResurface(lead, entry, at);
    outcome = decided.outcome;
    return decided.outcome === "done" ? null : decided.decision;
  });
  if (outcome === "done") {
    // An entry whose lead no longer lists it (cannot happen through our own writes, which
    // delete both together): remove it so it does not come back every run.
    await deps.reboundQueue.remove(entry.leadId, entry.cycle);
  }
  return outcome;
}

/**
 * One sweep run: resurfaces every due entry until the time budget is spent. Safe to run
 * concurrently with itself and to crash anywhere: each entry is all-or-nothing.
 *
 * Each entry is on its own: one that fails (a lead whose stored item cannot be read, a
 * decision that throws, a lead too contended) is counted and listed, stays queued for the next
 * run, and the rest proceed. Only a store that does not answer ends the run early (every
 * other entry would fail the same way); the error is then thrown for the scheduler to retry.
 */
export async function sweepRebounds(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const timer = deps.timer ?? monotonicTimer;
  const started = timer();
  const budget = options.budgetMs ?? 60_000;
  const concurrency = options.concurrency ?? 8;
  const now = deps.clock.now();
  const actor: Actor = options.correlationId
    ? { ...sweepActor, correlationId: options.correlationId }
    : sweepActor;
  const report: SweepReport = {
    rebounded: 0,
    dropped: 0,
    failed: 0,
    failures: [],
    lagSeconds: 0,
    more: false,
  };

  const handle = async (entry: ReboundEntry) => {
    try {
      const outcome = await resurface(deps, entry, actor);
      if (outcome !== "done") report[outcome]++;
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      report.failed++;
      if (report.failures.length < MAX_LISTED)
        report.failures.push({
          leadId: entry.leadId,
          cycle: entry.cycle,
          error: error instanceof Error ? error.message : String(error),
        });
    }
  };

  let after: string | undefined;
  for (;;) {
    const page = await deps.reboundQueue.due(now, 100, after);
    // Oldest first: the first entry of the first page is the oldest due.
    if (after === undefined && page.items[0])
      report.lagSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(page.items[0].dueAt)) / 1000));
    for (let i = 0; i < page.items.length; i += concurrency) {
      if (timer() - started > budget) {
        report.more = true;
        return report;
      }
      await Promise.all(page.items.slice(i, i + concurrency).map(handle));
    }
    if (!page.lastSortKey) return report;
    after = page.lastSortKey;
  }
}

/**
 * What a run would resurface now, a page at a time (`dryRun`): due entries, oldest first,
 * and the position to continue after. Reads only; nothing changes.
 */
export async function dueRebounds(
  deps: Pick<SweepDeps, "reboundQueue" | "clock">,
  limit: number,
  after?: string,
): Promise<{ due: ReboundEntry[]; after?: string }> {
  const page = await deps.reboundQueue.due(deps.clock.now(), limit, after);
  return page.lastSortKey ? { due: page.items, after: page.lastSortKey } : { due: page.items };
}
