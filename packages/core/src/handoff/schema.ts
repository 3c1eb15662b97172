import { durationSchema } from "../kernel/duration";
import { storable } from "../kernel/number";
import { nonEmptyText, text } from "../kernel/text";
import * as z from "../kernel/zod";
import { repIdSchema } from "../lead/schema";
import {
  appointmentResults,
  followUpChannels,
  lostReasons,
  qualifiedOutReasons,
  rejectCategories,
  winKinds,
} from "../lead/vocabulary";

const MAX_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/**
 * An instant with its offset (e.g. 2026-03-02T15:00:00Z or +01:00); stored as UTC ISO.
 * Years 1970–9999 once in UTC: "0000-01-01T00:30:00+01:00" is a year -1 no event can carry.
 */
export const instantSchema = z.iso.datetime({ offset: true }).check(
  z.refine((value) => {
    const ms = Date.parse(value);
    return ms >= 0 && ms <= MAX_INSTANT_MS;
  }, "an instant between 1970 and 9999"),
);

export const HANDOFF_NOTES_MAX_BYTES = 8_192;

/** What marketing knows that the rep needs: bounded so one event item stays far below 400 KB. */
export const handoffNotesSchema = z
  .strictObject({
    summary: nonEmptyText(2_000),
    pain: z.optional(text(2_000)),
    decisionMaker: z.optional(text(500)),
    /** Short transcript excerpts (webinar chat, call notes). */
    excerpts: z.optional(z.array(nonEmptyText(1_000)).check(z.maxLength(5))),
  })
  .check(
    z.refine(
      (notes) => Buffer.byteLength(JSON.stringify(notes)) <= HANDOFF_NOTES_MAX_BYTES,
      `notes must total at most ${HANDOFF_NOTES_MAX_BYTES} bytes`,
    ),
  );

export const handOffInputSchema = z.strictObject({
  repId: repIdSchema,
  notes: handoffNotesSchema,
  /** Required to hand off a lead that does not meet the sales-ready policy; recorded and reported. */
  override: z.optional(z.strictObject({ reason: nonEmptyText(500) })),
});
export type HandOffInput = z.infer<typeof handOffInputSchema>;

/** A rejection states why in words, and may say which kind of reason it is (what reports count). */
export const rejectInputSchema = z.strictObject({
  reason: nonEmptyText(500),
  category: z.optional(z.enum(rejectCategories)),
});

/** A manager moves a hand-off to another rep (a territory change, a rep who left, an overloaded queue). */
export const reassignInputSchema = z.strictObject({
  repId: repIdSchema,
  reason: z.optional(nonEmptyText(500)),
});
export type ReassignInput = z.infer<typeof reassignInputSchema>;

export const followUpInputSchema = z.strictObject({
  channel: z.enum(followUpChannels),
  note: nonEmptyText(2_000),
  /** When the contact happened; now when absent. Never in the future. */
  at: z.optional(instantSchema),
});
export type FollowUpInput = z.infer<typeof followUpInputSchema>;

export const appointmentInputSchema = z.strictObject({ at: instantSchema, note: z.optional(text(1_000)) });
export const rescheduleInputSchema = z.strictObject({ at: instantSchema, reason: z.optional(text(500)) });
export const closeAppointmentInputSchema = z.strictObject({
  result: z.enum(appointmentResults),
  note: z.optional(text(1_000)),
});

export const wonInputSchema = z.strictObject({
  kind: z.enum(winKinds),
  value: z.optional(z.number().check(z.nonnegative(), z.maximum(1e12), storable())),
  currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, "ISO 4217 code, e.g. EUR"))),
});
export type WonInput = z.infer<typeof wonInputSchema>;

export const recycleInputSchema = z.strictObject({ followUpAt: instantSchema, reason: nonEmptyText(500) });

/** `other` says nothing by itself: it needs a note, or the taxonomy stops meaning anything. */
const otherNeedsNote = <T extends { reason: string; note?: string | undefined }>() =>
  z.refine<T>((input) => input.reason !== "other" || !!input.note, {
    error: "a note is required when the reason is other",
    path: ["note"],
  });

/**
 * A per-lead rebound override at the moment of loss: after a duration (ISO-8601, e.g. P3M,
 * PT30S to try a cycle by hand) or at an instant. Replaces the policy's delays for this lead.
 */
const reboundOverride = {
  reboundAfter: z.optional(durationSchema),
  reboundAt: z.optional(instantSchema),
};

export const lostInputSchema = z
  .strictObject({
    reason: z.enum(lostReasons),
    competitor: z.optional(nonEmptyText(200)),
    note: z.optional(text(2_000)),
    ...reboundOverride,
  })
  .check(otherNeedsNote());
export type LostInput = z.infer<typeof lostInputSchema>;

export const qualifyOutInputSchema = z
  .strictObject({ reason: z.enum(qualifiedOutReasons), note: z.optional(text(2_000)), ...reboundOverride })
  .check(otherNeedsNote());
export type QualifyOutInput = z.infer<typeof qualifyOutInputSchema>;
