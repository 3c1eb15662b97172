import type { Effect, EventDraft } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { ReboundOrigin } from "../lead/vocabulary";
import { onConsentWithdrawal, segmentRemovals, withdrawsConsent } from "./consent";
import { cancelRebounds, withoutPending } from "./plan";

const dormant = new Set(["lost", "qualified_out", "rebounded"]);

/**
 * A capture of a known email, after the touch was applied (pure). When the lead was lost,
 * qualified out or already rebounded, it came back by itself: it is flagged as a returning
 * rebounder, re-enters qualification (`nurturing`) with the previous owner as a suggestion,
 * and its pending rebounds are cancelled in the same transaction. A capture that withdraws
 * marketing consent cancels pending rebounds and leaves every segment too, whatever the status.
 */
export function decideReturn(
  before: Lead,
  touched: Lead,
  at: string,
): { lead: Lead; events: EventDraft[]; effects: Effect[] } {
  const pending = before.rebound?.pending ?? [];
  const withdrew = withdrawsConsent(before, touched);
  if (!dormant.has(before.status)) return onConsentWithdrawal(before, touched);
  const from: ReboundOrigin =
    before.status === "rebounded" ? (before.closed?.kind ?? "lost") : (before.status as ReboundOrigin);
  const cancelled = cancelRebounds(before, pending, withdrew ? "consent_withdrawn" : "returned");
  const earliest = pending.map((p) => p.dueAt).sort()[0];
  const lead: Lead = {
    ...withoutPending(touched),
    status: "nurturing",
    returning: { at, from, count: (before.returning?.count ?? 0) + 1 },
  };
  if (before.ownerId) {
    lead.suggestedRepId = before.ownerId;
    delete lead.ownerId;
  }
  const returned: EventDraft = {
    type: "lead.returned",
    data: { source: touched.lastSource, from, ...(earliest ? { cancelledReboundDueAt: earliest } : {}) },
  };
  return {
    lead,
    events: [returned, ...cancelled.events],
    effects: [...cancelled.effects, ...(withdrew ? segmentRemovals(before) : [])],
  };
}

/** A PATCH that withdraws marketing consent: out of every segment, pending rebounds cancelled (pure). */
export const cancelOnConsentWithdrawal = onConsentWithdrawal;
