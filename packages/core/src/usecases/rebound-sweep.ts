import type { Actor } from "../events/envelope";
import { forEachLimit } from "../kernel";
import { monotonicTimer } from "../kernel/clock";
import { StoreUnavailableError } from "../kernel/errors";
import type { ReboundEntry } from "../lead/records";
import type { LeadChange } from "../ports/leads";
import type { ReboundQueue } from "../ports/queues";
import { decideResurface, type ResurfaceDecision } from "../rebound/resurface";
import { type LeadDeps, recordChange } from "./context";
import { mutateLead } from "./mutate";

const sweepActor: Actor = { kind: "system", id: "rebound-sweep" };

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
  /** Batches in flight at once (SWEEP_PARALLEL_BATCHES by default). */
  concurrency?: number;
  /** Leads per transaction (SWEEP_BATCH by default, at most 33). */
  batchSize?: number;
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

type Outcome = ResurfaceDecision["outcome"];

/** Failures listed in a report; the count goes on. */
const MAX_LISTED = 50;

/**
 * Resurfaces one due entry, exactly once (see decideResurface): the lead change, the segment
 * member and the events are one transaction conditioned on the lead's version.
 */
export async function resurface(
  deps: SweepDeps,
  entry: ReboundEntry,
  actor: Actor = sweepActor,
): Promise<Outcome> {
  let outcome: Outcome = "done";
  await mutateLead(deps, entry.leadId, { actor }, (lead, at) => {
    const decided = decideResurface(lead, entry, at);
    outcome = decided.outcome;
    return decided.outcome === "done" ? null : decided.decision;
  });
  return outcome;
}

/**
 * Resurfaces a batch of due entries (distinct leads) in one transaction: the leads are read
 * together, each decided on its own, and all the changes committed at once, each conditioned
 * on its lead's version. Returns undefined when the batch could not be committed as one (a
 * lead moved meanwhile, the store was busy, or a lead could not be read or decided): the
 * transaction wrote nothing, and the caller takes the entries one by one (`resurface`), each
 * read again, retried and isolated from the others. A store that does not answer is thrown.
 */
async function resurfaceBatch(
  deps: SweepDeps,
  entries: ReboundEntry[],
  actor: Actor,
): Promise<Outcome[] | undefined> {
  try {
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
      // Report facts stamped as every write path stamps them (usecases/context.ts).
      const recorded = recordChange(deps, lead, decision.lead, decision.events, actor, at);
      changes.push({
        lead: recorded.lead,
        previous: lead,
        events: recorded.events,
        ...(decision.effects?.length ? { effects: decision.effects } : {}),
      });
    }
    if (changes.length > 0) await deps.leads.commitAll(changes, now);
    return outcomes;
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    return undefined;
  }
}

/**
 * One sweep run: resurfaces every due entry until the time budget is spent, a batch of leads
 * per transaction, a bounded number of batches at once. Safe to run concurrently with itself
 * and to crash anywhere: each lead's change is all-or-nothing and conditioned on its version.
 *
 * Each entry is on its own: a batch that cannot commit as one falls back to one transaction
 * per entry, and an entry that fails there (a lead whose stored item cannot be read, a
 * decision that throws, a lead too contended) is counted and listed, stays queued for the next
 * run, and the rest proceed. Only a store that does not answer ends the run early (every
 * other entry would fail the same way); the error is then thrown for the scheduler to retry.
 */
export async function sweepRebounds(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepReport> {
  const timer = deps.timer ?? monotonicTimer;
  const started = timer();
  const budget = options.budgetMs ?? 60_000;
  const parallel = options.concurrency ?? SWEEP_PARALLEL_BATCHES;
  const size = Math.min(33, Math.max(1, options.batchSize ?? SWEEP_BATCH));
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

  const count = (outcome: Outcome) => {
    if (outcome !== "done") report[outcome]++;
  };
  const handle = async (entry: ReboundEntry) => {
    try {
      count(await resurface(deps, entry, actor));
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
    const page = await deps.reboundQueue.due(now, PAGE, after);
    // Oldest first: the first entry of the first page is the oldest due.
    if (after === undefined && page.items[0])
      report.lagSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(page.items[0].dueAt)) / 1000));
    const batches: ReboundEntry[][] = [];
    for (let i = 0; i < page.items.length; i += size) batches.push(page.items.slice(i, i + size));
    await forEachLimit(batches, parallel, async (batch) => {
      if (timer() - started > budget) {
        report.more = true;
        return;
      }
      const outcomes = await resurfaceBatch(deps, batch, actor);
      if (outcomes) for (const outcome of outcomes) count(outcome);
      else for (const entry of batch) await handle(entry);
    });
    if (report.more) return report;
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
