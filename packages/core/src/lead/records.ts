import * as z from "../kernel/zod";
import {
  appointmentResults,
  followUpChannels,
  reboundOrigins,
  reboundReasons,
  rejectCategories,
  slaKinds,
  sourceTypes,
  winKinds,
} from "./vocabulary";

/*
 * The records a lead carries (and the side items that describe it), as plain schemas. They
 * are the lead's, whichever module decides them: qualification writes the verdict, hand-off
 * the hand-off record, outcome and appointments, rebound planning the closed and rebound
 * state. Defining them here keeps every arrow pointing at the lead, never back out of it.
 */

/**
 * The stored answer of one evaluation: which policy version judged the lead, whether it
 * passed, its score, and in plain words why not. Kept on the lead so "why is this lead not
 * with sales?" is answered by reading the lead, not by re-running a policy that may have changed.
 */
export const verdictSchema = z.object({
  policyVersion: z.number(),
  passed: z.boolean(),
  score: z.number(),
  /** Unmet criteria, e.g. "no budget stated", "timeline over 6 months"; empty when passed. */
  reasons: z.array(z.string()),
  evaluatedAt: z.string(),
});
export type Verdict = z.infer<typeof verdictSchema>;

/** One agreed follow-up of an accepted hand-off: when it is due, and how it was settled. */
export const followUpPointSchema = z.object({
  dueAt: z.string(),
  /** `met`: a follow-up was logged in its window; `overdue`: the window closed without one. */
  settled: z.optional(z.enum(["met", "overdue"])),
});
export type FollowUpPoint = z.infer<typeof followUpPointSchema>;

const currentHandoffRecordSchema = z.object({
  id: z.string(),
  repId: z.string(),
  at: z.string(),
  by: z.string(),
  /** The policy version in force at hand-off, and whether the lead met it. */
  policyVersion: z.number(),
  /** Set when the lead did not meet the policy: the stated reason is reported. */
  override: z.optional(z.object({ reason: z.string() })),
  acceptDueAt: z.string(),
  /** Outcome SLA agreed at hand-off (ISO-8601); its clock starts at acceptance. */
  outcomeAfter: z.string(),
  /** Follow-ups agreed at hand-off (the policy's cadence, ISO-8601 from acceptance). */
  followUpCadence: z.optional(z.array(z.string())),
  acceptedAt: z.optional(z.string()),
  outcomeDueAt: z.optional(z.string()),
  /** The agreed follow-ups, due from acceptance, as they are met or missed. */
  followUps: z.optional(z.array(followUpPointSchema)),
  rejectedAt: z.optional(z.string()),
  rejectReason: z.optional(z.string()),
  rejectCategory: z.optional(z.enum(rejectCategories)),
  /** When an SLA breach sent the lead back to marketing. */
  returnedAt: z.optional(z.string()),
  breaches: z.array(z.object({ kind: z.enum(slaKinds), dueAt: z.string(), at: z.string() })),
});

/**
 * The latest hand-off of a lead, as stored on the lead. The notes (the intelligence for the
 * rep) are not here: they are in the `lead.handed_off` event, written once, so the lead item
 * that every later change rewrites stays about 1 KB. A record written when the outcome SLA
 * was whole hours (`outcomeHours`) is migrated as it is read (`outcomeAfter: PT<n>H`).
 */
export const handoffRecordSchema = z.pipe(
  z.transform((stored: unknown) => {
    if (!stored || typeof stored !== "object" || !("outcomeHours" in stored) || "outcomeAfter" in stored)
      return stored;
    const { outcomeHours, ...rest } = stored as { outcomeHours: unknown };
    return { ...rest, outcomeAfter: `PT${outcomeHours}H` };
  }),
  currentHandoffRecordSchema,
);
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

/** Why and when the lead was last closed (lost or qualified out): what rebound segments show. */
export const closedSchema = z.object({
  kind: z.enum(reboundOrigins),
  reason: z.enum(reboundReasons),
  competitor: z.optional(z.string()),
  note: z.optional(z.string()),
  at: z.string(),
});

/**
 * Rebound bookkeeping on the lead itself, so every decision that must cancel pending
 * rebounds (a capture, a consent withdrawal, a new outcome) knows which entry items to
 * delete without another read, and deletes them in the same transaction.
 */
export const reboundStateSchema = z.object({
  /** Cycles ever scheduled for this lead; the next entry gets `cycles + 1`. */
  cycles: z.number(),
  pending: z.array(
    z.object({
      cycle: z.number(),
      dueAt: z.string(),
      from: z.enum(reboundOrigins),
      reason: z.enum(reboundReasons),
    }),
  ),
  /** The cycle that last resurfaced the lead, and when. */
  last: z.optional(z.object({ cycle: z.number(), at: z.string() })),
});
export type ReboundState = z.infer<typeof reboundStateSchema>;

/** One scheduled resurfacing of a lead: an item on the rebound due queue. */
export const reboundEntrySchema = z.object({
  leadId: z.string(),
  cycle: z.number(),
  dueAt: z.string(),
  from: z.enum(reboundOrigins),
  reason: z.enum(reboundReasons),
});
export type ReboundEntry = z.infer<typeof reboundEntrySchema>;
export type PendingRebound = ReboundState["pending"][number];

/**
 * A lead's membership of the rebound segment for one cycle: a snapshot of what marketing
 * automation needs (so a segment page is one query and no lead reads), written in the same
 * transaction that resurfaces the lead.
 */
export const segmentMemberSchema = z.object({
  lead: z.object({
    id: z.string(),
    email: z.string(),
    name: z.optional(z.string()),
    company: z.optional(z.string()),
  }),
  cycle: z.number(),
  enteredAt: z.string(),
  from: z.enum(reboundOrigins),
  reason: z.enum(reboundReasons),
  source: z.enum(sourceTypes),
  closed: z.optional(closedSchema),
});
export type SegmentMember = z.infer<typeof segmentMemberSchema>;
