/**
 * Reason taxonomies for outcomes (product.md). Closed lists, so reports can count them and a
 * later rebound policy can map each reason to a delay; `other` always needs a note.
 * (The event catalogue on another branch carries the same values; they are reconciled at merge.)
 */
export const lostReasons = ["no_budget", "chose_competitor", "delivery_model", "specialised_requirements", "no_decision", "timing", "not_interested", "other"] as const;
export type LostReason = (typeof lostReasons)[number];

export const qualifiedOutReasons = ["no_budget", "no_authority", "no_need", "not_a_fit", "student_or_job_seeker", "spam", "duplicate", "other"] as const;
export type QualifiedOutReason = (typeof qualifiedOutReasons)[number];

/** A won lead is a sale, or an introductory order that opens the account. */
export const wonKinds = ["sale", "introductory_order"] as const;
export type WonKind = (typeof wonKinds)[number];

/** How an appointment ended; `missed_by_rep` is the number rep accountability is about. */
export const appointmentResults = ["held", "prospect_no_show", "missed_by_rep"] as const;
export type AppointmentResult = (typeof appointmentResults)[number];

export const followUpChannels = ["phone", "email", "meeting", "video_call", "message", "other"] as const;
export type FollowUpChannel = (typeof followUpChannels)[number];

/** The two clocks a hand-off starts: accept (or reject) it, then record an outcome. */
export const slaKinds = ["accept", "outcome"] as const;
export type SlaKind = (typeof slaKinds)[number];

/** What happens when an SLA is breached (config `REBOUND_SLA_POLICY`). */
export const slaActions = ["flag", "return_to_marketing"] as const;
export type SlaAction = (typeof slaActions)[number];
