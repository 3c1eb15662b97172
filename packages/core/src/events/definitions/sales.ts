import * as z from "zod/mini";
import {
  appointmentResults,
  followUpChannels,
  lostReasons,
  rejectCategories,
  slaKinds,
  winKinds,
} from "../../lead/vocabulary";
import { defineEvent } from "../define";
import { attribution, externalId, instant, label, note, reasonText, repId } from "./shared";

/* Sales' side: hand-off accountability, appointments, SLAs and outcomes. */

const system = { kind: "system", id: "sweeper" } as const;

/** Ties every event of one hand-off together: accept/reject, SLA breaches, the outcome. */
const handoffId = () => externalId().check(z.describe("The hand-off this event belongs to."));
const status = () => z.string().check(z.maxLength(40));

export const leadHandedOff = defineEvent("lead.handed_off", {
  schemaVersion: 1,
  description:
    "The lead was handed to a named rep, who must accept or reject it within the acceptance SLA. `override` is present when the lead did not meet the policy and someone handed it off anyway.",
  data: z.strictObject({
    attribution: attribution(),
    handoffId: z.optional(
      externalId().check(
        z.describe("Identifies this hand-off across accept/reject, SLA and outcome events."),
      ),
    ),
    repId: repId(),
    acceptBy: z.optional(instant().check(z.describe("Acceptance SLA deadline."))),
    acceptDueAt: z.optional(
      instant().check(z.describe("Acceptance SLA deadline (the name the hand-off record uses).")),
    ),
    from: z.optional(
      z.string().check(z.maxLength(40), z.describe("The status the lead was handed off from.")),
    ),
    override: z.optional(z.strictObject({ reason: reasonText() })),
    /** The intelligence the caller gathered (at most 8 KB); kept on the timeline, not on the lead. */
    notes: z.optional(
      z.object({
        summary: z.string().check(z.maxLength(2_000)),
        pain: z.optional(z.string().check(z.maxLength(2_000))),
        decisionMaker: z.optional(z.string().check(z.maxLength(500))),
        excerpts: z.optional(z.array(z.string().check(z.maxLength(1_000))).check(z.maxLength(5))),
      }),
    ),
    verdict: z.optional(
      z.object({
        policyVersion: z.number(),
        passed: z.boolean(),
        reasons: z.array(reasonText()).check(z.maxLength(50)),
        score: z.optional(z.number()),
      }),
    ),
  }),
  example: { data: { repId: "rep-042", acceptBy: "2025-03-05T09:00:00.000Z" } },
});

export const leadAccepted = defineEvent("lead.accepted", {
  schemaVersion: 1,
  description:
    "The rep accepted the hand-off; an outcome is now due within the outcome SLA. `late` says whether the acceptance SLA had already passed.",
  data: z.strictObject({
    attribution: attribution(),
    handoffId: z.optional(handoffId()),
    repId: repId(),
    outcomeDueAt: z.optional(instant().check(z.describe("Outcome SLA deadline."))),
    late: z.optional(z.boolean()),
    followUpsDue: z.optional(
      z
        .array(instant())
        .check(
          z.maxLength(10),
          z.describe("When each agreed follow-up (the policy's cadence) is due, from now."),
        ),
    ),
  }),
  example: {
    data: {
      handoffId: "01JNB4T2HANDOFF",
      repId: "rep-042",
      outcomeDueAt: "2025-04-04T09:00:00.000Z",
      late: false,
    },
  },
});

export const leadRejected = defineEvent("lead.rejected", {
  schemaVersion: 1,
  description: "The rep rejected the hand-off with a reason; the lead goes back to marketing nurture.",
  data: z.strictObject({
    attribution: attribution(),
    handoffId: z.optional(handoffId()),
    repId: repId(),
    reason: reasonText(),
    category: z.optional(
      z
        .enum(rejectCategories)
        .check(z.describe("Which kind of reason, when the rep said (what reports count).")),
    ),
  }),
  example: {
    data: {
      handoffId: "01JNB4T2HANDOFF",
      repId: "rep-042",
      reason: "Student project, no purchasing intent.",
      category: "not_sales_ready",
    },
  },
});

