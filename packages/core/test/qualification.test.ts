import { describe, expect, it } from "vitest";
import { decideCapture } from "../src/intake";
import { type Lead, newLead } from "../src/lead";
import {
  defaultPolicyInput,
  evaluate,
  policyInputSchema,
  qualify,
  type SalesReadyPolicy,
} from "../src/qualification";

const at = "2026-05-01T10:00:00.000Z";
const policy: SalesReadyPolicy = { ...defaultPolicyInput, version: 3, createdAt: at, createdBy: "test" };
const ready = {
  budget: "approved",
  authority: "decision_maker",
  need: "confirmed",
  timeline: "within_3_months",
} as const;

function lead(overrides: Partial<Lead> = {}): Lead {
  return { ...newLead({ email: "a@b.io" }, "ID", at), ...overrides };
}

describe("evaluate (sales-ready policy)", () => {
  it("the default policy is valid input for its own schema", () => {
    expect(policyInputSchema.safeParse(defaultPolicyInput).success).toBe(true);
  });

  it("passes a lead meeting every criterion, naming the policy version and the score", () => {
    const verdict = evaluate(policy, { signals: ready, touchCount: 1, sourceKeys: ["form"] }, at);
    expect(verdict).toEqual({ policyVersion: 3, passed: true, score: 95, reasons: [], evaluatedAt: at });
  });

  it("says in words what is missing: unknown answers, refused answers, and the score", () => {
    const verdict = evaluate(
      policy,
      {
        signals: { authority: "influencer", timeline: "over_6_months" },
        touchCount: 1,
        sourceKeys: ["form"],
      },
      at,
    );
    expect(verdict.passed).toBe(false);
    expect(verdict.reasons).toEqual([
      "no budget stated",
      "only an influencer",
      "no need stated",
      "timeline over 6 months",
      "score below threshold 60",
    ]);
    expect(verdict.score).toBe(5);
  });

  it("uses engagement to lift the weakest accepted answers over the threshold, capped", () => {
    const weakest = {
      budget: "planned",
      authority: "evaluator",
      need: "exploring",
      timeline: "within_6_months",
    } as const;
    expect(evaluate(policy, { signals: weakest, touchCount: 1, sourceKeys: ["form"] }, at)).toMatchObject({
      passed: false,
      score: 50,
      reasons: ["score below threshold 60"],
    });
    expect(
      evaluate(policy, { signals: weakest, touchCount: 2, sourceKeys: ["form", "webinar:w1"] }, at),
    ).toMatchObject({ passed: true, score: 60 });
    // 50 touches would be 245 engagement points; the cap keeps it at 20.
    expect(evaluate(policy, { signals: {}, touchCount: 50, sourceKeys: ["form"] }, at).score).toBe(20);
  });

  it("checks engagement minimums and a minimum budget amount when the policy asks for them", () => {
    const strict: SalesReadyPolicy = {
      ...policy,
      criteria: { ...policy.criteria, minBudgetAmount: 10_000 },
      engagement: { minTouches: 2, minDistinctSources: 2 },
    };
    const verdict = evaluate(
      strict,
      { signals: { ...ready, budgetAmount: 5_000 }, touchCount: 1, sourceKeys: ["form"] },
      at,
    );
    expect(verdict.reasons).toEqual([
      "budget amount 5000 below 10000",
      "1 touch, needs 2",
      "1 source, needs 2",
    ]);
    expect(
      evaluate(strict, { signals: ready, touchCount: 3, sourceKeys: ["form", "api"] }, at).reasons,
    ).toEqual(["no budget amount stated"]);
  });
});

describe("qualify (verdict → status → event)", () => {
  it("a fresh capture leaves `captured` for nurturing or sales_ready, explained by lead.qualified", () => {
    const cold = qualify(lead(), policy, at);
    expect(cold.lead).toMatchObject({
      status: "nurturing",
      version: 1,
      qualification: { passed: false, policyVersion: 3 },
    });
    expect(cold.events).toEqual([
      {
        type: "lead.qualified",
        data: expect.objectContaining({
          verdict: expect.objectContaining({ passed: false }),
          from: "captured",
          to: "nurturing",
        }),
      },
    ]);
    const hot = qualify(lead({ signals: ready }), policy, at);
    expect(hot.lead.status).toBe("sales_ready");
  });

  it("emits nothing when only the score moved, and an event when the reasons change", () => {
    const first = qualify(lead(), policy, at).lead;
    const moreTouches = qualify({ ...first, touchCount: 3 }, policy, at);
    expect(moreTouches.lead.qualification!.score).toBeGreaterThan(first.qualification!.score);
    expect(moreTouches.events).toEqual([]);
    const budget = qualify({ ...first, signals: { budget: "approved" } }, policy, at);
    expect(budget.events).toHaveLength(1);
    expect(budget.lead.status).toBe("nurturing");
  });

  it("moves sales_ready back to nurturing when the verdict flips, but leaves a rejected lead that still passes in nurturing", () => {
    const readyLead = qualify(lead({ signals: ready }), policy, at).lead;
    expect(qualify({ ...readyLead, signals: { ...ready, budget: "none" } }, policy, at).lead.status).toBe(
      "nurturing",
    );
    const rejected = { ...readyLead, status: "nurturing" as const };
    expect(qualify(rejected, policy, at).lead.status).toBe("nurturing");
  });

  it("records the verdict without moving leads that are with sales or closed", () => {
    for (const status of ["handed_off", "accepted", "won", "lost", "qualified_out"] as const) {
      const result = qualify(lead({ status, signals: ready }), policy, at);
      expect(result.lead.status).toBe(status);
      expect(result.lead.qualification?.passed).toBe(true);
    }
  });

  it("a recycled lead waits for its follow-up unless it becomes sales-ready; a rebounded one re-enters qualification", () => {
    const recycled = lead({
      status: "recycled",
      qualification: { policyVersion: 3, passed: false, score: 0, reasons: ["x"], evaluatedAt: at },
    });
    expect(qualify(recycled, policy, at).lead.status).toBe("recycled");
    expect(qualify({ ...recycled, signals: ready }, policy, at).lead.status).toBe("sales_ready");
    expect(qualify(lead({ status: "rebounded" }), policy, at).lead.status).toBe("nurturing");
  });

  it("decideCapture evaluates new and touched leads in the same decision", () => {
    const created = decideCapture(undefined, { email: "x@y.io", signals: ready }, () => "NEW", at, policy);
    expect(created.result.lead.status).toBe("sales_ready");
    expect(created.drafts.map((d) => d.type)).toEqual(["lead.captured", "lead.qualified"]);
    const touched = decideCapture(
      created.result.lead,
      { email: "x@y.io", signals: { timeline: "over_6_months" } },
      () => "UNUSED",
      at,
      policy,
    );
    expect(touched.result.lead).toMatchObject({ status: "nurturing", version: 2 });
    expect(touched.drafts.map((d) => d.type)).toEqual(["lead.touched", "lead.qualified"]);
  });
});
