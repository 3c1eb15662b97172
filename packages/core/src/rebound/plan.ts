import { addIsoDuration } from "../kernel/duration";
import { ValidationError } from "../kernel/errors";
import type { Effect, EventDraft } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { PendingRebound, ReboundEntry, ReboundState } from "../lead/records";
import type { ReboundCancelCause, ReboundOrigin, ReboundReason } from "../lead/vocabulary";
import { delaysFor, type ReboundPolicy } from "./policy";

export interface PlanInput {
  lead: Lead;
  kind: ReboundOrigin;
  reason: ReboundReason;
  /** Per-lead override decided at the loss; replaces the policy's delays with one rebound. */
  override?: { reboundAfter?: string; reboundAt?: string };
  policy: Pick<ReboundPolicy, "default" | "reasons">;
  /** The loss time (ISO); delays count from here. */
  now: string;
}

export interface ReboundPlan {
  entries: ReboundEntry[];
  events: EventDraft[];
  effects: Effect[];
  /** The lead's new rebound bookkeeping: set `lead.rebound = plan.rebound` in the same decision. */
  rebound: ReboundState;
}

/**
 * What a loss or a disqualification schedules (pure). One entry per delay of the policy for
 * the reason (or the per-lead override), none without marketing consent or for a permanent
 * reason ("never"). Rebounds still pending from an earlier outcome are cancelled
 * ("superseded") in the same change: a lead has one loss story at a time.
 */
export function planRebound(input: PlanInput): ReboundPlan {
  const { lead, kind, reason, override, policy, now } = input;
  const previous = lead.rebound ?? { cycles: 0, pending: [] };
  // Permanent means permanent: an override must not resurface what the policy never does.
  if (override && (override.reboundAt || override.reboundAfter) && delaysFor(policy, reason).length === 0) {
    const field = override.reboundAt ? "reboundAt" : "reboundAfter";
    throw new ValidationError(
      `The rebound policy never resurfaces a lead closed for "${reason}"; ${field} cannot schedule a rebound for it.`,
      [
        {
          path: [field],
          message: `"${reason}" never rebounds under the rebound policy`,
          code: "permanent_reason",
        },
      ],
    );
  }
  const cancelled = cancelRebounds(lead, previous.pending, "superseded");
  const base = new Date(now);
  let dueTimes: string[];
  if (override?.reboundAt) dueTimes = [new Date(override.reboundAt).toISOString()];
  else if (override?.reboundAfter) dueTimes = [addIsoDuration(base, override.reboundAfter).toISOString()];
  else dueTimes = delaysFor(policy, reason).map((delay) => addIsoDuration(base, delay).toISOString());
  // Leads that did not opt in to marketing are never resurfaced into campaigns.
  if (lead.consent?.marketing !== true) dueTimes = [];
  const entries = dueTimes.map((dueAt, i) => ({
    leadId: lead.id,
    cycle: previous.cycles + i + 1,
    dueAt,
    from: kind,
    reason,
  }));
  const effects: Effect[] = [
    ...cancelled.effects,
    ...entries.map((entry): Effect => ({ type: "rebound.schedule", entry, scheduledAt: now })),
  ];
  const events: EventDraft[] = [
    ...cancelled.events,
    ...entries.map((e) => ({
      type: "lead.rebound_scheduled",
      data: { dueAt: e.dueAt, cycle: e.cycle, from: e.from, reason: e.reason },
    })),
  ];
  const rebound: ReboundState = {
    cycles: previous.cycles + entries.length,
    pending: entries.map(({ cycle, dueAt, from, reason: r }) => ({ cycle, dueAt, from, reason: r })),
    ...(previous.last ? { last: previous.last } : {}),
  };
  return { entries, events, effects, rebound };
}

/**
 * Cancels pending rebounds (pure): deletes their entry items in the caller's transaction
 * (`rebound.cancel`) and explains each with `lead.rebound_cancelled`. The caller clears
 * `lead.rebound.pending`.
 */
export function cancelRebounds(
  lead: Pick<Lead, "id">,
  pending: PendingRebound[],
  cause: ReboundCancelCause,
): { events: EventDraft[]; effects: Effect[] } {
  return {
    events: pending.map((p) => ({
      type: "lead.rebound_cancelled",
      data: { dueAt: p.dueAt, cycle: p.cycle, cause },
    })),
    effects: pending.map((p): Effect => ({ type: "rebound.cancel", leadId: lead.id, cycle: p.cycle })),
  };
}

/** The lead with no pending rebound left (bookkeeping kept for the next cycle number). */
export function withoutPending(lead: Lead): Lead {
  if (!lead.rebound?.pending.length) return lead;
  return { ...lead, rebound: { ...lead.rebound, pending: [] } };
}
