import type { Actor } from "../events/envelope";
import { AGAIN, retry, retryLimits } from "../kernel";
import {
  ContentionError,
  ErasedError,
  NotFoundError,
  VersionMismatchError,
  WriteConflict,
} from "../kernel/errors";
import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { StoredResponse } from "../ports/idempotency";
import type { LeadChange } from "../ports/leads";
import { busyTracker } from "./busy";
import { type LeadDeps, recordChange } from "./context";
import {
  findReplay,
  type IdempotencyRequest,
  type Replayable,
  replayOrReject,
  storedResponse,
} from "./idempotency";

export interface MutateOptions {
  actor: Actor;
  /** The version the caller last saw (If-Match). With it, a concurrent change is a 412, not a retry. */
  ifMatch?: number;
  /** Only erasure itself changes an erased lead; everything else is refused (410). */
  erasing?: true;
}

export interface Mutation {
  lead: Lead;
  changed: boolean;
}

/**
 * Read → decide → conditional write, retried with jittered backoff when another writer got
 * there first. `decide` is pure domain logic; returning `null` means "nothing to change".
 * The version condition makes lost updates impossible; the retry makes contention invisible
 * to callers that did not pin a version. Real DynamoDB also cancels a transaction that races
 * another on the same item (TransactionConflict) and throttles; DynamoDB Local does neither.
 * Both are retried from the read, so a racing loser ends in the domain's answer (a 409 for a
 * second accept), never in a 500.
 */
export async function mutateLead(
  deps: LeadDeps,
  leadId: string,
  options: MutateOptions,
  decide: (lead: Lead, at: string) => Decision | null,
): Promise<Mutation> {
  const answer = await mutateLeadIdempotent(deps, leadId, options, decide);
  // Without an Idempotency-Key there is nothing to replay.
  return (answer as Extract<typeof answer, { kind: "done" }>).result;
}

/**
 * mutateLead with an Idempotency-Key: the response is stored in the change's own
 * transaction, so a retry replays it (before If-Match is checked: the first request already
 * changed the version, and before deciding: the decision may no longer be allowed) and
 * writes nothing, and a racing twin replays the winner's response. A decision of "nothing
 * to change" stores nothing.
 */
export async function mutateLeadIdempotent(
  deps: LeadDeps,
  leadId: string,
  options: MutateOptions,
  decide: (lead: Lead, at: string) => Decision | null,
  idempotency?: IdempotencyRequest<Lead>,
): Promise<Replayable<Mutation>> {
  const busy = busyTracker();
  return retry(
    retryLimits.leadWrite,
    {
      retryable: busy.retryable,
      sleep: deps.sleep,
      random: deps.random,
      exhausted: () =>
        busy.exhausted(
          () => new ContentionError(`Lead ${leadId} is changing too fast; retry shortly.`, { leadId }),
        ),
    },
    async () => {
      const now = deps.clock.now();
      const current = await deps.leads.get(leadId);
      // Looked up after the read: a twin that committed before it is found here; one that
      // commits after it makes this attempt's write fail on the record, and it replays then.
      const replay = idempotency && (await findReplay(deps, idempotency, now));
      if (replay) return replay;
      if (!current) throw new NotFoundError(`No lead with id ${leadId}.`, { leadId });
      if (current.erasure && !options.erasing)
        throw new ErasedError(`Lead ${leadId} was erased: it takes no further changes.`, { leadId });
      if (options.ifMatch !== undefined && current.version !== options.ifMatch)
        throw new VersionMismatchError(options.ifMatch, current.version);
      const at = now.toISOString();
      const decision = decide(current, at);
      if (!decision) return { kind: "done", result: { lead: current, changed: false } };
      const recorded = recordChange(deps, current, decision.lead, decision.events, options.actor, at);
      const response = idempotency ? storedResponse(idempotency, recorded.lead, at) : undefined;
      const change: LeadChange = {
        lead: recorded.lead,
        previous: current,
        events: recorded.events,
        ...(decision.previousEmail !== undefined ? { previousEmail: decision.previousEmail } : {}),
        ...(response ? { idempotency: response } : {}),
        ...(decision.effects?.length ? { effects: decision.effects } : {}),
      };
      try {
        await deps.leads.commit(change, now);
        const result = { lead: recorded.lead, changed: true };
        return response ? { kind: "done", result, response } : { kind: "done", result };
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        // A concurrent twin of this request won: answer exactly as it did.
        if (error.reason === "idempotency_key_used" && idempotency)
          return error.found ? replayOrReject(error.found as StoredResponse, idempotency) : AGAIN;
        if (error.reason !== "version_changed") throw error;
        busy.raced();
        if (options.ifMatch === undefined) return AGAIN;
        const latest = await deps.leads.get(leadId);
        throw new VersionMismatchError(options.ifMatch, latest?.version ?? current.version + 1);
      }
    },
  );
}
