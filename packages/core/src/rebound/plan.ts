import { addIsoDuration } from "../kernel/duration";
import type { EventDraft } from "../lead/context";
import type { Lead } from "../lead/lead";
import type { PendingRebound, ReboundEntry, ReboundState } from "../lead/records";
import type { ReboundCancelCause, ReboundOrigin, ReboundReason } from "../lead/vocabulary";
import { keys, reboundDueKeys } from "../store/keys";
import type { LeadChange } from "../store/leads";
import { delaysFor, type ReboundPolicy } from "./policy";

type Extra = NonNullable<LeadChange["extra"]>;

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
  extra: Extra;
  /** The lead's new rebound bookkeeping: set `lead.rebound = plan.rebound` in the same decision. */
  rebound: ReboundState;
}

/** The DynamoDB item of an entry. Actions in `extra` name no table: LeadStore.commit fills in its own. */
export function entryItem(entry: ReboundEntry, scheduledAt: string): Record<string, unknown> {
  return {
    ...keys.reboundEntry(entry.leadId, entry.cycle),
    ...reboundDueKeys(entry.leadId, entry.cycle, entry.dueAt),
    entity: "rebound_entry",
    ...entry,
    scheduledAt,
  };
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
  const extra: Extra = [
    ...cancelled.extra,
    ...entries.map((entry) => ({
      label: "rebound_entry_exists",
      action: { Put: { Item: entryItem(entry, now), ConditionExpression: "attribute_not_exists(pk)" } },
    })),
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
  return { entries, events, extra, rebound };
}

/**
 * Cancels pending rebounds (pure): deletes their entry items in the caller's transaction and
 * explains each with `lead.rebound_cancelled`. The caller clears `lead.rebound.pending`.
 * No condition on the deletes: the lead's version check already guarantees that no sweep
 * resurfaced the lead in between (a sweep changes the lead in the same transaction).
 */
export function cancelRebounds(
  lead: Pick<Lead, "id">,
  pending: PendingRebound[],
  cause: ReboundCancelCause,
): { events: EventDraft[]; extra: Extra } {
  return {
    events: pending.map((p) => ({
      type: "lead.rebound_cancelled",
      data: { dueAt: p.dueAt, cycle: p.cycle, cause },
    })),
    extra: pending.map((p) => ({
      label: "rebound_entry_delete",
      action: { Delete: { Key: keys.reboundEntry(lead.id, p.cycle) } },
    })),
  };
}

/** The lead with no pending rebound left (bookkeeping kept for the next cycle number). */
export function withoutPending(lead: Lead): Lead {
  if (!lead.rebound?.pending.length) return lead;
  return { ...lead, rebound: { ...lead.rebound, pending: [] } };
}
