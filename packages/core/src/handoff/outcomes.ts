import { ValidationError } from "../kernel/errors";
import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import { assertMove, salesStatuses } from "../lead/lifecycle";
import type { OutcomeRecord } from "../lead/records";
import type { LeadStatus } from "../lead/status";
import { withReboundPlan, withReboundsCancelled } from "../rebound/outcomes";
import { defineLeadAction } from "./action";
import { addHours, assertActsForOwner, type DecideContext, moved, utc } from "./context";
import {
  type LostInput,
  lostInputSchema,
  type QualifyOutInput,
  qualifyOutInputSchema,
  recycleInputSchema,
  type WonInput,
  wonInputSchema,
} from "./schema";
import { closeRunningSla } from "./sla";

/*
 * Outcomes are pure decisions returning a `Decision`, so a later module (rebound scheduling)
 * can wrap them and append its own effects to the same write.
 */

/**
 * The lead with its outcome recorded, after a lifecycle-checked move. The rep stays as owner
 * of a won or recycled lead: the outcome is theirs to account for (events and the outcome
 * record name them either way).
 */
function withOutcome(
  lead: Lead,
  to: LeadStatus,
  outcome: Omit<OutcomeRecord, "at" | "by">,
  ctx: DecideContext,
): Lead {
  return {
    ...moved(lead, to, ctx.at),
    outcome: { ...outcome, at: ctx.at, by: ctx.acting.actor.id } as OutcomeRecord,
  };
}

/** Hand-off context for outcome events, so reports can attribute outcomes to reps and hand-offs. */
function handoffRef(lead: Lead) {
  return lead.handoff && salesStatuses.includes(lead.status)
    ? { handoffId: lead.handoff.id, repId: lead.handoff.repId }
    : {};
}

function salesOutcome(lead: Lead, to: LeadStatus, ctx: DecideContext, action: string): void {
  assertMove(lead.status, to);
  assertActsForOwner(lead, ctx.acting, action);
}

/** Won: a sale or an introductory order (pure). Terminal. */
export function decideWon(lead: Lead, input: WonInput, ctx: DecideContext): Decision {
  salesOutcome(lead, "won", ctx, "record this lead as won");
  const details = {
    kind: input.kind,
    ...(input.value !== undefined ? { value: input.value } : {}),
    ...(input.currency ? { currency: input.currency } : {}),
  };
  return {
    lead: withOutcome(lead, "won", { type: "won", ...details }, ctx),
    events: [{ type: "lead.won", data: { ...details, ...handoffRef(lead) } }],
    effects: closeRunningSla(lead),
  };
}

/**
 * A lost lead goes back to marketing, for rebound campaigns: it leaves its rep, who is kept
 * as `suggestedRepId` (the hint for a later hand-off, as for a lead that comes back by itself).
 * The outcome record and the `lead.lost` event still name the rep and the hand-off.
 */
function leftRep(lead: Lead): Lead {
  if (!lead.ownerId) return lead;
  const { ownerId, ...rest } = lead;
  return { ...rest, suggestedRepId: ownerId };
}

/** Lost, with a reason from the taxonomy, the competitor and a note (pure). */
export function decideLost(lead: Lead, input: LostInput, ctx: DecideContext): Decision {
  salesOutcome(lead, "lost", ctx, "record this lead as lost");
  const details = {
    reason: input.reason,
    ...(input.competitor ? { competitor: input.competitor } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
  return {
    lead: leftRep(withOutcome(lead, "lost", { type: "lost", ...details }, ctx)),
    events: [
      {
        type: "lead.lost",
        data: { ...details, from: lead.status, ...handoffRef(lead) },
        ...(input.note ? { why: input.note } : {}),
      },
    ],
    effects: closeRunningSla(lead),
  };
}

/** Delayed decision: back to marketing's nurture with the agreed follow-up date (pure). */
export function decideRecycle(
  lead: Lead,
  input: { followUpAt: string; reason: string },
  ctx: DecideContext,
): Decision {
  salesOutcome(lead, "recycled", ctx, "recycle this lead");
  const followUpAt = utc(input.followUpAt);
  if (followUpAt <= ctx.at || followUpAt > addHours(ctx.at, 24 * 366 * 2)) {
    throw new ValidationError("The follow-up date must be in the future, within two years.", [
      { path: ["followUpAt"], message: "must be in the future, within two years", code: "out_of_range" },
    ]);
  }
  return {
    lead: withOutcome(lead, "recycled", { type: "recycled", reason: input.reason, followUpAt }, ctx),
    events: [
      {
        type: "lead.recycled",
        data: { reason: input.reason, followUpAt, ...handoffRef(lead) },
        why: input.reason,
      },
    ],
    effects: closeRunningSla(lead),
  };
}

/** Qualified out by marketing or sales, with a reason from the taxonomy (pure). Only from marketing's statuses: a hand-off is rejected or lost instead. */
export function decideQualifyOut(lead: Lead, input: QualifyOutInput, ctx: DecideContext): Decision {
  assertMove(lead.status, "qualified_out");
  const details = { reason: input.reason, ...(input.note ? { note: input.note } : {}) };
  return {
    lead: withOutcome(lead, "qualified_out", { type: "qualified_out", ...details }, ctx),
    events: [
      {
        type: "lead.qualified_out",
        data: { ...details, from: lead.status },
        ...(input.note ? { why: input.note } : {}),
      },
    ],
    effects: closeRunningSla(lead),
  };
}

/** POST …/won: a win supersedes rebounds still pending from an earlier loss. */
export const wonAction = defineLeadAction({
  name: "recordWon",
  input: wonInputSchema,
  invalid: "The won outcome is not valid.",
  needs: {},
  decide: (lead, input, ctx) => withReboundsCancelled(decideWon(lead, input, ctx), lead),
});

/** POST …/recycle: so does a delayed decision. */
export const recycleAction = defineLeadAction({
  name: "recycleLead",
  input: recycleInputSchema,
  invalid: "The recycle request is not valid.",
  needs: {},
  decide: (lead, input, ctx) => withReboundsCancelled(decideRecycle(lead, input, ctx), lead),
});

/** POST …/lost: the loss schedules its rebounds (rebound/plan.ts) in the same transaction. */
export const lostAction = defineLeadAction({
  name: "recordLost",
  input: lostInputSchema,
  invalid: "The lost outcome is not valid.",
  needs: { reboundPolicy: true },
  decide: (lead, input, ctx) =>
    withReboundPlan(
      decideLost(lead, input, ctx),
      lead,
      { kind: "lost", ...input },
      ctx.reboundPolicy,
      ctx.at,
    ),
});

/** POST …/qualify-out: likewise, with the qualified-out taxonomy. */
export const qualifyOutAction = defineLeadAction({
  name: "qualifyOutLead",
  input: qualifyOutInputSchema,
  invalid: "The qualify-out request is not valid.",
  needs: { reboundPolicy: true },
  decide: (lead, input, ctx) =>
    withReboundPlan(
      decideQualifyOut(lead, input, ctx),
      lead,
      { kind: "qualified_out", ...input },
      ctx.reboundPolicy,
      ctx.at,
    ),
});
