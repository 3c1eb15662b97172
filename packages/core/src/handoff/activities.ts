import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../kernel/errors";
import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import { assertIn, salesStatuses } from "../lead/lifecycle";
import type { Appointment } from "../lead/records";
import type { LeadStatus } from "../lead/status";
import type { AppointmentResult } from "../lead/vocabulary";
import { defineLeadAction } from "./action";
import { followUpClock, meetFollowUp } from "./cadence";
import { assertActsForOwner, bumped, CLOCK_SKEW_MS, type DecideContext, utc } from "./context";
import {
  appointmentInputSchema,
  closeAppointmentInputSchema,
  type FollowUpInput,
  followUpInputSchema,
  rescheduleInputSchema,
} from "./schema";

/** Follow-ups are logged on open leads; a closed lead's next contact is a rebound, not a follow-up. */
const followUpStatuses: readonly LeadStatus[] = [
  "captured",
  "nurturing",
  "sales_ready",
  "handed_off",
  "accepted",
  "recycled",
  "rebounded",
];

/** Appointments kept on the lead: open ones plus the most recent closed ones. */
export const MAX_APPOINTMENTS = 10;
export const MAX_OPEN_APPOINTMENTS = 5;

function future(instant: string, ctx: DecideContext, field: string): string {
  const at = utc(instant);
  if (at <= ctx.at)
    throw new ValidationError(`The ${field} must be in the future.`, [
      { path: [field], message: "must be in the future", code: "too_small" },
    ]);
  return at;
}

/**
 * Logs a contact with the lead (pure). On a lead with sales, only its rep (or an admin) logs.
 * On an accepted hand-off with an agreed cadence, a follow-up made in a window still open
 * meets it (the event says which), and the follow-up clock moves to the next open window.
 */
export function decideFollowUp(lead: Lead, input: FollowUpInput, ctx: DecideContext): Decision {
  assertIn(lead.status, followUpStatuses, "log a follow-up on");
  if (salesStatuses.includes(lead.status))
    assertActsForOwner(lead, ctx.acting, "log follow-ups on this hand-off");
  const at = input.at ? utc(input.at) : ctx.at;
  if (new Date(at).getTime() > new Date(ctx.at).getTime() + CLOCK_SKEW_MS) {
    throw new ValidationError("A follow-up is logged after it happened: `at` is in the future.", [
      { path: ["at"], message: "must not be in the future", code: "too_big" },
    ]);
  }
  const previous = lead.followUps;
  const met = lead.status === "accepted" && lead.handoff ? meetFollowUp(lead.handoff, at) : undefined;
  const next: Lead = {
    ...bumped(lead, ctx.at),
    followUps: {
      count: (previous?.count ?? 0) + 1,
      lastAt: previous && previous.lastAt > at ? previous.lastAt : at,
      lastChannel: previous && previous.lastAt > at ? previous.lastChannel : input.channel,
    },
    ...(met ? { handoff: met.handoff } : {}),
  };
  return {
    lead: next,
    events: [
      {
        type: "lead.follow_up_logged",
        data: {
          channel: input.channel,
          note: input.note,
          at,
          ...(ctx.acting.repId ? { repId: ctx.acting.repId } : {}),
          ...(met ? { cadence: { point: met.point, dueAt: met.dueAt } } : {}),
        },
      },
    ],
    ...(met ? { effects: [followUpClock(lead.id, met.handoff)] } : {}),
  };
}

/**
 * Keeps the list bounded: drops the oldest closed appointments beyond MAX_APPOINTMENTS.
 * Their whole story stays on the timeline; the lead keeps what the rep is working with.
 */
function bounded(appointments: Appointment[]): Appointment[] {
  const excess = appointments.length - MAX_APPOINTMENTS;
  if (excess <= 0) return appointments;
  const dropped = new Set(
    appointments
      .filter((a) => a.status !== "scheduled")
      .slice(0, excess)
      .map((a) => a.id),
  );
  return appointments.filter((a) => !dropped.has(a.id));
}

/** Schedules an appointment on an accepted lead (pure). */
export function decideSchedule(
  lead: Lead,
  input: { at: string; note?: string | undefined },
  appointmentId: string,
  ctx: DecideContext,
): Decision {
  assertIn(lead.status, ["accepted"], "schedule an appointment for");
  assertActsForOwner(lead, ctx.acting, "schedule appointments on this hand-off");
  const at = future(input.at, ctx, "at");
  const current = lead.appointments ?? [];
  if (current.filter((a) => a.status === "scheduled").length >= MAX_OPEN_APPOINTMENTS) {
    throw new ConflictError(
      `The lead already has ${MAX_OPEN_APPOINTMENTS} open appointments: close or reschedule one.`,
      { open: MAX_OPEN_APPOINTMENTS },
    );
  }
  const appointment: Appointment = {
    id: appointmentId,
    at,
    status: "scheduled",
    createdAt: ctx.at,
    ...(lead.ownerId ? { repId: lead.ownerId } : {}),
    rescheduled: 0,
    ...(input.note ? { note: input.note } : {}),
  };
  return {
    lead: { ...bumped(lead, ctx.at), appointments: bounded([...current, appointment]) },
    events: [
      {
        type: "lead.appointment_scheduled",
        data: { appointmentId, at, ...(input.note ? { note: input.note } : {}) },
      },
    ],
  };
}

