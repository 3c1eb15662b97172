import { storable } from "../kernel/number";
import { nonEmptyText, text } from "../kernel/text";
import * as z from "../kernel/zod";
import { type SourceType, sourceTypes } from "./vocabulary";

/** Trimmed before it is checked, so a form's stray spaces never reject a real address. */
export const emailSchema = z
  .string()
  .check(z.trim(), z.maxLength(254), z.regex(z.regexes.email, "Invalid email address"));

export const utmSchema = z.strictObject({
  source: z.optional(text(200)),
  medium: z.optional(text(200)),
  campaign: z.optional(text(200)),
  term: z.optional(text(200)),
  content: z.optional(text(200)),
});

/** Where a touch came from: a form, a webinar, an import…, with its id and campaign. */
export const sourceSchema = z.strictObject({
  type: z.enum(sourceTypes),
  id: z.optional(nonEmptyText(128).check(z.regex(/^[^#]*$/, "must not contain '#'"))),
  campaign: z.optional(text(200)),
  utm: z.optional(utmSchema),
});
export type Source = z.infer<typeof sourceSchema>;

/**
 * A source named in one query parameter: its type, optionally with its id (`webinar`,
 * `webinar:q3-launch`), as listing filters and import/adapter options take it.
 */
export const sourceRefSchema = z
  .string()
  .check(
    z.regex(
      new RegExp(`^(${sourceTypes.join("|")})(:[^#]{1,128})?$`),
      `a source type (${sourceTypes.join(", ")}), optionally ':<source id>'`,
    ),
  );

/** `type[:id]` as its parts (the id may itself contain ':'). */
export function parseSourceRef(ref: string): { type: SourceType; id?: string } {
  const [type, ...id] = ref.split(":");
  return id.length ? { type: type as SourceType, id: id.join(":") } : { type: type as SourceType };
}

export const budgetLevels = ["approved", "planned", "none"] as const;
export const authorityLevels = ["decision_maker", "evaluator", "influencer", "none"] as const;
export const needLevels = ["confirmed", "exploring", "none"] as const;
export const timelines = [
  "within_1_month",
  "within_3_months",
  "within_6_months",
  "over_6_months",
  "none",
] as const;

/** BANT answers a form, a webinar registration or a caller gathered. All optional: unknown ≠ no. */
export const signalsSchema = z.strictObject({
  budget: z.optional(z.enum(budgetLevels)),
  budgetAmount: z.optional(z.number().check(z.nonnegative(), storable())),
  authority: z.optional(z.enum(authorityLevels)),
  need: z.optional(z.enum(needLevels)),
  timeline: z.optional(z.enum(timelines)),
});
export type Signals = z.infer<typeof signalsSchema>;

/**
 * What a touch showed of the person's interest: webinar attendance (a no-show is
 * `attended: false`), minutes present and questions asked. Recorded on the touch's event,
 * per touch, because a lead's engagement is a history, not a single value.
 */
export const engagementSchema = z.strictObject({
  attended: z.optional(z.boolean()),
  minutes: z.optional(z.number().check(z.nonnegative(), z.maximum(100_000), storable())),
  questions: z.optional(z.number().check(z.int(), z.nonnegative(), z.maximum(10_000))),
});
export type Engagement = z.infer<typeof engagementSchema>;

export const CUSTOM_MAX_KEYS = 50;
export const CUSTOM_KEY_MAX_LENGTH = 64;
export const CUSTOM_MAX_BYTES = 8_192;

/** Free custom fields: flat scalars under restricted keys (the shape a stored lead holds). */
export const customValuesSchema = z.record(
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(CUSTOM_KEY_MAX_LENGTH),
      z.regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, _ . - only"),
      z.describe("Not a name every JavaScript object inherits (constructor, toString, __proto__…)."),
    ),
  z.union([z.string().check(z.maxLength(1_000)), z.number().check(storable()), z.boolean(), z.null()]),
);

/** Custom fields as a capture or PATCH sends them: bounded, so a lead item stays far below DynamoDB's 400 KB. */
export const customSchema = customValuesSchema.check(
  z.refine(
    (value) => Object.keys(value).length <= CUSTOM_MAX_KEYS,
    `at most ${CUSTOM_MAX_KEYS} custom fields`,
  ),
  z.refine(
    (value) => Buffer.byteLength(JSON.stringify(value)) <= CUSTOM_MAX_BYTES,
    `custom fields must total at most ${CUSTOM_MAX_BYTES} bytes`,
  ),
);
export type Custom = z.infer<typeof customSchema>;

export const consentSchema = z.strictObject({
  /** Marketing opt-in. Leads without it are never resurfaced into rebound campaigns. */
  marketing: z.boolean(),
});

/** A rep's id as the customer's CRM knows it (user id or email); never contains '#', which keys use. */
export const repIdSchema = z
  .string()
  // Not starting with a dot: "." and ".." are path segments no URL can carry.
  .check(
    z.trim(),
    z.regex(
      /^[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,127}$/,
      "1-128 letters, digits or . _ @ + -, not starting with a dot",
    ),
  );

/** The contact fields of a lead: filled by captures, corrected (or cleared) by PATCH. */
export const contactFieldNames = [
  "name",
  "firstName",
  "lastName",
  "company",
  "title",
  "phone",
  "country",
] as const;
export type ContactField = (typeof contactFieldNames)[number];

const contactFields = {
  name: z.optional(text(200)),
  firstName: z.optional(text(100)),
  lastName: z.optional(text(100)),
  company: z.optional(text(200)),
  title: z.optional(text(200)),
  phone: z.optional(text(50).check(z.regex(/^[0-9+().\-\s/x]*$/, "digits, spaces and + ( ) . - / x only"))),
  country: z.optional(text(2).check(z.regex(/^([A-Za-z]{2})?$/, "ISO 3166-1 alpha-2 code, e.g. DE"))),
} satisfies Record<ContactField, z.ZodMiniType>;

/**
 * One capture from a form, a webinar or an API client. Strict: an unknown field is an
 * error naming it, so a typo ("emial") is caught instead of silently dropped; anything
 * extra belongs in `custom`.
 */
export const captureInputSchema = z.strictObject({
  email: emailSchema,
  ...contactFields,
  consent: z.optional(consentSchema),
  source: z.optional(sourceSchema),
  signals: z.optional(signalsSchema),
  engagement: z.optional(engagementSchema),
  custom: z.optional(customSchema),
});
export type CaptureInput = z.infer<typeof captureInputSchema>;

/** Contact fields a person may correct later (PATCH). `null` clears a field. */
export const contactPatchSchema = z.strictObject({
  email: z.optional(emailSchema),
  name: z.optional(z.nullable(text(200))),
  firstName: z.optional(z.nullable(text(100))),
  lastName: z.optional(z.nullable(text(100))),
  company: z.optional(z.nullable(text(200))),
  title: z.optional(z.nullable(text(200))),
  phone: z.optional(z.nullable(contactFields.phone.def.innerType)),
  country: z.optional(z.nullable(contactFields.country.def.innerType)),
  consent: z.optional(consentSchema),
  signals: z.optional(signalsSchema),
  custom: z.optional(customSchema),
});
export type ContactPatch = z.infer<typeof contactPatchSchema>;

/**
 * The most field names one PATCH can change: every contact field and consent, every signal,
 * every custom field. The lead.updated event's limits are derived from these, so a valid
 * change always makes a valid event.
 */
export const CONTACT_PATCH_MAX_CHANGES =
  Object.keys(contactPatchSchema.shape).length -
  2 +
  Object.keys(signalsSchema.shape).length +
  CUSTOM_MAX_KEYS;
/** The longest changed-field name: `custom.<key>`. */
export const CHANGED_FIELD_MAX_LENGTH = "custom.".length + CUSTOM_KEY_MAX_LENGTH;
