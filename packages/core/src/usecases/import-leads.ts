import type { Actor } from "../events/envelope";
import { decideCapture } from "../intake/decide-capture";
import type { CandidateRow } from "../intake/import-file";
import { type CaptureGroup, planImport, type RowIssue } from "../intake/import-plan";
import { AGAIN, retry, retryLimits } from "../kernel";
import { monotonicTimer } from "../kernel/clock";
import { isTransientStoreError, StoreError, WriteConflict } from "../kernel/errors";
import { forEachLimit } from "../kernel/pool";
import type { Lead } from "../lead/lead";
import type { BulkReads } from "../ports/bulk";
import type { StoredResponse } from "../ports/idempotency";
import { suppressionHash } from "../privacy/suppression";
import { withoutSuppressedConsent } from "./capture";
import { type LeadDeps, recordChange } from "./context";
import type { Suppression } from "./erase-lead";
import { currentPolicy } from "./policies";

/** Namespace of the per-row idempotency records: not an API key id, so never a caller's key. */
export const IMPORT_ROW_NAMESPACE = "import:row";
/** How long a re-posted file replays instead of touching again. */
export const IMPORT_REPLAY_SECONDS = 30 * 24 * 60 * 60;

export type RowResult =
  | { row: number; line?: number; status: "created" | "touched"; leadId: string }
  | { row: number; line?: number; status: "merged"; mergedInto: number; leadId?: string }
  | { row: number; line?: number; status: "rejected"; errors: RowIssue[] }
  | { row: number; line?: number; status: "pending"; detail: string };

export interface ImportResult {
  rows: RowResult[];
  summary: {
    rows: number;
    created: number;
    touched: number;
    merged: number;
    rejected: number;
    pending: number;
    written: number;
    replayed: number;
  };
  /** False when some rows were not written (time budget, contention, store errors): re-post the same file to finish. */
  complete: boolean;
}

export interface ImportDeps extends LeadDeps {
  bulk: BulkReads;
  suppression: Suppression;
  /** Milliseconds since some fixed point; the time budget runs on it, not on domain time. */
  elapsed?: () => number;
}

export interface ImportRunOptions {
  actor: Actor;
  /** Stop starting writes after this long, so the answer beats API Gateway's 29 s. */
  budgetMs: number;
  /** Conditional writes in flight at once. */
  concurrency: number;
}

type Outcome =
  | { status: "created" | "touched"; leadId: string; replayed: boolean }
  | { status: "pending"; detail: string };

const outcomeOf = (record: StoredResponse): Outcome => {
  const body = record.body as { outcome: "created" | "touched"; leadId: string };
  return { status: body.outcome, leadId: body.leadId, replayed: true };
};

/**
 * Bulk capture: every row is validated on its own, a person's rows merge into one capture,
 * and each person is captured exactly as single capture does it (decideCapture, then one
 * LeadStore.commit transaction), with a per-row idempotency record in that transaction.
 * A row is written completely or not at all; a re-post replays written rows and writes the rest.
 */
