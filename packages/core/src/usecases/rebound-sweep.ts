import type { Actor } from "../events/envelope";
import { monotonicTimer } from "../kernel/clock";
import type { ReboundEntry } from "../lead/records";
import type { ReboundQueue } from "../ports/queues";
import { decideResurface, type ResurfaceDecision } from "../rebound/resurface";
import type { LeadDeps } from "./context";
import { mutateLead } from "./mutate";

const sweepActor: Actor = { kind: "system", id: "rebound-sweep" } as Actor;

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
  dryRun?: boolean;
  /** Entries processed at once. */
  concurrency?: number;
}

export interface SweepReport {
  rebounded: number;
  /** Entries dropped: the lead lost consent, was re-engaged, or the entry was already done. */
  dropped: number;
  /** True when the budget ran out with due entries left. */
  more: boolean;
  /** Dry run only: what would resurface. */
  due?: ReboundEntry[];
}

/**
 * Resurfaces one due entry, exactly once (see decideResurface): the lead change, the entry's
 * deletion, the segment member and the events are one transaction.
 */
export async function resurface(
  deps: SweepDeps,
  entry: ReboundEntry,
): Promise<"rebounded" | "dropped" | "done"> {
  let outcome: ResurfaceDecision["outcome"] = "done";
  await mutateLead(deps, entry.leadId, { actor: sweepActor }, (lead, at) => {
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
 */
export async function sweepRebounds(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const timer = deps.timer ?? monotonicTimer;
  const started = timer();
  const budget = options.budgetMs ?? 60_000;
  const concurrency = options.concurrency ?? 8;
  const now = deps.clock.now();
  const report: SweepReport = {
    rebounded: 0,
    dropped: 0,
    more: false,
    ...(options.dryRun ? { due: [] } : {}),
  };
  let after: string | undefined;
  for (;;) {
    const page = await deps.reboundQueue.due(now, 100, after);
    if (options.dryRun) {
      report.due!.push(...page.items);
    } else {
      for (let i = 0; i < page.items.length; i += concurrency) {
        if (timer() - started > budget) {
          report.more = true;
          return report;
        }
        const outcomes = await Promise.all(
          page.items.slice(i, i + concurrency).map((entry) => resurface(deps, entry)),
        );
        for (const o of outcomes) if (o !== "done") report[o]++;
      }
    }
    if (!page.lastSortKey) return report;
    after = page.lastSortKey;
  }
}
