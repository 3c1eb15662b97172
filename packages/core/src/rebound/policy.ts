import { durationSchema } from "../kernel/duration";
import * as z from "../kernel/zod";
import { type ReboundReason, reboundReasons } from "../lead/vocabulary";

/** One or more delays after the loss (one rebound cycle each), or "never". */
export const delaysSchema = z.union([
  z.literal("never"),
  z.array(durationSchema).check(z.minLength(1), z.maxLength(5)),
]);
export type Delays = z.infer<typeof delaysSchema>;

/** What an admin sends: the default delays and the per-reason exceptions. */
export const reboundPolicyInputSchema = z.strictObject({
  default: delaysSchema,
  reasons: z.optional(z.partialRecord(z.enum(reboundReasons), delaysSchema)),
});
export type ReboundPolicyInput = z.infer<typeof reboundPolicyInputSchema>;

export const reboundPolicySchema = z.object({
  version: z.number(),
  default: delaysSchema,
  reasons: z.partialRecord(z.enum(reboundReasons), delaysSchema),
  updatedAt: z.optional(z.string()),
  updatedBy: z.optional(z.string()),
});
export type ReboundPolicy = z.infer<typeof reboundPolicySchema>;

/** In force until an admin stores a policy (version 0): the brief's agreed delays. */
export const defaultReboundPolicy: ReboundPolicy = {
  version: 0,
  default: ["P6M"],
  reasons: {
    no_budget: ["P6M", "P12M"],
    timing: ["P3M"],
    chose_competitor: ["P11M"],
    spam: "never",
    student_or_job_seeker: "never",
    duplicate: "never",
  },
};

/** The delays for a reason: its own entry, else the default; "never" is no delay at all. */
export function delaysFor(
  policy: Pick<ReboundPolicy, "default" | "reasons">,
  reason: ReboundReason,
): string[] {
  const delays = policy.reasons[reason] ?? policy.default;
  return delays === "never" ? [] : delays;
}
