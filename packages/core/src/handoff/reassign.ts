import { ConflictError, ForbiddenError } from "../kernel/errors";
import type { Decision, Effect } from "../lead/decision";
import type { Lead } from "../lead/lead";
import { assertIn } from "../lead/lifecycle";
import type { SalesReadyPolicy } from "../qualification/policy";
import { defineLeadAction } from "./action";
import { type DecideContext, moved } from "./context";
import { openHandoff } from "./handoff";
import { type ReassignInput, reassignInputSchema } from "./schema";
import { closeRunningSla } from "./sla";

/**
 * A sales manager moves a hand-off to another rep (pure). It is a new hand-off: a new id, the
 * new rep's acceptance clock from the policy in force, and the lead back in `handed_off` when
 * the previous rep had accepted it, because accountability is personal: the new rep accepts
 * (or rejects) it themselves. The previous hand-off's open clocks stop (acceptance, outcome,
 * follow-up cadence: the new rep's cadence starts when they accept). Reps cannot reassign
 * (a rep would hand away what they do not want instead of rejecting it with a reason).
 */
export function decideReassign(
  lead: Lead,
  input: ReassignInput,
  policy: SalesReadyPolicy,
  handoffId: string,
  ctx: DecideContext,
): Decision {
  if (!ctx.acting.manager && !ctx.acting.anyRep)
    throw new ForbiddenError(
      "Only a sales manager (a sales key without a repId) or an admin reassigns a hand-off.",
      {
        leadId: lead.id,
      },
    );
  assertIn(lead.status, ["handed_off", "accepted"], "reassign");
  const previous = lead.handoff!;
  if (previous.repId === input.repId)
    throw new ConflictError(`The lead is already handed to ${input.repId}.`, {
      leadId: lead.id,
      repId: input.repId,
    });
  // Why the lead went to sales without meeting the policy still holds for the new rep.
  const handoff = openHandoff(handoffId, input.repId, policy, ctx, previous.override);
  const { acceptDueAt } = handoff;
  const base =
    lead.status === "accepted"
      ? moved(lead, "handed_off", ctx.at)
      : { ...lead, updatedAt: ctx.at, version: lead.version + 1 };
  const effects: Effect[] = [
    // An accepted lead's outcome clock and follow-up cadence stop; the new rep's start on acceptance.
    ...(lead.status === "accepted" ? closeRunningSla(lead) : []),
    // Replaces the previous rep's acceptance clock, if it was still running.
    { type: "sla.open", leadId: lead.id, kind: "accept", dueAt: acceptDueAt, handoffId },
  ];
  return {
    lead: { ...base, ownerId: input.repId, handoff },
    events: [
      {
        type: "lead.reassigned",
        data: {
          handoffId,
          previousHandoffId: previous.id,
          fromRepId: previous.repId,
          repId: input.repId,
          acceptDueAt,
          from: lead.status,
          ...(input.reason ? { reason: input.reason } : {}),
        },
        ...(input.reason ? { why: input.reason } : {}),
      },
    ],
    effects,
  };
}

/** POST …/reassign. */
export const reassignAction = defineLeadAction({
  name: "reassign",
  input: reassignInputSchema,
  invalid: "The reassignment is not valid.",
  needs: { salesPolicy: true, newId: true },
  decide: (lead, input, ctx) => decideReassign(lead, input, ctx.salesPolicy, ctx.newId, ctx),
});
