import { addIsoDuration } from "../kernel/duration";
import { IllegalTransitionError, NotSalesReadyError } from "../kernel/errors";
import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import { allowedMoves, assertIn, assertMove, salesStatuses } from "../lead/lifecycle";
import type { HandoffRecord } from "../lead/records";
import type { RejectCategory } from "../lead/vocabulary";
import type { SalesReadyPolicy } from "../qualification/policy";
import { defineLeadAction } from "./action";
import { followUpClock, followUpPlan } from "./cadence";
import { assertActsForOwner, type DecideContext, moved } from "./context";
import { type HandOffInput, handOffInputSchema, rejectInputSchema } from "./schema";

/**
 * A new hand-off record to `repId` under the policy in force: its acceptance deadline, outcome
 * term and follow-up cadence (a first hand-off and a reassignment open one alike).
 */
export function openHandoff(
  id: string,
  repId: string,
  policy: SalesReadyPolicy,
  ctx: DecideContext,
  override?: { reason: string },
): HandoffRecord {
  return {
    id,
    repId,
    at: ctx.at,
    by: ctx.acting.actor.id,
    policyVersion: policy.version,
    ...(override ? { override } : {}),
    acceptDueAt: addIsoDuration(new Date(ctx.at), policy.sla.accept).toISOString(),
    outcomeAfter: policy.sla.outcome,
    ...(policy.sla.followUps.length ? { followUpCadence: policy.sla.followUps } : {}),
    breaches: [],
  };
}

/**
 * Hands a lead to a named rep (pure). A sales-ready lead goes as is; any other lead the
 * lifecycle lets through needs `override.reason`, which is stored on the hand-off and in the
 * event so overrides can be reported. Starts the acceptance clock from the policy's SLA.
 */
export function decideHandOff(
  lead: Lead,
  input: HandOffInput,
  policy: SalesReadyPolicy,
  handoffId: string,
  ctx: DecideContext,
): Decision {
  // Order matters for the answer: a lead already with sales is an illegal move (409 with
  // allowed moves), a marketing lead that merely fails the policy asks for an override.
  // A lead already with a rep changes hands only by a manager's reassignment (the lifecycle's
  // accepted → handed_off edge is that move, not a second hand-off).
  if (salesStatuses.includes(lead.status))
    throw new IllegalTransitionError(
      lead.status,
      "handed_off",
      allowedMoves(lead.status).filter((s) => s !== "handed_off"),
      `The lead is already ${lead.status} with ${lead.ownerId ?? "a rep"}: a manager reassigns it (POST …/reassign) instead of a new hand-off.`,
    );
  assertMove(lead.status, "handed_off");
  const salesReady = lead.status === "sales_ready";
  if (!salesReady && !input.override) {
    throw new NotSalesReadyError(
      `The lead is ${lead.status}, not sales_ready: hand it off with override.reason, or improve its signals.`,
      {
        status: lead.status,
        reasons: lead.qualification?.reasons ?? ["not evaluated yet"],
      },
    );
  }
  const override = salesReady ? undefined : input.override;
  const handoff = openHandoff(handoffId, input.repId, policy, ctx, override && { reason: override.reason });
  const { acceptDueAt } = handoff;
  const next: Lead = { ...moved(lead, "handed_off", ctx.at), ownerId: input.repId, handoff };
  return {
    lead: next,
    events: [
      {
        type: "lead.handed_off",
        data: {
          handoffId,
          repId: input.repId,
          notes: input.notes,
          acceptDueAt,
          from: lead.status,
          verdict: lead.qualification
            ? {
                policyVersion: lead.qualification.policyVersion,
                passed: lead.qualification.passed,
                reasons: lead.qualification.reasons,
              }
            : null,
          ...(override ? { override: { reason: override.reason } } : {}),
        },
        ...(override ? { why: override.reason } : {}),
      },
    ],
    effects: [{ type: "sla.open", leadId: lead.id, kind: "accept", dueAt: acceptDueAt, handoffId }],
  };
}

/**
 * The named rep accepts (pure): stops the acceptance clock and starts the outcome clock, and
 * the agreed follow-up cadence (its first window's clock), both counted from now.
 */
export function decideAccept(lead: Lead, ctx: DecideContext): Decision {
  assertMove(lead.status, "accepted");
  assertActsForOwner(lead, ctx.acting, "accept this hand-off");
  const handoff = lead.handoff!;
  const outcomeDueAt = addIsoDuration(new Date(ctx.at), handoff.outcomeAfter).toISOString();
  const followUps = followUpPlan(ctx.at, handoff.followUpCadence ?? []);
  const accepted = {
    ...handoff,
    acceptedAt: ctx.at,
    outcomeDueAt,
    ...(followUps.length ? { followUps } : {}),
  };
  const next: Lead = { ...moved(lead, "accepted", ctx.at), handoff: accepted };
  return {
    lead: next,
    events: [
      {
        type: "lead.accepted",
        data: {
          handoffId: handoff.id,
          repId: handoff.repId,
          outcomeDueAt,
          late: ctx.at > handoff.acceptDueAt,
          ...(followUps.length ? { followUpsDue: followUps.map((p) => p.dueAt) } : {}),
        },
      },
    ],
    effects: [
      { type: "sla.close", leadId: lead.id, kind: "accept" },
      { type: "sla.open", leadId: lead.id, kind: "outcome", dueAt: outcomeDueAt, handoffId: handoff.id },
      ...(followUps.length ? [followUpClock(lead.id, accepted)] : []),
    ],
  };
}

/** The named rep rejects with a reason (pure): the lead goes back to marketing's nurturing, unowned. */
export function decideReject(
  lead: Lead,
  reason: string,
  ctx: DecideContext,
  category?: RejectCategory,
): Decision {
  assertIn(lead.status, ["handed_off"], "reject the hand-off of");
  assertActsForOwner(lead, ctx.acting, "reject this hand-off");
  const handoff = lead.handoff!;
  const next: Lead = {
    ...moved(lead, "nurturing", ctx.at),
    handoff: {
      ...handoff,
      rejectedAt: ctx.at,
      rejectReason: reason,
      ...(category ? { rejectCategory: category } : {}),
    },
  };
  delete next.ownerId;
  return {
    lead: next,
    events: [
      {
        type: "lead.rejected",
        data: { handoffId: handoff.id, repId: handoff.repId, reason, ...(category ? { category } : {}) },
        why: reason,
      },
    ],
    effects: [{ type: "sla.close", leadId: lead.id, kind: "accept" }],
  };
}

/** POST …/handoff: needs the policy in force (its SLA) and a hand-off id that survives retries. */
export const handOffAction = defineLeadAction({
  name: "handOff",
  input: handOffInputSchema,
  invalid: "The hand-off is not valid.",
  needs: { salesPolicy: true, newId: true },
  decide: (lead, input, ctx) => decideHandOff(lead, input, ctx.salesPolicy, ctx.newId, ctx),
});

/** POST …/accept (no body). */
export const acceptAction = defineLeadAction({
  name: "accept",
  needs: {},
  decide: (lead, _input, ctx) => decideAccept(lead, ctx),
});

/** POST …/reject. */
export const rejectAction = defineLeadAction({
  name: "reject",
  input: rejectInputSchema,
  invalid: "The rejection is not valid.",
  needs: {},
  decide: (lead, input, ctx) => decideReject(lead, input.reason, ctx, input.category),
});
