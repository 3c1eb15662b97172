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

/** Service levels agreed with the policy: hours to accept a hand-off, then hours to record an outcome. */
export const slaSchema = z.strictObject({
  acceptHours: z.number().check(z.int(), z.minimum(1), z.maximum(24 * 30)),
  outcomeHours: z.number().check(z.int(), z.minimum(1), z.maximum(24 * 366)),
});

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

/** A stored, immutable policy version. */
export const salesReadyPolicySchema = z.extend(policyInputSchema, {
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
 * Accept within one working day; record an outcome within 30 days.
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
  sla: { acceptHours: 24, outcomeHours: 24 * 30 },
};
