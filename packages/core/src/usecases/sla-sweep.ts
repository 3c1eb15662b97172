import type { Actor } from "../events/envelope";
import { decideFollowUpDue } from "../handoff/cadence";
import { type BreachDecision, decideBreach, type SlaAction } from "../handoff/sla";
import { monotonicTimer } from "../kernel/clock";
import { NotFoundError, StoreUnavailableError } from "../kernel/errors";
import type { SlaKind } from "../lead/vocabulary";
import type { SlaEntry, SlaQueue } from "../ports/queues";
import type { LeadDeps } from "./context";
import { mutateLead } from "./mutate";

export interface SlaSweepDeps extends LeadDeps {
  slaQueue: SlaQueue;
  /** What a breach does, per clock (config REBOUND_SLA_POLICY). */
  slaPolicy: Record<SlaKind, SlaAction>;
  /** Start no new work after this long (ms), leaving the invocation time to finish what it started. */
  budgetMs?: number;
  /**
   * Monotonic milliseconds for the budget; real time by default. Separate from `clock`, which
   * says what is due (tests move it by hours) and never measures how long a run takes.
   */
  timer?: () => number;
  pageSize?: number;
  /** Entries handled in parallel; each is its own lead, so they never contend with each other. */
  concurrency?: number;
  /** Names this run on the events it writes (`actor.correlationId`) and in its logs. */
  correlationId?: string;
}

/** An entry this run could not handle; it stays queued and the next run retries it. */
export interface SlaSweepFailure {
  leadId: string;
  kind: string;
  error: string;
}

export interface SlaSweepResult {
  at: string;
  /** Queue entries found past their deadline. */
  due: number;
  /** Breaches recorded by this run (each breach is recorded once, by exactly one run). */
  breached: number;
  returnedToMarketing: number;
  /** Agreed follow-ups whose window closed without one, recorded by this run (each once). */
  followUpsOverdue: number;
  /** Entries the lead no longer backs (moved on, or another run recorded the breach); deleted. */
  stale: number;
  /** Entries that failed (listed in `failures`, at most 50). */
  failed: number;
  failures: SlaSweepFailure[];
  /** Age in seconds of the oldest overdue entry this run found (0 when none): how far behind the sweep is. */
  lagSeconds: number;
  /** False when the time budget ran out first; the next run picks up where this one stopped. */
  complete: boolean;
}

export const SLA_SWEEP_ACTOR: Actor = { kind: "system", id: "sla-sweep", name: "SLA sweep" };

/**
 * Finds hand-offs not accepted in time, accepted leads with no outcome in time and agreed
 * follow-ups not made in time, oldest deadline first, and records each breach on the lead's
 * timeline (`lead.sla_breached`, applying the configured action) and each overdue follow-up
 * (`lead.follow_up_overdue`). Safe to run repeatedly and concurrently: a breach is one
 * version-checked transaction that also deletes the queue entry, so overlapping runs that
 * read the same entry record it once (the loser re-reads, sees the breach, and stops).
 */
export async function runSlaSweep(deps: SlaSweepDeps): Promise<SlaSweepResult> {
  const timer = deps.timer ?? monotonicTimer;
  const started = timer();
  const budgetMs = deps.budgetMs ?? 50_000;
  const outOfTime = () => timer() - started >= budgetMs;
  const pageSize = deps.pageSize ?? 50;
  const concurrency = deps.concurrency ?? 8;
  const now = deps.clock.now().toISOString();
  const result: SlaSweepResult = {
    at: now,
    due: 0,
    breached: 0,
    returnedToMarketing: 0,
    followUpsOverdue: 0,
    stale: 0,
    failed: 0,
    failures: [],
    lagSeconds: 0,
    complete: true,
  };
  const actor: Actor = deps.correlationId
    ? { ...SLA_SWEEP_ACTOR, correlationId: deps.correlationId }
    : SLA_SWEEP_ACTOR;

  // One bad lead must not stop the sweep: its entry stays queued and the next run retries it.
  // A store that does not answer ends the run (every other entry would fail the same way).
  function failed(entry: SlaEntry, error: unknown) {
    if (error instanceof StoreUnavailableError) throw error;
    result.failed++;
    if (result.failures.length < 50)
      result.failures.push({
        leadId: entry.leadId,
        kind: entry.kind,
        error: error instanceof Error ? error.message : String(error),
      });
  }

  async function handle(entry: SlaEntry) {
    result.due++;
    let outcome = "stale" as BreachDecision["kind"];
    let recorded = 0;
    try {
      const { changed } = await mutateLead(deps, entry.leadId, { actor }, (lead, at) => {
        const decision =
          entry.kind === "follow_up"
            ? decideFollowUpDue(lead, entry, at)
            : decideBreach(lead, entry, deps.slaPolicy[entry.kind] ?? "flag", { at });
        outcome = decision.kind;
        recorded = decision.kind === "breach" ? decision.decision.events.length : 0;
        return decision.kind === "breach" ? decision.decision : null;
      });
      if (outcome === "breach" && changed && entry.kind === "follow_up") result.followUpsOverdue += recorded;
      else if (outcome === "breach" && changed) {
        result.breached++;
        if (deps.slaPolicy[entry.kind as SlaKind] === "return_to_marketing") result.returnedToMarketing++;
      }
    } catch (error) {
      if (!(error instanceof NotFoundError)) return failed(entry, error);
    }
    if (outcome === "stale") {
      try {
        await deps.slaQueue.removeStale(entry);
        result.stale++;
      } catch (error) {
        failed(entry, error);
      }
    }
  }

  let after: string | undefined;
  for (;;) {
    if (outOfTime()) {
      result.complete = false;
      break;
    }
    const page = await deps.slaQueue.due(now, pageSize, after);
    // Oldest deadline first: the first entry of the first page is the most overdue.
    if (after === undefined && page.items[0])
      result.lagSeconds = Math.max(0, Math.floor((Date.parse(now) - Date.parse(page.items[0].dueAt)) / 1000));
    for (let i = 0; i < page.items.length; i += concurrency) {
      if (outOfTime()) {
        result.complete = false;
        return result;
      }
      await Promise.all(page.items.slice(i, i + concurrency).map(handle));
    }
    if (!page.lastSortKey) break;
    after = page.lastSortKey;
  }
  return result;
}
