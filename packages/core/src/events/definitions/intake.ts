import * as z from "zod/mini";
import { CHANGED_FIELD_MAX_LENGTH, CONTACT_PATCH_MAX_CHANGES } from "../../lead/schema";
import { leadStatuses } from "../../lead/status";
import { qualifiedOutReasons } from "../../lead/vocabulary";
import { defineEvent } from "../define";
import { attribution, externalId, label, leadSourceSchema, note, reasonText } from "./shared";

/* Marketing's side of the boundary: capture, touches, edits, the qualification gate. */

/** Ties the events of one bulk import (a webinar attendee list) together. */
const importId = () => externalId().check(z.describe("The bulk import this row came from, if any."));

/** What a webinar export or form said about attendance; recorded on the touch, per touch. */
const engagement = () =>
  z.optional(
    z.object({
      attended: z.optional(z.boolean()),
      minutes: z.optional(z.number().check(z.nonnegative())),
      questions: z.optional(z.number().check(z.int(), z.nonnegative())),
    }),
  );

export const leadCaptured = defineEvent("lead.captured", {
  schemaVersion: 1,
  description: "A new lead entered Rebound (form submit, webinar attendee, import or API call).",
  data: z.strictObject({
    attribution: attribution(),
    source: leadSourceSchema,
    importId: z.optional(importId()),
    engagement: engagement(),
    suppressed: z.optional(
      z
        .boolean()
        .check(
          z.describe(
            "True when the address had been erased before (it is on the suppression list) and the capture offered consent: the lead is kept without marketing consent unless the person opted in again on a public form.",
          ),
        ),
    ),
  }),
  example: {
    data: { source: { type: "form", id: "pricing-demo-request", campaign: "Spring launch" } },
    version: 1,
  },
});

export const leadTouched = defineEvent("lead.touched", {
  schemaVersion: 1,
  description: "A known lead engaged again (another form, another webinar); duplicates are merged into it.",
  data: z.strictObject({
    attribution: attribution(),
    source: leadSourceSchema,
    importId: z.optional(importId()),
    merged: z
      .boolean()
      .check(z.describe("True when the touch arrived as a duplicate capture and was merged.")),
    touchCount: z.optional(
      z.number().check(z.int(), z.positive(), z.describe("The lead's touches including this one.")),
    ),
    filled: z.optional(
      z
        .array(z.string().check(z.maxLength(64)))
        .check(z.maxLength(20), z.describe("Contact fields this touch filled in (they were empty).")),
    ),
    engagement: engagement(),
    signalsChanged: z.optional(
      z
        .array(z.string().check(z.maxLength(64)))
        .check(z.maxLength(20), z.describe("Qualification signals whose answer changed.")),
    ),
    suppressed: z.optional(
      z
        .boolean()
        .check(
          z.describe(
            "True when the address is on the suppression list (erased before) and the touch offered consent: only a public form's opt-in is taken.",
          ),
        ),
    ),
    addsOnly: z.optional(
      z
        .boolean()
        .check(
          z.describe(
            "True when the touch came through a key that only adds (a public form's, a rep's): it filled blanks and may have granted consent, nothing else; the lead was not re-evaluated.",
          ),
        ),
    ),
  }),
  example: {
    data: {
      source: { type: "webinar", id: "q3-product-tour" },
      importId: "imp-2025-03-01-tour",
      merged: true,
    },
  },
});

export const leadUpdated = defineEvent("lead.updated", {
  schemaVersion: 1,
  description:
    "Fields of a lead were corrected or enriched. Only the field names travel, not the values (personal data stays in the table).",
  data: z.strictObject({
    attribution: attribution(),
    fields: z
      .array(z.string().check(z.minLength(1), z.maxLength(CHANGED_FIELD_MAX_LENGTH)))
      .check(z.minLength(1), z.maxLength(CONTACT_PATCH_MAX_CHANGES)),
  }),
  example: { data: { fields: ["company", "jobTitle"] } },
});

export const leadQualified = defineEvent("lead.qualified", {
  schemaVersion: 1,
  description:
    "The sales-ready policy in force was applied. `passed: true` moves the lead to sales_ready; `passed: false` keeps it in nurturing, with the reasons why not.",
  data: z.strictObject({
    attribution: attribution(),
    verdict: z.strictObject({
      policyVersion: z
        .number()
        .check(
          z.int(),
          z.positive(),
          z.describe("Version of the agreed sales-ready policy that produced the verdict."),
        ),
      passed: z.boolean(),
      reasons: z
        .array(reasonText())
        .check(
          z.maxLength(50),
          z.describe("Criteria met (when passed) or missed (when not), in the policy's words."),
        ),
      score: z.optional(z.number()),
    }),
    from: z.optional(
      z.enum(leadStatuses).check(z.describe("The status before, when the verdict moved the lead.")),
    ),
    to: z.optional(
      z.enum(leadStatuses).check(z.describe("The status after, when the verdict moved the lead.")),
    ),
  }),
  example: {
    data: {
      verdict: {
        policyVersion: 3,
        passed: true,
        reasons: ["budget confirmed", "decision maker", "timeline < 3 months"],
        score: 82,
      },
    },
  },
});

export const leadQualifiedOut = defineEvent("lead.qualified_out", {
  schemaVersion: 1,
  description:
    "The lead was disqualified. It is kept with its history and may rebound later, depending on the reason.",
  data: z.strictObject({
    attribution: attribution(),
    reason: z.enum(qualifiedOutReasons),
    note: z.optional(note()),
    from: z.optional(z.enum(leadStatuses).check(z.describe("The status the lead was qualified out from."))),
  }),
  example: { data: { reason: "no_budget", note: "Budget frozen until next fiscal year." } },
});

export const leadConsentChanged = defineEvent("lead.consent_changed", {
  schemaVersion: 1,
  description:
    "Marketing consent was granted or withdrawn. A lead without consent is never resurfaced by a rebound.",
  data: z.strictObject({
    attribution: attribution(),
    marketing: z.enum(["granted", "withdrawn"]),
    via: z.optional(label().check(z.describe("Where the change was made, e.g. an unsubscribe link."))),
  }),
  example: { data: { marketing: "withdrawn", via: "newsletter unsubscribe link" } },
});

/** This file's events, in lifecycle order (the catalogue and docs/events.md follow it). */
export const intakeEvents = [
  leadCaptured,
  leadTouched,
  leadUpdated,
  leadQualified,
  leadQualifiedOut,
  leadConsentChanged,
] as const;
