import type { Lead } from "../packages/core/src/lead";
import type { ReboundReason } from "../packages/core/src/lead/vocabulary";
import type { SweepDeps } from "../packages/core/src/usecases";
import { leadDeps } from "../packages/functions/src/api/deps";
import type { TestApi } from "./api";

async function post(api: TestApi, path: string, body?: unknown): Promise<Lead> {
  const response = await api.call("POST", path, body === undefined ? {} : { body });
  if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Lead;
}

/** Hands a lead to rep-a (with an override, whatever its verdict) and accepts it, as an admin. */
export async function acceptedLead(api: TestApi, leadId: string): Promise<Lead> {
  await post(api, `/v1/leads/${leadId}/handoff`, {
    repId: "rep-a",
    notes: { summary: "Test hand-off" },
    override: { reason: "test: straight to sales" },
  });
  return post(api, `/v1/leads/${leadId}/accept`);
}

/**
 * Closes a lead the way sales and marketing do, through the real endpoints: lost is a
 * hand-off, an accept and `POST …/lost`; qualified out is `POST …/qualify-out`. Both schedule
 * the lead's rebounds by the policy in force (or the override).
 */
export async function closeLead(
  api: TestApi,
  leadId: string,
  reason: ReboundReason,
  options: {
    kind?: "lost" | "qualified_out";
    competitor?: string;
    override?: { reboundAfter?: string; reboundAt?: string };
  } = {},
): Promise<Lead> {
  if (options.kind === "qualified_out")
    return post(api, `/v1/leads/${leadId}/qualify-out`, { reason, ...options.override });
  await acceptedLead(api, leadId);
  return post(api, `/v1/leads/${leadId}/lost`, {
    reason,
    ...(options.competitor ? { competitor: options.competitor } : {}),
    ...options.override,
  });
}

/** A win (`POST …/won`) on an accepted lead. */
export async function winLead(api: TestApi, leadId: string): Promise<Lead> {
  await acceptedLead(api, leadId);
  return post(api, `/v1/leads/${leadId}/won`, { kind: "sale", value: 12_000, currency: "EUR" });
}

/** A delayed decision (`POST …/recycle`) on an accepted lead. */
export async function recycleLead(api: TestApi, leadId: string, followUpAt: string): Promise<Lead> {
  await acceptedLead(api, leadId);
  return post(api, `/v1/leads/${leadId}/recycle`, { followUpAt, reason: "Budget next quarter" });
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
