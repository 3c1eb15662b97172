import type { Effect, EventDraft } from "../lead/decision";
import type { Lead } from "../lead/lead";
import { cancelRebounds, withoutPending } from "./plan";

/** True when this change takes marketing consent away (granted or unknown before, withdrawn after). */
export function withdrawsConsent(before: Lead, after: Lead): boolean {
  return before.consent?.marketing !== false && after.consent?.marketing === false;
}

/**
 * Removes every segment membership the lead may have (pure). Memberships are one per cycle
 * that resurfaced, and cycles are numbered from 1 up to the last one resurfaced; deleting an
 * absent membership is a no-op, so every number up to it is listed rather than tracking which
 * ones are still there.
 */
export function segmentRemovals(lead: Pick<Lead, "id" | "rebound">): Effect[] {
  const last = lead.rebound?.last?.cycle ?? 0;
  return Array.from(
    { length: last },
    (_, i): Effect => ({ type: "segment.remove", leadId: lead.id, cycle: i + 1 }),
  );
}

/**
 * What withdrawing marketing consent does besides recording it (pure): the lead leaves every
 * rebound segment and its pending rebounds are cancelled, in the same transaction as the
 * withdrawal, so no campaign pull can see it in between. Nothing happens for other changes.
 */
export function onConsentWithdrawal(
  before: Lead,
  after: Lead,
): { lead: Lead; events: EventDraft[]; effects: Effect[] } {
  if (!withdrawsConsent(before, after)) return { lead: after, events: [], effects: [] };
  const pending = before.rebound?.pending ?? [];
  const cancelled = cancelRebounds(before, pending, "consent_withdrawn");
  return {
    lead: withoutPending(after),
    events: cancelled.events,
    effects: [...cancelled.effects, ...segmentRemovals(before)],
  };
}