function openAppointment(lead: Lead, appointmentId: string): Appointment {
  const appointment = lead.appointments?.find((a) => a.id === appointmentId);
  if (!appointment)
    throw new NotFoundError(`No appointment ${appointmentId} on lead ${lead.id}.`, { appointmentId });
  if (appointment.status !== "scheduled")
    throw new ConflictError(`The appointment was already closed as ${appointment.status}.`, {
      appointmentId,
      appointmentStatus: appointment.status,
    });
  return appointment;
}

const replaced = (lead: Lead, appointment: Appointment) =>
  (lead.appointments ?? []).map((a) => (a.id === appointment.id ? appointment : a));

/** Moves a scheduled appointment to a new time (pure). */
export function decideReschedule(
  lead: Lead,
  appointmentId: string,
  input: { at: string; reason?: string | undefined },
  ctx: DecideContext,
): Decision {
  assertIn(lead.status, ["accepted"], "reschedule an appointment of");
  assertActsForOwner(lead, ctx.acting, "reschedule appointments on this hand-off");
  const appointment = openAppointment(lead, appointmentId);
  const at = future(input.at, ctx, "at");
  const next: Appointment = { ...appointment, at, rescheduled: appointment.rescheduled + 1 };
  return {
    lead: { ...bumped(lead, ctx.at), appointments: replaced(lead, next) },
    events: [
      {
        type: "lead.appointment_rescheduled",
        data: {
          appointmentId,
          from: appointment.at,
          to: at,
          ...(input.reason ? { reason: input.reason } : {}),
        },
        ...(input.reason ? { why: input.reason } : {}),
      },
    ],
  };
}

/**
 * Records how a scheduled appointment ended (pure): held, prospect no-show, or missed by the
 * rep. Closed by the rep whose appointment it is (or an admin), whatever the lead's status now:
 * a rep may record the outcome first and close the meeting after, or lose the lead to an SLA
 * return and still owe the record. Never before the appointment's time: it cannot have happened yet.
 */
export function decideCloseAppointment(
  lead: Lead,
  appointmentId: string,
  input: { result: AppointmentResult; note?: string | undefined },
  ctx: DecideContext,
): Decision {
  const appointment = openAppointment(lead, appointmentId);
  const repId = appointment.repId ?? lead.ownerId;
  if (!ctx.acting.anyRep && (!ctx.acting.repId || ctx.acting.repId !== repId)) {
    throw new ForbiddenError(
      `Only the rep whose appointment this is (${repId ?? "nobody"}), or an admin, may close it.`,
      { appointmentId, repId: repId ?? null },
    );
  }
  if (appointment.at > ctx.at)
    throw new ConflictError(`The appointment is at ${appointment.at}, still ahead: reschedule it instead.`, {
      appointmentId,
      at: appointment.at,
    });
  const next: Appointment = {
    ...appointment,
    status: input.result,
    closedAt: ctx.at,
    ...(input.note ? { note: input.note } : {}),
  };
  return {
    lead: { ...bumped(lead, ctx.at), appointments: replaced(lead, next) },
    events: [
      {
        type: "lead.appointment_closed",
        data: {
          appointmentId,
          result: input.result,
          at: appointment.at,
          ...(repId ? { repId } : {}),
          ...(input.note ? { note: input.note } : {}),
        },
      },
    ],
  };
}

/** POST …/follow-ups. */
export const followUpAction = defineLeadAction({
  name: "logFollowUp",
  input: followUpInputSchema,
  invalid: "The follow-up is not valid.",
  needs: {},
  decide: (lead, input, ctx) => decideFollowUp(lead, input, ctx),
});

/** POST …/appointments: the appointment id is minted once, so a retried write keeps it. */
export const scheduleAppointmentAction = defineLeadAction({
  name: "scheduleAppointment",
  input: appointmentInputSchema,
  invalid: "The appointment is not valid.",
  needs: { newId: true },
  decide: (lead, input, ctx) => decideSchedule(lead, input, ctx.newId, ctx),
});

/** POST …/appointments/{appointmentId}/reschedule. */
export const rescheduleAppointmentAction = defineLeadAction({
  name: "rescheduleAppointment",
  input: rescheduleInputSchema,
  invalid: "The new appointment time is not valid.",
  needs: {},
  decide: (lead, input, ctx) => decideReschedule(lead, ctx.params.appointmentId!, input, ctx),
});

/** POST …/appointments/{appointmentId}/close. */
export const closeAppointmentAction = defineLeadAction({
  name: "closeAppointment",
  input: closeAppointmentInputSchema,
  invalid: "The appointment result is not valid.",
  needs: {},
  decide: (lead, input, ctx) => decideCloseAppointment(lead, ctx.params.appointmentId!, input, ctx),
});
