/**
 * The lead's vocabulary: the reason taxonomies, origins, win kinds, channels and SLA kinds.
 * The API's input schemas, the lead's records and the event catalogue's payload schemas all
 * take their lists from here, so a reason the API accepts is by construction a reason an
 * event can carry. Adding a value is a compatible change for consumers that treat unknown
 * values as "other"; removing or renaming one needs a new schemaVersion of every event using it.
 */

/** Why a lead that sales worked on was lost (product brief: the loss taxonomy). */
export const lostReasons = [
  "no_budget",
  "chose_competitor",
  "delivery_model",
  "specialised_requirements",
  "no_decision",
  "timing",
  "not_interested",
  "other",
] as const;
export type LostReason = (typeof lostReasons)[number];

/** Why a lead was disqualified before or at the qualification gate. */
export const qualifiedOutReasons = [
  "no_budget",
  "no_authority",
  "no_need",
  "not_a_fit",
  "student_or_job_seeker",
  "spam",
  "duplicate",
  "other",
] as const;
export type QualifiedOutReason = (typeof qualifiedOutReasons)[number];

/** The two dead ends a lead can rebound from. */
export const reboundOrigins = ["lost", "qualified_out"] as const;
export type ReboundOrigin = (typeof reboundOrigins)[number];

/** Any reason a rebound can stem from: the union of both taxonomies, each value once. */
export const reboundReasons = [
  ...new Set<LostReason | QualifiedOutReason>([...lostReasons, ...qualifiedOutReasons]),
] as [LostReason | QualifiedOutReason, ...(LostReason | QualifiedOutReason)[]];
export type ReboundReason = LostReason | QualifiedOutReason;

/** Why a scheduled rebound will not happen. */
export const reboundCancelCauses = ["returned", "consent_withdrawn", "superseded", "manual"] as const;
export type ReboundCancelCause = (typeof reboundCancelCauses)[number];

/** How an appointment ended; `missed_by_rep` is the accountability signal the brief asks for. */
export const appointmentResults = ["held", "prospect_no_show", "missed_by_rep"] as const;
export type AppointmentResult = (typeof appointmentResults)[number];

/** Which hand-off deadline was missed: accept/reject, or record an outcome. */
export const slaKinds = ["accept", "outcome"] as const;
export type SlaKind = (typeof slaKinds)[number];

/**
 * The clocks the SLA queue runs for a hand-off: its two SLAs, and the agreed follow-up
 * cadence after acceptance (the next follow-up due). A late follow-up is not an SLA breach:
 * it is recorded as `lead.follow_up_overdue`.
 */
export const clockKinds = [...slaKinds, "follow_up"] as const;
export type ClockKind = (typeof clockKinds)[number];

/** Why sales rejected a hand-off: the categories reports count (the stated reason says more). */
export const rejectCategories = [
  "not_sales_ready",
  "no_potential",
  "not_interested",
  "wrong_person",
  "duplicate",
  "other",
] as const;
export type RejectCategory = (typeof rejectCategories)[number];

/** A win is a sale or an introductory order (a smaller first purchase). */
export const winKinds = ["sale", "introductory_order"] as const;
export type WinKind = (typeof winKinds)[number];

/** The kinds of source a lead (or one touch of it) arrives through: `source.type`. */
export const sourceTypes = ["form", "webinar", "import", "api", "referral"] as const;
export type SourceType = (typeof sourceTypes)[number];

/** How a rep followed up. */
export const followUpChannels = ["phone", "email", "meeting", "video_call", "message", "other"] as const;
export type FollowUpChannel = (typeof followUpChannels)[number];
