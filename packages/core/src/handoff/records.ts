import * as z from "../kernel/zod";
import { appointmentResults, followUpChannels, slaKinds, winKinds } from "../lead/vocabulary";

/**
 * The latest hand-off of a lead, as stored on the lead. The notes (the intelligence for the
 * rep) are not here: they are in the `lead.handed_off` event, written once, so the lead item
 * that every later change rewrites stays about 1 KB.
 */
export const handoffRecordSchema = z.object({
  id: z.string(),
  repId: z.string(),
  at: z.string(),
  by: z.string(),
  /** The policy version in force at hand-off, and whether the lead met it. */
  policyVersion: z.number(),
  /** Set when the lead did not meet the policy: the stated reason is reported. */
  override: z.optional(z.object({ reason: z.string() })),
  acceptDueAt: z.string(),
  /** Outcome SLA agreed at hand-off; its clock starts at acceptance. */
  outcomeHours: z.number(),
  acceptedAt: z.optional(z.string()),
  outcomeDueAt: z.optional(z.string()),
  rejectedAt: z.optional(z.string()),
  rejectReason: z.optional(z.string()),
  /** When an SLA breach sent the lead back to marketing. */
  returnedAt: z.optional(z.string()),
  breaches: z.array(z.object({ kind: z.enum(slaKinds), dueAt: z.string(), at: z.string() })),
});
export type HandoffRecord = z.infer<typeof handoffRecordSchema>;

/** The last outcome recorded for the lead (the timeline keeps every earlier one). */
export const outcomeRecordSchema = z.object({
  type: z.enum(["won", "lost", "recycled", "qualified_out"]),
  at: z.string(),
  by: z.string(),
  kind: z.optional(z.enum(winKinds)),
  value: z.optional(z.number()),
  currency: z.optional(z.string()),
  reason: z.optional(z.string()),
  competitor: z.optional(z.string()),
  note: z.optional(z.string()),
  followUpAt: z.optional(z.string()),
});
export type OutcomeRecord = z.infer<typeof outcomeRecordSchema>;

export const appointmentSchema = z.object({
  id: z.string(),
  at: z.string(),
  status: z.enum(["scheduled", ...appointmentResults]),
  createdAt: z.string(),
  /** The rep whose appointment it is: they close it even after the lead left them (e.g. an SLA return). */
  repId: z.optional(z.string()),
  note: z.optional(z.string()),
  rescheduled: z.number(),
  closedAt: z.optional(z.string()),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export const followUpSummarySchema = z.object({
  count: z.number(),
  lastAt: z.string(),
  lastChannel: z.enum(followUpChannels),
});
