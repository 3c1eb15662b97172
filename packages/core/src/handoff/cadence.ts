import { addIsoDuration } from "../kernel/duration";
import type { Decision, Effect, EventDraft } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { FollowUpPoint, HandoffRecord } from "../lead/records";
import { bumped } from "./context";
import type { BreachDecision } from "./sla";

/*
 * The agreed follow-up cadence ("follow up repeatedly at agreed-upon intervals"): the policy
 * names durations after acceptance, e.g. [P2D, P7D, P14D]; each one closes a window,
 * (acceptance, +2d], (+2d, +7d], (+7d, +14d]. A follow-up made in an open window meets it;
 * a window that closes without one is recorded once by the SLA sweep as overdue. The SLA
 * queue's `follow_up` clock always points at the earliest window still open.
 */

/** The agreed follow-ups of a hand-off accepted at `acceptedAt`. */
export function followUpPlan(acceptedAt: string, cadence: readonly string[]): FollowUpPoint[] {
  return cadence.map((duration) => ({ dueAt: addIsoDuration(new Date(acceptedAt), duration).toISOString() }));
}

/** The follow-up clock after a change: at the earliest window still open, or stopped. */
export function followUpClock(leadId: string, handoff: HandoffRecord): Effect {
  const next = (handoff.followUps ?? []).find((p) => !p.settled);
  return next
    ? { type: "sla.open", leadId, kind: "follow_up", dueAt: next.dueAt, handoffId: handoff.id }
    : { type: "sla.close", leadId, kind: "follow_up" };
}

/**
 * The window a follow-up made at `at` meets, if it is still open: returns the hand-off with
 * that window settled, and which one (1-based) it was.
 */
export function meetFollowUp(
  handoff: HandoffRecord,
  at: string,
): { handoff: HandoffRecord; point: number; dueAt: string } | undefined {
  const points = handoff.followUps ?? [];
  if (!handoff.acceptedAt || at <= handoff.acceptedAt) return undefined;
  const index = points.findIndex((p) => at <= p.dueAt);
  const point = points[index];
  if (!point || point.settled) return undefined;
  const followUps = points.map((p, i) => (i === index ? { ...p, settled: "met" as const } : p));
  return { handoff: { ...handoff, followUps }, point: index + 1, dueAt: point.dueAt };
}

/**
 * What the follow-up clock's due entry means (pure): every window that closed without a
 * follow-up is recorded as overdue (`lead.follow_up_overdue`, once: it is settled on the
 * lead in the same transaction, so a second sweep finds nothing left to record), and the
 * clock moves to the next open window. Stale when the lead left the hand-off's acceptance.
 */
export function decideFollowUpDue(lead: Lead, entry: { handoffId: string }, at: string): BreachDecision {
  const handoff = lead.handoff;
  if (!handoff || handoff.id !== entry.handoffId || lead.status !== "accepted" || !handoff.followUps?.length)
    return { kind: "stale" };
  const due = handoff.followUps.filter((p) => !p.settled && p.dueAt < at);
  if (due.length === 0) return { kind: "not_due" };
  const followUps = handoff.followUps.map((p) =>
    !p.settled && p.dueAt < at ? { ...p, settled: "overdue" as const } : p,
  );
  const next: HandoffRecord = { ...handoff, followUps };
  const events: EventDraft[] = due.map((p) => ({
    type: "lead.follow_up_overdue",
    data: {
      handoffId: handoff.id,
      repId: handoff.repId,
      point: handoff.followUps!.indexOf(p) + 1,
      dueAt: p.dueAt,
    },
  }));
  const decision: Decision = {
    lead: { ...bumped(lead, at), handoff: next },
    events,
    effects: [followUpClock(lead.id, next)],
  };
  return { kind: "breach", decision };
}
