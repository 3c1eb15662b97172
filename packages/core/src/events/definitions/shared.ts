import * as z from "zod/mini";
import { attributionSchema } from "../../lead/journey";
import { sourceTypes } from "../../lead/vocabulary";

/*
 * Building blocks of the payload schemas. Every free-text field has an upper bound so the
 * largest possible event stays far below EventBridge's 256 KB entry limit: payloads carry
 * what changed and why, never the whole lead (consumers fetch the lead if they need it).
 */

/** ISO 8601 instant in UTC (`Z`), as produced by `Date.prototype.toISOString`. */
export const instant = () => z.iso.datetime();

/** An identifier we did not mint (rep ids come from the customer's CRM or directory). */
export const externalId = () => z.string().check(z.minLength(1), z.maxLength(128));

/** A short human label: a source name, a campaign, a competitor. */
export const label = () => z.string().check(z.minLength(1), z.maxLength(200));

/** A stated reason: one or two sentences. */
export const reasonText = () => z.string().check(z.minLength(1), z.maxLength(500));

/** Free-text note from a person. */
export const note = () => z.string().check(z.minLength(1), z.maxLength(2000));

/** Where a lead, or one touch of it, came from: the lead model's `source`, with its time. */
export const leadSourceSchema = z.object({
  type: z.enum(sourceTypes).check(z.describe("How the lead reached us.")),
  id: z.optional(externalId().check(z.describe("The form, webinar or list, as the integration names it."))),
  // As the capture input allows it (up to 200 characters, possibly empty): a valid capture
  // must always make a valid event.
  campaign: z.optional(
    z.string().check(z.maxLength(200), z.describe("Campaign the source belongs to, if any.")),
  ),
  utm: z.optional(z.record(z.string(), z.string())),
  at: z.optional(instant()),
});

/** The rep a lead is assigned to. */
export const repId = () => externalId().check(z.describe("The sales rep, as identified by the caller."));

/**
 * Report facts stamped on every event when it is recorded (lead/journey.ts): the lead's
 * source, its pass through the funnel, stages reached, the hand-off and SLA it settled.
 * Optional: events recorded before it existed do not have it. One instance, so the events
 * document can show its schema once instead of in every event.
 */
export const attributionField = z.optional(
  attributionSchema.check(
    z.describe("Report facts: source, funnel pass, stages reached, hand-off, SLA settled. No personal data."),
  ),
);
export const attribution = () => attributionField;
