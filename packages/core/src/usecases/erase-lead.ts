import type { Actor } from "../events/envelope";
import { redactEvent } from "../events/redaction";
import { NotFoundError } from "../kernel/errors";
import { normalizeEmail } from "../lead/email";
import type { Lead } from "../lead/lead";
import type { ErasureStore, SuppressionList } from "../ports/erasure";
import { decideErasure } from "../privacy/erasure";
import { suppressionHash } from "../privacy/suppression";
import type { LeadDeps } from "./context";
import { mutateLead } from "./mutate";

/** The suppression list and the secret its hashes are keyed with (read at run time: Secrets Manager in AWS). */
export interface Suppression {
  secret: () => string;
  list: SuppressionList;
}

export interface EraseDeps extends LeadDeps {
  erasure: ErasureStore;
  suppression: Suppression;
}

export interface ErasureReceipt {
  leadId: string;
  /** When the erasure started (the lead was anonymised and `lead.erased` recorded). */
  erasedAt: string;
  /** When every copy was cleaned. */
  completedAt: string;
  /** Timeline events rewritten to their anonymous form by this call (0 when a previous call did it). */
  eventsRedacted: number;
  /** Stored responses about the lead deleted by this call. */
  responsesDeleted: number;
}

/**
 * Erases a person's data from every copy (GDPR Art. 17), in steps that can each be repeated:
 *
 * 1. one transaction: the anonymous lead (`erasure.at` set), `lead.erased`, and what hangs off
 *    the lead by key — email item, segment memberships, pending rebounds, SLA clock — with the
 *    address's keyed hash put on the suppression list (privacy/erasure.ts);
 * 2. the timeline rewritten to its anonymous form (events/redaction.ts), in batches;
 * 3. the stored responses about the lead (idempotency records) deleted;
 * 4. `erasure.done` set.
 *
 * A crash between steps leaves `erasure.at` without `done`; calling again skips step 1 and
 * finishes the rest. Calling it on an erased lead answers the same, and writes nothing new.
 * Downstream copies (the event bus's consumers, the local event sink) act on `lead.erased`.
 */
export async function eraseLead(deps: EraseDeps, leadId: string, actor: Actor): Promise<ErasureReceipt> {
  let lead: Lead | undefined = await deps.leads.get(leadId);
  if (!lead) throw new NotFoundError(`No lead with id ${leadId}.`, { leadId });
  if (!lead.erasure) {
    ({ lead } = await mutateLead(deps, leadId, { actor, erasing: true }, (current, at) =>
      // A concurrent erase got there first: nothing to decide, finish its work below.
      current.erasure
        ? null
        : decideErasure(
            current,
            at,
            suppressionHash(deps.suppression.secret(), normalizeEmail(current.email)),
          ),
    ));
  }
  const started = lead.erasure!;
  if (started.done)
    return {
      leadId,
      erasedAt: started.at,
      completedAt: started.done,
      eventsRedacted: 0,
      responsesDeleted: 0,
    };
  const eventsRedacted = await deps.erasure.redactTimeline(leadId, redactEvent);
  const responsesDeleted = await deps.erasure.forgetResponses(leadId);
  const { lead: finished } = await mutateLead(deps, leadId, { actor, erasing: true }, (current, at) =>
    current.erasure?.done
      ? null
      : {
          lead: {
            ...current,
            erasure: { at: current.erasure!.at, done: at },
            updatedAt: at,
            version: current.version + 1,
          },
          events: [],
        },
  );
  return {
    leadId,
    erasedAt: finished.erasure!.at,
    completedAt: finished.erasure!.done!,
    eventsRedacted,
    responsesDeleted,
  };
}
