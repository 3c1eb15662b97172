import * as z from "zod/mini";
import { defineEvent } from "../define";
import { appointmentResults, followUpChannels, lostReasons, slaKinds, winKinds } from "../reasons";
import { externalId, instant, label, note, reasonText, repId } from "./shared";

/* Sales' side: hand-off accountability, appointments, SLAs and outcomes. */

const system = { kind: "system", id: "sweeper" } as const;

export const leadHandedOff = defineEvent("lead.handed_off", {
  schemaVersion: 1,
  description:
    "The lead was handed to a named rep, who must accept or reject it within the acceptance SLA. `override` is present when the lead did not meet the policy and someone handed it off anyway.",
  data: z.strictObject({
    repId: repId(),
    acceptBy: z.optional(instant().check(z.describe("Acceptance SLA deadline."))),
    override: z.optional(z.strictObject({ reason: reasonText() })),
  }),
  example: { data: { repId: "rep-042", acceptBy: "2025-03-05T09:00:00.000Z" } },
});

export const leadAccepted = defineEvent("lead.accepted", {
  schemaVersion: 1,
  description: "The rep accepted the hand-off; an outcome is now due within the outcome SLA.",
  data: z.strictObject({
    repId: repId(),
    outcomeBy: z.optional(instant().check(z.describe("Outcome SLA deadline."))),
  }),
  example: { data: { repId: "rep-042", outcomeBy: "2025-04-04T09:00:00.000Z" } },
});

export const leadRejected = defineEvent("lead.rejected", {
  schemaVersion: 1,
  description: "The rep rejected the hand-off with a reason; the lead goes back to marketing nurture.",
  data: z.strictObject({ repId: repId(), reason: reasonText() }),
  example: { data: { repId: "rep-042", reason: "Student project, no purchasing intent." } },
});

export const leadFollowUpLogged = defineEvent("lead.follow_up_logged", {
  schemaVersion: 1,
  description: "A rep recorded a follow-up with the prospect.",
  data: z.strictObject({
    repId: repId(),
    channel: z.enum(followUpChannels),
    note: z.optional(note()),
    nextFollowUpAt: z.optional(instant()),
  }),
  example: { data: { repId: "rep-042", channel: "call", note: "Asked for a quote for 40 seats.", nextFollowUpAt: "2025-03-12T14:00:00.000Z" } },
});

const appointmentId = () => externalId().check(z.describe("Identifies the appointment across its reschedules."));

export const leadAppointmentScheduled = defineEvent("lead.appointment_scheduled", {
  schemaVersion: 1,
  description: "An appointment with the prospect was set.",
  data: z.strictObject({ appointmentId: appointmentId(), repId: repId(), startsAt: instant() }),
  example: { data: { appointmentId: "apt-7", repId: "rep-042", startsAt: "2025-03-10T10:00:00.000Z" } },
});

export const leadAppointmentRescheduled = defineEvent("lead.appointment_rescheduled", {
  schemaVersion: 1,
  description: "An appointment moved to another time.",
  data: z.strictObject({
    appointmentId: appointmentId(),
    repId: repId(),
    startsAt: instant(),
    previousStartsAt: instant(),
    requestedBy: z.optional(z.enum(["prospect", "rep"])),
  }),
  example: {
    data: { appointmentId: "apt-7", repId: "rep-042", startsAt: "2025-03-11T15:00:00.000Z", previousStartsAt: "2025-03-10T10:00:00.000Z", requestedBy: "prospect" },
  },
});

export const leadAppointmentClosed = defineEvent("lead.appointment_closed", {
  schemaVersion: 1,
  description: "How an appointment ended: held, the prospect did not show, or the rep missed it.",
  data: z.strictObject({ appointmentId: appointmentId(), repId: repId(), result: z.enum(appointmentResults), note: z.optional(note()) }),
  example: { data: { appointmentId: "apt-7", repId: "rep-042", result: "missed_by_rep" } },
});

export const leadSlaBreached = defineEvent("lead.sla_breached", {
  schemaVersion: 1,
  description: "A hand-off deadline passed: the rep neither accepted nor rejected in time (acceptance), or no outcome was recorded in time (outcome). Recorded by the SLA sweep.",
  data: z.strictObject({ kind: z.enum(slaKinds), deadline: instant(), repId: repId() }),
  example: { data: { kind: "acceptance", deadline: "2025-03-05T09:00:00.000Z", repId: "rep-042" }, actor: system },
});

export const leadWon = defineEvent("lead.won", {
  schemaVersion: 1,
  description: "The lead bought: a sale, or an introductory order.",
  data: z.strictObject({
    kind: z.enum(winKinds),
    repId: z.optional(repId()),
    value: z.optional(
      z.strictObject({
        amount: z.number().check(z.nonnegative(), z.describe("In major units of the currency (4800.5 is 4,800.50).")),
        currency: z.string().check(z.regex(/^[A-Z]{3}$/), z.describe("ISO 4217 code.")),
      }),
    ),
  }),
  example: { data: { kind: "introductory_order", repId: "rep-042", value: { amount: 4800, currency: "EUR" } } },
});

export const leadRecycled = defineEvent("lead.recycled", {
  schemaVersion: 1,
  description: "Sales reports a delayed decision: the lead goes back to marketing nurture, with its history, until `followUpAt`.",
  data: z.strictObject({ followUpAt: instant(), reason: reasonText(), repId: z.optional(repId()) }),
  example: { data: { followUpAt: "2025-09-01T00:00:00.000Z", reason: "Re-evaluating after the autumn reorganisation.", repId: "rep-042" } },
});

export const leadLost = defineEvent("lead.lost", {
  schemaVersion: 1,
  description: "The lead did not buy. It is kept with its history and resurfaced after the rebound delay of its reason.",
  data: z.strictObject({
    reason: z.enum(lostReasons),
    competitor: z.optional(label()),
    note: z.optional(note()),
    repId: z.optional(repId()),
  }),
  example: { data: { reason: "chose_competitor", competitor: "Acme CRM", note: "Contract renews next March.", repId: "rep-042" } },
});
