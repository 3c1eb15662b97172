import type { Actor } from "../events/envelope";
import { AGAIN, retry, retryLimits } from "../kernel";
import {
  ContentionError,
  isTransientStoreError,
  NotFoundError,
  VersionMismatchError,
  WriteConflict,
} from "../kernel/errors";
import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { LeadChange } from "../ports/leads";
import { type LeadDeps, toEvents } from "./context";

export interface MutateOptions {
  actor: Actor;
  /** The version the caller last saw (If-Match). With it, a concurrent change is a 412, not a retry. */
  ifMatch?: number;
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
): Promise<{ lead: Lead; changed: boolean }> {
  return retry(
    retryLimits.leadWrite,
    {
      retryable: isTransientStoreError,
      sleep: deps.sleep,
      random: deps.random,
      exhausted: () => {
        throw new ContentionError(`Lead ${leadId} is changing too fast; retry shortly.`, { leadId });
      },
    },
    async () => {
      const current = await deps.leads.get(leadId);
      if (!current) throw new NotFoundError(`No lead with id ${leadId}.`, { leadId });
      if (options.ifMatch !== undefined && current.version !== options.ifMatch)
        throw new VersionMismatchError(options.ifMatch, current.version);
      const now = deps.clock.now();
      const at = now.toISOString();
      const decision = decide(current, at);
      if (!decision) return { lead: current, changed: false };
      const change: LeadChange = {
        lead: decision.lead,
        expectedVersion: current.version,
        events: toEvents(deps, decision.lead, decision.events, options.actor, at),
        ...(decision.previousEmail !== undefined ? { previousEmail: decision.previousEmail } : {}),
        ...(decision.effects?.length ? { effects: decision.effects } : {}),
      };
      try {
        await deps.leads.commit(change, now);
        return { lead: decision.lead, changed: true };
      } catch (error) {
        if (!(error instanceof WriteConflict) || error.reason !== "version_changed") throw error;
        if (options.ifMatch === undefined) return AGAIN;
        const latest = await deps.leads.get(leadId);
        throw new VersionMismatchError(options.ifMatch, latest?.version ?? current.version + 1);
      }
    },
  );
}
