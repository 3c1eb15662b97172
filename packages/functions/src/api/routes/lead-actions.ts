import {
  acceptAction,
  closeAppointmentAction,
  followUpAction,
  handOffAction,
  lostAction,
  qualifyOutAction,
  reassignAction,
  recycleAction,
  rejectAction,
  rescheduleAppointmentAction,
  scheduleAppointmentAction,
  wonAction,
} from "@rebound/core/handoff";
import { leadSchema, lostReasons, qualifiedOutReasons } from "@rebound/core/lead";
import * as z from "@rebound/core/zod";
import type { ApiDeps } from "../deps";
import { type LeadActionRoute, leadActionRoute } from "../http/lead-action";
import { leadIdSchema, ulidParam } from "../http/params";

const appointmentParams = z.object({ id: leadIdSchema, appointmentId: ulidParam("an appointment id") });

/**
 * Every lead action and where it is mounted. A new action is its input schema and pure
 * decision (with its `defineLeadAction` entry) in core, its event in the catalogue, and one
 * row here (docs/architecture.md, "Adding a lead action").
 */
export const leadActionTable: LeadActionRoute[] = [
  // Hand-off to a named rep, and the rep's answer: accept or reject with a reason.
  {
    action: handOffAction,
    path: "/v1/leads/{id}/handoff",
    operationId: "handOffLead",
    summary: "Hand a lead to a named rep, with the intelligence they need",
    description:
      "Only a `sales_ready` lead can be handed off, unless `override.reason` is given (recorded on the hand-off and reported). " +
      "Sets the lead's owner and starts the acceptance SLA of the policy in force. A lead that fails the policy without an override is 409 `not-sales-ready` with the verdict's reasons.",
    tags: ["hand-off"],
    scopes: ["sales", "automation"],
  },
  {
    action: acceptAction,
    path: "/v1/leads/{id}/accept",
    operationId: "acceptHandOff",
    summary: "Accept a hand-off (the named rep, or an admin)",
    description:
      "Stops the acceptance clock and starts the outcome clock. Of two racing accepts exactly one wins; the other is 409.",
    tags: ["hand-off"],
    scopes: ["sales"],
  },
  {
    action: rejectAction,
    path: "/v1/leads/{id}/reject",
    operationId: "rejectHandOff",
    summary: "Reject a hand-off with a reason: the lead returns to nurturing",
    description:
      "Only the named rep (or an admin), while the lead is handed off. The reason is on the timeline and in the rep's accountability.",
    tags: ["hand-off"],
    scopes: ["sales"],
  },
  {
    action: reassignAction,
    path: "/v1/leads/{id}/reassign",
    operationId: "reassignHandOff",
    summary: "Move a hand-off to another rep (a sales manager, or an admin)",
    description:
      "A new hand-off to `repId`: the new rep must accept or reject it within the acceptance SLA of the policy in force, " +
      "and an accepted lead goes back to `handed_off` for them. For a sales key without a `repId` (a manager) or an admin.",
    tags: ["hand-off"],
    scopes: ["sales"],
    kinds: ["manager", "admin"],
  },
  // Follow-ups and appointments: what the rep did with the lead, on its timeline.
  {
    action: followUpAction,
    path: "/v1/leads/{id}/follow-ups",
    operationId: "logFollowUp",
    summary: "Log a follow-up (call, email, meeting…) on an open lead",
    description:
      "On a lead with sales (handed off or accepted), only its rep or an admin logs. `at` defaults to now and is never in the future.",
    tags: ["activities"],
    scopes: ["sales", "automation"],
    status: 201,
  },
  {
    action: scheduleAppointmentAction,
    path: "/v1/leads/{id}/appointments",
    operationId: "scheduleAppointment",
    summary: "Schedule an appointment on an accepted lead",
    description:
      "Only the lead's rep (or an admin), at a time in the future. The new appointment's id is in the `Appointment-Id` header.",
    tags: ["activities"],
    scopes: ["sales"],
    status: 201,
    headers: (result) => ({ "Appointment-Id": result.newId! }),
    responses: {
      201: {
        description: "The lead with the new appointment",
        schema: leadSchema,
        headers: { ETag: "New version of the lead", "Appointment-Id": "Id of the new appointment" },
      },
    },
  },
  {
    action: rescheduleAppointmentAction,
    path: "/v1/leads/{id}/appointments/{appointmentId}/reschedule",
    operationId: "rescheduleAppointment",
    summary: "Move a scheduled appointment to a new time",
    description:
      "Only a scheduled (not closed) appointment, to a time in the future; the count of reschedules is kept.",
    tags: ["activities"],
    scopes: ["sales"],
    params: appointmentParams,
  },
  {
    action: closeAppointmentAction,
    path: "/v1/leads/{id}/appointments/{appointmentId}/close",
    operationId: "closeAppointment",
    summary: "Record how an appointment ended: held, prospect_no_show or missed_by_rep",
    description: "Only once its time has come; a closed appointment cannot be closed again (409).",
    tags: ["activities"],
    scopes: ["sales"],
    params: appointmentParams,
  },
  // Outcomes: won, recycled (delayed decision), lost, qualified out.
  {
    action: wonAction,
    path: "/v1/leads/{id}/won",
    operationId: "recordWon",
    summary: "Record a win: a sale or an introductory order (terminal)",
    description: "On an accepted lead, by its rep (or an admin). Cancels any pending rebound.",
    tags: ["outcomes"],
    scopes: ["sales"],
  },
  {
    action: recycleAction,
    path: "/v1/leads/{id}/recycle",
    operationId: "recycleLead",
    summary: "Delayed decision: back to marketing's nurture with a follow-up date",
    description:
      "On an accepted lead, by its rep (or an admin): the lead goes back to nurturing until `followUpAt`.",
    tags: ["outcomes"],
    scopes: ["sales"],
  },
  {
    action: lostAction,
    path: "/v1/leads/{id}/lost",
    operationId: "recordLost",
    summary: "Record a loss with a reason from the taxonomy",
    description: `Reasons: ${lostReasons.join(", ")} (\`other\` needs a note). Optional competitor name and note.`,
    tags: ["outcomes"],
    scopes: ["sales"],
  },
  {
    action: qualifyOutAction,
    path: "/v1/leads/{id}/qualify-out",
    operationId: "qualifyOutLead",
    summary: "Qualify a lead out (marketing or sales) with a reason from the taxonomy",
    description: `Reasons: ${qualifiedOutReasons.join(", ")} (\`other\` needs a note). Only for leads with marketing; a hand-off is rejected or lost instead.`,
    tags: ["outcomes"],
    scopes: ["sales", "automation"],
  },
];

export function leadActionRoutes(deps: ApiDeps) {
  return leadActionTable.map((spec) => leadActionRoute(deps, spec));
}
