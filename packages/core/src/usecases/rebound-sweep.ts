import type { Actor } from "../events/envelope";
import { forEachLimit } from "../kernel";
import { monotonicTimer } from "../kernel/clock";
import { isTransientStoreError, WriteConflict } from "../kernel/errors";
import type { ReboundEntry } from "../lead/records";
import type { LeadChange } from "../ports/leads";
import type { ReboundQueue } from "../ports/queues";
import { decideResurface, type ResurfaceDecision } from "../rebound/resurface";
import { type LeadDeps, toEvents } from "./context";
import { mutateLead } from "./mutate";

const sweepActor: Actor = { kind: "system", id: "rebound-sweep" } as Actor;

/**
 * Leads resurfaced per transaction: a rebound writes the lead, its change and the segment
 * member (3 actions), so 25 leads stay within TransactWriteItems' 100 actions. One large
 * transaction instead of 25 small ones is what lets a run keep up with a big due day.
 */
export const SWEEP_BATCH = 25;
/** Batches in flight at once: bounded, so one run never floods the table or the socket pool. */
export const SWEEP_PARALLEL_BATCHES = 2;
/** Due entries read per page of the queue. */
const PAGE = 200;

export interface SweepDeps extends LeadDeps {
  reboundQueue: Pick<ReboundQueue, "due">;
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
  /** Batches in flight at once (SWEEP_PARALLEL_BATCHES by default). */
  concurrency?: number;
  /** Leads per transaction (SWEEP_BATCH by default, at most 33). */
  batchSize?: number;
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

type Outcome = ResurfaceDecision["outcome"];

/**
 * Resurfaces one due entry, exactly once (see decideResurface): the lead change, the segment
 * member and the events are one transaction conditioned on the lead's version.
 */
export async function resurface(deps: SweepDeps, entry: ReboundEntry): Promise<Outcome> {
  let outcome: Outcome = "done";
  await mutateLead(deps, entry.leadId, { actor: sweepActor }, (lead, at) => {
    const decided = decideResurface(lead, entry, at);
    outcome = decided.outcome;
    return decided.outcome === "done" ? null : decided.decision;
  });
  return outcome;
}

/**
 * Resurfaces a batch of due entries (distinct leads) in one transaction: the leads are read
 * together, each decided on its own, and all the changes committed at once, each conditioned
 * on its lead's version. If anything moved meanwhile the transaction writes nothing and the
 * batch falls back to one transaction per entry, each read again and retried (`resurface`).
 */
async function resurfaceBatch(deps: SweepDeps, entries: ReboundEntry[]): Promise<Outcome[]> {
  const leads = await deps.leads.getMany(entries.map((e) => e.leadId));
  const now = deps.clock.now();
  const at = now.toISOString();
  const outcomes: Outcome[] = [];
  const changes: LeadChange[] = [];
  for (const entry of entries) {
    const lead = leads.get(entry.leadId);
    // A lead the queue still shows but that no longer lists the cycle: the index lags a write.
    const decided: ResurfaceDecision = lead ? decideResurface(lead, entry, at) : { outcome: "done" };
    outcomes.push(decided.outcome);
    if (decided.outcome === "done" || !lead) continue;
    const { decision } = decided;
    changes.push({
      lead: decision.lead,
      previous: lead,
      events: toEvents(deps, decision.lead, decision.events, sweepActor, at),
      ...(decision.effects?.length ? { effects: decision.effects } : {}),
    });
  }
  if (changes.length === 0) return outcomes;
  try {
    await deps.leads.commitAll(changes, now);
    return outcomes;
  } catch (error) {
    if (!(error instanceof WriteConflict) && !isTransientStoreError(error)) throw error;
    const one: Outcome[] = [];
    for (const entry of entries) one.push(await resurface(deps, entry));
    return one;
  }
}

/**
 * One sweep run: resurfaces every due entry until the time budget is spent, a batch of leads
 * per transaction, a bounded number of batches at once. Safe to run concurrently with itself
 * and to crash anywhere: each lead's change is all-or-nothing and conditioned on its version.
 */
export async function sweepRebounds(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const timer = deps.timer ?? monotonicTimer;
  const started = timer();
  const budget = options.budgetMs ?? 60_000;
  const parallel = options.concurrency ?? SWEEP_PARALLEL_BATCHES;
  const size = Math.min(33, Math.max(1, options.batchSize ?? SWEEP_BATCH));
  const now = deps.clock.now();
  const report: SweepReport = {
    rebounded: 0,
    dropped: 0,
    more: false,
    ...(options.dryRun ? { due: [] } : {}),
  };
  let after: string | undefined;
  for (;;) {
    const page = await deps.reboundQueue.due(now, PAGE, after);
    if (options.dryRun) {
      report.due!.push(...page.items);
    } else {
      const batches: ReboundEntry[][] = [];
      for (let i = 0; i < page.items.length; i += size) batches.push(page.items.slice(i, i + size));
      await forEachLimit(batches, parallel, async (batch) => {
        if (timer() - started > budget) {
          report.more = true;
          return;
        }
        for (const outcome of await resurfaceBatch(deps, batch)) if (outcome !== "done") report[outcome]++;
      });
      if (report.more) return report;
    }
    if (!page.lastSortKey) return report;
    after = page.lastSortKey;
  }
}
