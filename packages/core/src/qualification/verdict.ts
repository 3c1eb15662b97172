import * as z from "../kernel/zod";

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
