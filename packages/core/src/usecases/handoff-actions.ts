import {
  decideCloseAppointment,
  decideFollowUp,
  decideReschedule,
  decideSchedule,
} from "../handoff/activities";
import type { Acting, DecideContext } from "../handoff/context";
import { decideAccept, decideHandOff, decideReject } from "../handoff/handoff";
import { decideLost, decideQualifyOut, decideRecycle, decideWon } from "../handoff/outcomes";
import {
  appointmentInputSchema,
  closeAppointmentInputSchema,
  followUpInputSchema,
  handOffInputSchema,
  lostInputSchema,
  qualifyOutInputSchema,
  recycleInputSchema,
  rejectInputSchema,
  rescheduleInputSchema,
  wonInputSchema,
} from "../handoff/schema";
import { parseWith } from "../kernel/parse";
import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import { withReboundPlan, withReboundsCancelled } from "../rebound/outcomes";
import type { LeadDeps } from "./context";
import { mutateLead } from "./mutate";
import { currentPolicy, currentReboundPolicy, type ReboundPolicyDeps } from "./policies";

/** Lead services plus the rebound policy in force. */
export interface HandoffDeps extends LeadDeps {
  reboundPolicies: ReboundPolicyDeps["reboundPolicies"];
}

/**
 * Every hand-off action is the same shape: parse at the boundary, then read → pure decision
 * → one conditional transaction (mutateLead), retried on contention. With `ifMatch` the
 * caller pins the version it saw and gets 412 instead of a retry.
 */
async function act(
  deps: HandoffDeps,
  leadId: string,
  acting: Acting,
  ifMatch: number | undefined,
  decide: (lead: Lead, ctx: DecideContext) => Decision,
): Promise<Lead> {
  const options = ifMatch !== undefined ? { actor: acting.actor, ifMatch } : { actor: acting.actor };
  const { lead } = await mutateLead(deps, leadId, options, (current, at) => decide(current, { at, acting }));
  return lead;
}

export async function handOffLead(
  deps: HandoffDeps,
  leadId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  const input = parseWith(handOffInputSchema, raw, "The hand-off is not valid.");
  const policy = await currentPolicy(deps);
  // Made once, outside the retry loop: a retried write keeps the same hand-off id.
  const handoffId = deps.ids.next();
  return act(deps, leadId, acting, ifMatch, (lead, ctx) =>
    decideHandOff(lead, input, policy, handoffId, ctx),
  );
}

export function acceptHandOff(
  deps: HandoffDeps,
  leadId: string,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  return act(deps, leadId, acting, ifMatch, decideAccept);
}

export function rejectHandOff(
  deps: HandoffDeps,
  leadId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  const { reason } = parseWith(rejectInputSchema, raw, "The rejection is not valid.");
  return act(deps, leadId, acting, ifMatch, (lead, ctx) => decideReject(lead, reason, ctx));
}

export function logFollowUp(
  deps: HandoffDeps,
  leadId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  const input = parseWith(followUpInputSchema, raw, "The follow-up is not valid.");
  return act(deps, leadId, acting, ifMatch, (lead, ctx) => decideFollowUp(lead, input, ctx));
}

export async function scheduleAppointment(
  deps: HandoffDeps,
  leadId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<{ lead: Lead; appointmentId: string }> {
  const input = parseWith(appointmentInputSchema, raw, "The appointment is not valid.");
  const appointmentId = deps.ids.next();
  const lead = await act(deps, leadId, acting, ifMatch, (current, ctx) =>
    decideSchedule(current, input, appointmentId, ctx),
  );
  return { lead, appointmentId };
}

export function rescheduleAppointment(
  deps: HandoffDeps,
  leadId: string,
  appointmentId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  const input = parseWith(rescheduleInputSchema, raw, "The new appointment time is not valid.");
  return act(deps, leadId, acting, ifMatch, (lead, ctx) => decideReschedule(lead, appointmentId, input, ctx));
}

export function closeAppointment(
  deps: HandoffDeps,
  leadId: string,
  appointmentId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  const input = parseWith(closeAppointmentInputSchema, raw, "The appointment result is not valid.");
  return act(deps, leadId, acting, ifMatch, (lead, ctx) =>
    decideCloseAppointment(lead, appointmentId, input, ctx),
  );
}

export function recordWon(
  deps: HandoffDeps,
  leadId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  const input = parseWith(wonInputSchema, raw, "The won outcome is not valid.");
  return act(deps, leadId, acting, ifMatch, (lead, ctx) =>
    withReboundsCancelled(decideWon(lead, input, ctx), lead),
  );
}

export async function recordLost(
  deps: HandoffDeps,
  leadId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  const input = parseWith(lostInputSchema, raw, "The lost outcome is not valid.");
  const reboundPolicy = await currentReboundPolicy(deps);
  return act(deps, leadId, acting, ifMatch, (lead, ctx) =>
    withReboundPlan(decideLost(lead, input, ctx), lead, { kind: "lost", ...input }, reboundPolicy, ctx.at),
  );
}

export function recycleLead(
  deps: HandoffDeps,
  leadId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  const input = parseWith(recycleInputSchema, raw, "The recycle request is not valid.");
  return act(deps, leadId, acting, ifMatch, (lead, ctx) =>
    withReboundsCancelled(decideRecycle(lead, input, ctx), lead),
  );
}

export async function qualifyOutLead(
  deps: HandoffDeps,
  leadId: string,
  raw: unknown,
  acting: Acting,
  ifMatch?: number,
): Promise<Lead> {
  const input = parseWith(qualifyOutInputSchema, raw, "The qualify-out request is not valid.");
  const reboundPolicy = await currentReboundPolicy(deps);
  return act(deps, leadId, acting, ifMatch, (lead, ctx) =>
    withReboundPlan(
      decideQualifyOut(lead, input, ctx),
      lead,
      { kind: "qualified_out", ...input },
      reboundPolicy,
      ctx.at,
    ),
  );
}
