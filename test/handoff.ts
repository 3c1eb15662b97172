import type { TestApi } from "./api";

/** BANT answers that pass the default policy on the first touch. */
export const readySignals = {
  budget: "approved",
  authority: "decision_maker",
  need: "confirmed",
  timeline: "within_3_months",
} as const;

export const HOUR = 3_600_000;

export interface LeadBody {
  id: string;
  status: string;
  version: number;
  ownerId?: string;
  qualification?: { policyVersion: number; passed: boolean; score: number; reasons: string[] };
  handoff?: {
    id: string;
    repId: string;
    acceptDueAt: string;
    outcomeDueAt?: string;
    override?: { reason: string };
    breaches: { kind: string }[];
    rejectReason?: string;
  };
  outcome?: Record<string, unknown>;
  appointments?: { id: string; at: string; status: string; rescheduled: number }[];
  followUps?: { count: number; lastAt: string; lastChannel: string };
}

export interface EventBody {
  type: string;
  version: number;
  why?: string;
  actor: { kind: string; id: string };
  data: Record<string, unknown>;
}

export async function json<T = LeadBody>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

/** Captures a lead that meets the default policy (status sales_ready). */
export async function captureReady(api: TestApi, email: string): Promise<LeadBody> {
  const lead = await json(
    api.call("POST", "/v1/leads", { body: { email, company: "Acme", signals: readySignals } }),
  );
  if (lead.status !== "sales_ready") throw new Error(`expected sales_ready, got ${lead.status}`);
  return lead;
}

/** A `sales` API key that belongs to the rep. */
export async function repKey(api: TestApi, repId: string): Promise<string> {
  const response = await api.call("POST", "/v1/api-keys", {
    body: { name: `rep ${repId}`, scopes: ["sales"], repId },
  });
  if (response.status !== 201)
    throw new Error(`key creation failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export function handOff(
  api: TestApi,
  leadId: string,
  repId: string,
  extra: Record<string, unknown> = {},
  key?: string,
): Promise<Response> {
  return api.call("POST", `/v1/leads/${leadId}/handoff`, {
    body: {
      repId,
      notes: { summary: "Asked for a demo after the webinar", pain: "manual lead routing" },
      ...extra,
    },
    ...(key ? { key } : {}),
  });
}

/** A lead handed to `repId` and accepted by them. */
export async function acceptedLead(
  api: TestApi,
  email: string,
  repId: string,
  key: string,
): Promise<LeadBody> {
  const lead = await captureReady(api, email);
  const handed = await handOff(api, lead.id, repId);
  if (handed.status !== 200) throw new Error(`hand-off failed: ${handed.status} ${await handed.text()}`);
  const accepted = await api.call("POST", `/v1/leads/${lead.id}/accept`, { key });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${await accepted.text()}`);
  return json(accepted);
}

export async function timeline(api: TestApi, leadId: string): Promise<EventBody[]> {
  const events: EventBody[] = [];
  let cursor: string | undefined;
  do {
    const page = await json<{ items: EventBody[]; next?: string }>(
      api.call(
        "GET",
        `/v1/leads/${leadId}/timeline?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      ),
    );
    events.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return events;
}