export const leadFollowUpLogged = defineEvent("lead.follow_up_logged", {
  schemaVersion: 1,
  description:
    "A follow-up with the prospect was recorded (by the rep, or by marketing on a lead it nurtures).",
  data: z.strictObject({
    attribution: attribution(),
    repId: z.optional(repId()),
    channel: z.enum(followUpChannels),
    note: z.optional(note()),
    at: z.optional(instant().check(z.describe("When the follow-up happened."))),
    cadence: z.optional(
      z
        .strictObject({ point: z.int().check(z.positive(), z.maximum(10)), dueAt: instant() })
        .check(
          z.describe("The agreed follow-up (1 = the first after acceptance) this one met, in its window."),
        ),
    ),
  }),
  example: {
    data: {
      repId: "rep-042",
      channel: "phone",
      note: "Asked for a quote for 40 seats.",
      at: "2025-03-12T14:00:00.000Z",
    },
  },
});

const appointmentId = () =>
  externalId().check(z.describe("Identifies the appointment across its reschedules."));

export const leadAppointmentScheduled = defineEvent("lead.appointment_scheduled", {
  schemaVersion: 1,
  description: "An appointment with the prospect was set.",
  data: z.strictObject({
    attribution: attribution(),
    appointmentId: appointmentId(),
    at: instant().check(z.describe("When the appointment is.")),
    note: z.optional(note()),
  }),
  example: {
    data: { appointmentId: "apt-7", at: "2025-03-10T10:00:00.000Z", note: "Demo for the ops team" },
  },
});

export const leadAppointmentRescheduled = defineEvent("lead.appointment_rescheduled", {
  schemaVersion: 1,
  description: "An appointment moved to another time.",
  data: z.strictObject({
    attribution: attribution(),
    appointmentId: appointmentId(),
    from: instant(),
    to: instant(),
    reason: z.optional(reasonText()),
  }),
  example: {
    data: {
      appointmentId: "apt-7",
      from: "2025-03-10T10:00:00.000Z",
      to: "2025-03-11T15:00:00.000Z",
      reason: "Prospect asked to move it",
    },
  },
});

export const leadAppointmentClosed = defineEvent("lead.appointment_closed", {
  schemaVersion: 1,
  description: "How an appointment ended: held, the prospect did not show, or the rep missed it.",
  data: z.strictObject({
    attribution: attribution(),
    appointmentId: appointmentId(),
    result: z.enum(appointmentResults),
    at: instant(),
    repId: z.optional(repId()),
    note: z.optional(note()),
  }),
  example: {
    data: {
      appointmentId: "apt-7",
      result: "missed_by_rep",
      at: "2025-03-10T10:00:00.000Z",
      repId: "rep-042",
    },
  },
});

export const leadSlaBreached = defineEvent("lead.sla_breached", {
  schemaVersion: 1,
  description:
    "A hand-off deadline passed: the rep neither accepted nor rejected in time (accept), or no outcome was recorded in time (outcome). Recorded once by the SLA sweep, with what the stage's policy did about it.",
  data: z.strictObject({
    attribution: attribution(),
    kind: z.enum(slaKinds),
    handoffId: z.optional(handoffId()),
    repId: repId(),
    dueAt: instant().check(z.describe("The deadline that passed.")),
    action: z.enum(["flagged", "returned_to_marketing"]),
    from: z.optional(status()),
    to: z.optional(status()),
  }),
  example: {
    data: {
      kind: "accept",
      handoffId: "01JNB4T2HANDOFF",
      repId: "rep-042",
      dueAt: "2025-03-05T09:00:00.000Z",
      action: "flagged",
    },
    actor: system,
  },
});