export async function importLeads(
  deps: ImportDeps,
  candidates: CandidateRow[],
  options: ImportRunOptions,
): Promise<ImportResult> {
  const elapsed = deps.elapsed ?? monotonicTimer;
  const startedAt = elapsed();
  const overBudget = () => elapsed() - startedAt >= options.budgetMs;
  const plan = planImport(candidates);
  const outcomes = new Map<number, Outcome>();
  // One policy for the whole file: every row is judged by the same version.
  const policy = await currentPolicy(deps);

  // Replays first: one batch read finds every person this file already captured.
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const stored = await deps.bulk.idempotencyRecords(
    IMPORT_ROW_NAMESPACE,
    plan.groups.map((g) => g.key),
    nowSeconds,
  );
  const toWrite = plan.groups.filter((group) => {
    const record = stored.get(group.key);
    if (record) outcomes.set(group.row, outcomeOf(record));
    return !record;
  });

  // Then what single capture reads per lead, in batches: the email items and their leads.
  const leadIds = await deps.bulk.leadIdsByEmail(toWrite.map((g) => g.email));
  const leads = await deps.bulk.leads([...new Set(leadIds.values())]);
  const known = (group: CaptureGroup) => {
    const id = leadIds.get(group.email);
    return id ? leads.get(id) : undefined;
  };
  // Erased addresses (usecases/capture.ts, withoutSuppressedConsent): an import never gives
  // them consent back. One batch read, for the rows that offer consent.
  const hashOf = (group: CaptureGroup) => suppressionHash(deps.suppression.secret(), group.email);
  const offering = toWrite.filter((g) => g.input.consent?.marketing === true);
  const suppressed = offering.length ? await deps.suppression.list.which(offering.map(hashOf)) : new Set();

  async function capture(group: CaptureGroup): Promise<Outcome> {
    let current = known(group);
    return retry<Outcome>(
      retryLimits.importRow,
      {
        retryable: isTransientStoreError,
        // The import's time budget: a row not written by then is left for a re-post.
        stop: overBudget,
        sleep: deps.sleep,
        random: deps.random,
        exhausted: (why) =>
          why === "stopped"
            ? {
                status: "pending",
                detail: "not written within this request's time budget; re-post the same file to finish",
              }
            : {
                status: "pending",
                detail: "kept conflicting with concurrent writes; re-post the same file to retry",
              },
      },
      async () => {
        const now = deps.clock.now();
        const at = now.toISOString();
        const isSuppressed = group.input.consent?.marketing === true && suppressed.has(hashOf(group));
        const { result, drafts, effects } = decideCapture(
          current,
          isSuppressed ? withoutSuppressedConsent(group.input) : group.input,
          () => deps.ids.next(),
          at,
          policy,
          { suppressed: isSuppressed },
        );
        const record: StoredResponse = {
          principalId: IMPORT_ROW_NAMESPACE,
          key: group.key,
          fingerprint: group.key,
          status: result.outcome === "created" ? 201 : 200,
          body: { outcome: result.outcome, leadId: result.lead.id },
          createdAt: at,
          ttlSeconds: IMPORT_REPLAY_SECONDS,
        };
        const recorded = recordChange(deps, current, result.lead, drafts, options.actor, at);
        try {
          await deps.leads.commit(
            {
              lead: recorded.lead,
              previous: current ?? null,
              events: recorded.events,
              idempotency: record,
              ...(effects ? { effects } : {}),
            },
            now,
          );
          return { status: result.outcome, leadId: result.lead.id, replayed: false };
        } catch (error) {
          if (error instanceof WriteConflict) {
            // A concurrent post of the same file wrote this person first: answer as it did.
            if (error.reason === "idempotency_key_used" && error.found)
              return outcomeOf(error.found as StoredResponse);
            // A racing capture created or touched the lead: read it again, retry as a touch.
            current = await reread(group.email);
            return AGAIN;
          }
          // The store refused this row only (busy ones were retried above): leave it pending.
          // Anything else is a bug and fails the request.
          if (error instanceof StoreError && !isTransientStoreError(error))
            return {
              status: "pending",
              detail: `not written (${error.code}); re-post the same file to retry`,
            };
          throw error;
        }
      },
    );
  }

  async function reread(email: string): Promise<Lead | undefined> {
    const id = await deps.leads.leadIdByEmail(email);
    return id ? deps.leads.get(id) : undefined;
  }

  await forEachLimit(toWrite, options.concurrency, async (group) => {
    outcomes.set(
      group.row,
      overBudget()
        ? {
            status: "pending",
            detail: "not started within this request's time budget; re-post the same file to finish",
          }
        : await capture(group),
    );
  });

  return report(candidates, plan, outcomes);
}

function report(
  candidates: CandidateRow[],
  plan: ReturnType<typeof planImport>,
  outcomes: Map<number, Outcome>,
): ImportResult {
  const summary = {
    rows: candidates.length,
    created: 0,
    touched: 0,
    merged: 0,
    rejected: 0,
    pending: 0,
    written: 0,
    replayed: 0,
  };
  const rows = candidates.map(({ row }): RowResult => {
    const line = plan.lines.get(row);
    const at = line !== undefined ? { row, line } : { row };
    const issues = plan.rejected.get(row);
    if (issues) return { ...at, status: "rejected", errors: issues };
    const into = plan.mergedInto.get(row);
    if (into !== undefined) {
      const primary = outcomes.get(into);
      return {
        ...at,
        status: "merged",
        mergedInto: into,
        ...(primary && primary.status !== "pending" ? { leadId: primary.leadId } : {}),
      };
    }
    const outcome = outcomes.get(row)!;
    if (outcome.status === "pending") return { ...at, status: "pending", detail: outcome.detail };
    if (outcome.replayed) summary.replayed++;
    else summary.written++;
    return { ...at, status: outcome.status, leadId: outcome.leadId };
  });
  for (const r of rows) summary[r.status]++;
  return { rows, summary, complete: summary.pending === 0 };
}
