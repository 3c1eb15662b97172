import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { ReboundOrigin, ReboundReason } from "../lead/vocabulary";
import { cancelRebounds, planRebound, withoutPending } from "./plan";
import type { ReboundPolicy } from "./policy";

export interface Closing {
  kind: ReboundOrigin;
  reason: ReboundReason;
  competitor?: string | undefined;
  note?: string | undefined;
  /** Per-lead override decided at the loss. */
  reboundAfter?: string | undefined;
  reboundAt?: string | undefined;
}

/**
 * A lost or qualified-out decision, with its rebounds scheduled in the same transaction
 * (pure): the lead keeps why and when it closed (what rebound segments show), gets one due
 * entry per delay of the policy (or the override), and any rebound still pending from an
 * earlier outcome is superseded.
 */
export function withReboundPlan(
  decision: Decision,
  before: Lead,
  closing: Closing,
  policy: Pick<ReboundPolicy, "default" | "reasons">,
  at: string,
): Decision {
  const override = closing.reboundAt
    ? { reboundAt: closing.reboundAt }
    : closing.reboundAfter
      ? { reboundAfter: closing.reboundAfter }
      : undefined;
  const plan = planRebound({
    lead: before,
    kind: closing.kind,
    reason: closing.reason,
    policy,
    now: at,
    ...(override ? { override } : {}),
  });
  const closed = {
    kind: closing.kind,
    reason: closing.reason,
    ...(closing.competitor ? { competitor: closing.competitor } : {}),
    ...(closing.note ? { note: closing.note } : {}),
    at,
  };
  return {
    ...decision,
    lead: { ...decision.lead, closed, rebound: plan.rebound },
    events: [...decision.events, ...plan.events],
    effects: [...(decision.effects ?? []), ...plan.effects],
  };
}

/** Any other outcome (won, recycled) supersedes rebounds still pending from an earlier loss (pure). */
export function withReboundsCancelled(decision: Decision, before: Lead): Decision {
  const pending = before.rebound?.pending ?? [];
  if (pending.length === 0) return decision;
  const cancelled = cancelRebounds(before, pending, "superseded");
  return {
    ...decision,
    lead: withoutPending(decision.lead),
    events: [...decision.events, ...cancelled.events],
    effects: [...(decision.effects ?? []), ...cancelled.effects],
  };
}
