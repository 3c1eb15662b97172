import { durationMs } from "../kernel/duration";
import { storable } from "../kernel/number";
import { text } from "../kernel/text";
import * as z from "../kernel/zod";
import { authorityLevels, budgetLevels, needLevels, timelines } from "../lead/schema";

const points = z.number().check(z.int(), z.minimum(0), z.maximum(1_000));
const anyOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.optional(z.array(z.enum(values)).check(z.minLength(1), z.maxLength(values.length)));

/**
 * Hard criteria: for each BANT signal, the answers that count as "yes". An absent criterion
 * is not required. A lead whose signal is unknown does not meet a required criterion:
 * "unknown" is not "yes", and sales asked not to get guesses.
 */
export const criteriaSchema = z.strictObject({
  budget: anyOf(budgetLevels),
  /** Also required when set: the stated budget amount must reach it. */
  minBudgetAmount: z.optional(z.number().check(z.nonnegative(), storable())),
  authority: anyOf(authorityLevels),
  need: anyOf(needLevels),
  timeline: anyOf(timelines),
});

/** Engagement: how often and through how many distinct sources the person came to us. */
export const engagementSchema = z.strictObject({
  minTouches: z.number().check(z.int(), z.minimum(1), z.maximum(1_000)),
  minDistinctSources: z.number().check(z.int(), z.minimum(1), z.maximum(20)),
});

/** Points per signal answer plus engagement points; the total is compared with the threshold. */
export const scoringSchema = z.strictObject({
  budget: z.partialRecord(z.enum(budgetLevels), points),
  authority: z.partialRecord(z.enum(authorityLevels), points),
  need: z.partialRecord(z.enum(needLevels), points),
  timeline: z.partialRecord(z.enum(timelines), points),
  /** For each touch after the first. */
  perExtraTouch: points,
  /** For each distinct source after the first. */
  perExtraSource: points,
  /** Cap on engagement points, so a lead cannot click its way past missing BANT answers. */
  maxEngagement: points,
});

const MINUTE = 60_000;
const DAY = 86_400_000;

/** An ISO-8601 duration between a minute and `maxDays` (PT2M lets a person try an SLA by hand). */
const slaDuration = (maxDays: number) =>
  z.string().check(
    z.refine((text) => {
      const ms = durationMs(text);
      return ms !== undefined && ms >= MINUTE && ms <= maxDays * DAY;
    }, `an ISO-8601 duration from PT1M to P${maxDays}D, e.g. PT24H, P30D or PT2M`),
  );

/**
 * Service levels agreed with the policy (ISO-8601 durations): time to accept or reject a
 * hand-off, then time from acceptance to an outcome, and the agreed follow-ups after
 * acceptance, each counted from the acceptance: with `[P2D, P7D, P14D]` a rep follows up in
 * each of the windows (acceptance, +2 days], (+2, +7 days] and (+7, +14 days]; a window
 * that closes without one is recorded as an overdue follow-up.
 */
const followUpCadence = z.array(slaDuration(366)).check(
  z.maxLength(10),
  z.refine(
    (list) => list.every((d, i) => i === 0 || durationMs(d)! > durationMs(list[i - 1]!)!),
    "follow-ups are counted from the acceptance: each must be later than the one before",
  ),
);
export const slaSchema = z.strictObject({
  accept: slaDuration(30),
  outcome: slaDuration(366),
  followUps: z._default(followUpCadence, []),
});
export type SlaTerms = z.output<typeof slaSchema>;
/** The terms once read: every field present. */
const slaTermsSchema = z.strictObject({
  accept: slaDuration(30),
  outcome: slaDuration(366),
  followUps: followUpCadence,
});

/** How policies stored before ISO-8601 SLAs said it: whole hours. */
const legacySlaSchema = z.strictObject({
  acceptHours: z.number().check(z.int(), z.positive()),
  outcomeHours: z.number().check(z.int(), z.positive()),
});

/**
 * The SLA terms as stored: the current shape, or a version written with `acceptHours` and
 * `outcomeHours`, migrated when it is read (`PT<n>H`, no follow-ups agreed), so every
 * policy version keeps its meaning and the code knows one shape.
 */
export const storedSlaSchema = z.pipe(
  z.pipe(
    z.union([slaSchema, legacySlaSchema]),
    z.transform((sla) =>
      "acceptHours" in sla
        ? { accept: `PT${sla.acceptHours}H`, outcome: `PT${sla.outcomeHours}H`, followUps: [] }
        : sla,
    ),
  ),
  slaTermsSchema,
);

/** What an admin PUTs: the whole policy (a new version replaces the old one, never edits it). */
export const policyInputSchema = z.strictObject({
  name: z.optional(text(100)),
  description: z.optional(text(2_000)),
  criteria: criteriaSchema,
  engagement: engagementSchema,
  scoring: scoringSchema,
  threshold: z.number().check(z.int(), z.minimum(0), z.maximum(10_000)),
  sla: slaSchema,
});
export type PolicyInput = z.infer<typeof policyInputSchema>;

/** A stored, immutable policy version (older versions' SLA terms are migrated as they are read). */
export const salesReadyPolicySchema = z.extend(policyInputSchema, {
  sla: storedSlaSchema,
  version: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type SalesReadyPolicy = z.infer<typeof salesReadyPolicySchema>;

/**
 * Version 1, written the first time a policy is read: BANT as most B2B teams agree it.
 * Budget at least planned, an evaluator or the decision maker, a need at least being
 * explored, a timeline within six months, and a score of 60: with the weakest accepted
 * answers (50 points) a lead also needs some engagement (two more touches or sources).
 * Accept within one working day; record an outcome within 30 days; no follow-up cadence
 * until marketing and sales agree one.
 */
export const defaultPolicyInput: PolicyInput = {
  name: "BANT",
  description:
    "Budget, authority, need and timeline, plus engagement; the default until marketing and sales agree on their own.",
  criteria: {
    budget: ["approved", "planned"],
    authority: ["decision_maker", "evaluator"],
    need: ["confirmed", "exploring"],
    timeline: ["within_1_month", "within_3_months", "within_6_months"],
  },
  engagement: { minTouches: 1, minDistinctSources: 1 },
  scoring: {
    budget: { approved: 25, planned: 15 },
    authority: { decision_maker: 25, evaluator: 15, influencer: 5 },
    need: { confirmed: 25, exploring: 10 },
    timeline: { within_1_month: 25, within_3_months: 20, within_6_months: 10 },
    perExtraTouch: 5,
    perExtraSource: 5,
    maxEngagement: 20,
  },
  threshold: 60,
  sla: { accept: "PT24H", outcome: "P30D", followUps: [] },
};
