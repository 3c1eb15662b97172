import type { Verdict } from "../lead/records";
import type { Signals } from "../lead/schema";
import type { SalesReadyPolicy } from "./policy";

/** What a policy looks at: the lead's BANT answers and how engaged it is. */
export interface Evidence {
  signals: Signals;
  touchCount: number;
  /** Distinct sources ("type:id") the lead came through. */
  sourceKeys: readonly string[];
}

type Signal = "budget" | "authority" | "need" | "timeline";

/** Each answer in words, as a reason reads when the policy does not accept it. */
const phrases: { [S in Signal]: Record<NonNullable<Signals[S]>, string> } = {
  budget: { approved: "budget approved", planned: "budget only planned", none: "no budget" },
  authority: {
    decision_maker: "a decision maker",
    evaluator: "only an evaluator",
    influencer: "only an influencer",
    none: "no buying authority",
  },
  need: { confirmed: "need confirmed", exploring: "need still being explored", none: "no need" },
  timeline: {
    within_1_month: "timeline within 1 month",
    within_3_months: "timeline within 3 months",
    within_6_months: "timeline within 6 months",
    over_6_months: "timeline over 6 months",
    none: "no timeline",
  },
};

const signals: Signal[] = ["budget", "authority", "need", "timeline"];
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Judges a lead against a policy (pure). Every unmet rule adds a reason in words, so a
 * marketer reading the verdict knows what is missing, not just that something is.
 */
export function evaluate(policy: SalesReadyPolicy, evidence: Evidence, at: string): Verdict {
  const reasons: string[] = [];
  let score = 0;
  for (const signal of signals) {
    const value = evidence.signals[signal];
    if (value !== undefined) score += (policy.scoring[signal] as Partial<Record<string, number>>)[value] ?? 0;
    const accepted = policy.criteria[signal] as readonly string[] | undefined;
    if (!accepted) continue;
    if (value === undefined) reasons.push(`no ${signal} stated`);
    else if (!accepted.includes(value)) reasons.push((phrases[signal] as Record<string, string>)[value]!);
  }
  const minAmount = policy.criteria.minBudgetAmount;
  if (minAmount !== undefined) {
    const amount = evidence.signals.budgetAmount;
    if (amount === undefined) reasons.push("no budget amount stated");
    else if (amount < minAmount) reasons.push(`budget amount ${amount} below ${minAmount}`);
  }
  const touches = evidence.touchCount;
  const sources = Math.max(1, evidence.sourceKeys.length);
  if (touches < policy.engagement.minTouches)
    reasons.push(`${count(touches, "touch", "touches")}, needs ${policy.engagement.minTouches}`);
  if (sources < policy.engagement.minDistinctSources)
    reasons.push(`${count(sources, "source", "sources")}, needs ${policy.engagement.minDistinctSources}`);
  const engagement =
    policy.scoring.perExtraTouch * Math.max(0, touches - 1) + policy.scoring.perExtraSource * (sources - 1);
  score += Math.min(policy.scoring.maxEngagement, engagement);
  // The number is in `score`, not in the words: a reason that changed with every touch would
  // make every touch a "changed verdict" and flood the timeline with lead.qualified events.
  if (score < policy.threshold) reasons.push(`score below threshold ${policy.threshold}`);
  return { policyVersion: policy.version, passed: reasons.length === 0, score, reasons, evaluatedAt: at };
}
