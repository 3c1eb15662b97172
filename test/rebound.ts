import type { Lead } from "../packages/core/src/lead";
import type { ReboundOrigin, ReboundReason } from "../packages/core/src/lead/vocabulary";
import { planRebound } from "../packages/core/src/rebound";
import { currentReboundPolicy, mutateLead, type SweepDeps } from "../packages/core/src/usecases";
import { leadDeps } from "../packages/functions/src/api/deps";
import type { TestApi } from "./api";

/**
 * Test-only stand-in for the outcomes engineer's `/lost` and `/qualify-out` until the merge:
 * closes a lead with a reason and schedules its rebounds through `planRebound`, the way their
 * decisions will.
 */
export async function closeLead(
  api: TestApi,
  leadId: string,
  reason: ReboundReason,
  options: {
    kind?: ReboundOrigin;
    competitor?: string;
    override?: { reboundAfter?: string; reboundAt?: string };
  } = {},
): Promise<Lead> {
  const kind = options.kind ?? "lost";
  const policy = await currentReboundPolicy(leadDeps(api.deps));
  const { lead } = await mutateLead(
    leadDeps(api.deps),
    leadId,
    { actor: { kind: "system", id: "test" } },
    (current, at) => {
      const plan = planRebound({
        lead: current,
        kind,
        reason,
        policy,
        now: at,
        ...(options.override ? { override: options.override } : {}),
      });
      const next: Lead = {
        ...current,
        status: kind,
        closed: { kind, reason, ...(options.competitor ? { competitor: options.competitor } : {}), at },
        rebound: plan.rebound,
        updatedAt: at,
        version: current.version + 1,
      };
      return { lead: next, events: plan.events, effects: plan.effects };
    },
  );
  return lead;
}

export function sweepDeps(api: TestApi): SweepDeps {
  return leadDeps(api.deps);
}

export async function captureWithConsent(
  api: TestApi,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<Lead> {
  const response = await api.call("POST", "/v1/leads", {
    body: { email, company: "Acme", consent: { marketing: true }, ...extra },
  });
  return (await response.json()) as Lead;
}

export async function timelineTypes(api: TestApi, leadId: string): Promise<string[]> {
  const response = await api.call("GET", `/v1/leads/${leadId}/timeline?limit=100`);
  return ((await response.json()) as { items: { type: string }[] }).items.map((e) => e.type);
}