export const leadWon = defineEvent("lead.won", {
  schemaVersion: 1,
  description: "The lead bought: a sale, or an introductory order.",
  data: z.strictObject({
    attribution: attribution(),
    kind: z.enum(winKinds),
    value: z.optional(
      z.number().check(z.nonnegative(), z.describe("In major units of the currency (4800.5 is 4,800.50).")),
    ),
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/), z.describe("ISO 4217 code."))),
    handoffId: z.optional(handoffId()),
    repId: z.optional(repId()),
  }),
  example: {
    data: {
      kind: "introductory_order",
      value: 4800,
      currency: "EUR",
      handoffId: "01JNB4T2HANDOFF",
      repId: "rep-042",
    },
  },
});

export const leadRecycled = defineEvent("lead.recycled", {
  schemaVersion: 1,
  description:
    "Sales reports a delayed decision: the lead goes back to marketing nurture, with its history, until `followUpAt`.",
  data: z.strictObject({
    attribution: attribution(),
    followUpAt: instant(),
    reason: reasonText(),
    handoffId: z.optional(handoffId()),
    repId: z.optional(repId()),
  }),
  example: {
    data: {
      followUpAt: "2025-09-01T00:00:00.000Z",
      reason: "Re-evaluating after the autumn reorganisation.",
      repId: "rep-042",
    },
  },
});

export const leadLost = defineEvent("lead.lost", {
  schemaVersion: 1,
  description:
    "The lead did not buy. It is kept with its history and resurfaced after the rebound delay of its reason.",
  data: z.strictObject({
    attribution: attribution(),
    reason: z.enum(lostReasons),
    competitor: z.optional(label()),
    note: z.optional(note()),
    from: z.optional(status()),
    handoffId: z.optional(handoffId()),
    repId: z.optional(repId()),
  }),
  example: {
    data: {
      reason: "chose_competitor",
      competitor: "Acme CRM",
      note: "Contract renews next March.",
      from: "accepted",
      repId: "rep-042",
    },
  },
});

export const leadReassigned = defineEvent("lead.reassigned", {
  schemaVersion: 1,
  description:
    "A sales manager moved a hand-off to another rep: a new hand-off (new `handoffId`) that the new rep must accept within the acceptance SLA, whatever the lead's status with the previous rep was.",
  data: z.strictObject({
    attribution: attribution(),
    handoffId: handoffId(),
    previousHandoffId: z.optional(handoffId()),
    fromRepId: repId(),
    repId: repId(),
    acceptDueAt: instant().check(z.describe("Acceptance SLA deadline of the new rep.")),
    from: status().check(z.describe("The status the lead was in with the previous rep.")),
    reason: z.optional(reasonText()),
  }),
  example: {
    data: {
      handoffId: "01JNB9K2REASSIGN",
      previousHandoffId: "01JNB4T2HANDOFF",
      fromRepId: "rep-042",
      repId: "rep-017",
      acceptDueAt: "2025-03-06T09:00:00.000Z",
      from: "accepted",
      reason: "Territory change.",
    },
  },
});

export const leadFollowUpOverdue = defineEvent("lead.follow_up_overdue", {
  schemaVersion: 1,
  description:
    "An agreed follow-up (the sales-ready policy's cadence after acceptance) was not made in its window. Recorded once by the SLA sweep.",
  data: z.strictObject({
    attribution: attribution(),
    handoffId: handoffId(),
    repId: repId(),
    point: z
      .int()
      .check(
        z.positive(),
        z.maximum(10),
        z.describe("Which agreed follow-up: 1 = the first after acceptance."),
      ),
    dueAt: instant().check(z.describe("When its window closed.")),
  }),
  example: {
    data: { handoffId: "01JNB4T2HANDOFF", repId: "rep-042", point: 2, dueAt: "2025-03-12T09:00:00.000Z" },
    actor: system,
  },
});

/** This file's events, in lifecycle order (the catalogue and docs/events.md follow it). */
export const salesEvents = [
  leadHandedOff,
  leadAccepted,
  leadRejected,
  leadReassigned,
  leadFollowUpLogged,
  leadFollowUpOverdue,
  leadAppointmentScheduled,
  leadAppointmentRescheduled,
  leadAppointmentClosed,
  leadSlaBreached,
  leadWon,
  leadRecycled,
  leadLost,
] as const;
