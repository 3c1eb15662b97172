import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, createTestApi, type TestApi } from "../../../test/api";
import {
  acceptedLead,
  captureReady,
  HOUR,
  handOff,
  json,
  type LeadBody,
  timeline,
} from "../../../test/handoff";
import { leadsInTable } from "../../../test/leads-table";
import { captureWithConsent, closeLead } from "../../../test/rebound";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("idempotency")));
afterAll(() => api.close());

/**
 * One POST kind, set up fresh for each part of the test: where to post, a body and another
 * body, how many changes it made so far (timeline events, appointments, keys…), and what of
 * its answer a retry must repeat.
 */
interface PostCase {
  path: string;
  body?: unknown;
  otherBody: unknown;
  /** The changes the request makes, counted where they land (not from its answer). */
  changes(): Promise<number>;
  /** Requests that are not one transaction re-run on a retry: their answers match in these parts. */
  same?: (body: unknown) => unknown;
  /** A secret only the first answer shows: never stored, so a replay omits it (API-key tokens). */
  shownOnce?: string;
}

/** The answer without the field only a first answer carries. */
const withoutShownOnce = (c: PostCase, body: unknown) => {
  if (!c.shownOnce) return body;
  const { [c.shownOnce]: _secret, ...rest } = body as Record<string, unknown>;
  return rest;
};

let serial = 0;
const unique = (prefix: string) => `${prefix}-${++serial}@idem.example`;
const events = async (leadId: string, type?: string) =>
  (await timeline(api, leadId)).filter((e) => !type || e.type === type).length;
const inFuture = (hours: number) => new Date(api.clock.now().getTime() + hours * HOUR).toISOString();

// The bootstrap admin key acts for any rep.
const accepted = () => acceptedLead(api, unique("accepted"), "rep-a", ADMIN_KEY);

async function withAppointment(): Promise<{ lead: LeadBody; appointmentId: string }> {
  const lead = await accepted();
  const response = await api.call("POST", `/v1/leads/${lead.id}/appointments`, { body: { at: inFuture(1) } });
  return { lead, appointmentId: response.headers.get("appointment-id")! };
}

const leadAction = (
  setup: () => Promise<LeadBody>,
  action: string,
  body: unknown,
  otherBody: unknown,
): (() => Promise<PostCase>) => {
  return async () => {
    const lead = await setup();
    return {
      path: `/v1/leads/${lead.id}/${action}`,
      ...(body === undefined ? {} : { body }),
      otherBody,
      changes: () => events(lead.id),
    };
  };
};

const handedOff = async () => {
  const lead = await captureReady(api, unique("handed"));
  return json(handOff(api, lead.id, "rep-a"));
};
const nurturing = () => json(api.call("POST", "/v1/leads", { body: { email: unique("nurture") } }));

const cases: Record<string, () => Promise<PostCase>> = {
  "POST /v1/leads": async () => {
    const email = unique("capture");
    return {
      path: "/v1/leads",
      body: { email, company: "Acme" },
      otherBody: { email, company: "Other" },
      changes: async () => (await leadsInTable(api.table)).get(email)?.version ?? 0,
    };
  },
  "POST /v1/capture/form": async () => {
    const email = unique("form");
    return {
      path: "/v1/capture/form",
      body: { email, company: "Acme" },
      otherBody: { email, company: "Other" },
      changes: async () => (await leadsInTable(api.table)).get(email)?.version ?? 0,
    };
  },
  "POST /v1/imports": async () => {
    const email = unique("import");
    return {
      path: "/v1/imports",
      body: [{ email }],
      otherBody: [{ email: unique("import-other") }],
      changes: async () => (await leadsInTable(api.table)).get(email)?.version ?? 0,
      // A retried import runs again and its rows replay by content: same rows, same leads.
      same: (body) => (body as { rows: unknown[] }).rows,
    };
  },
  "POST /v1/api-keys": async () => {
    const name = `key ${++serial}`;
    return {
      path: "/v1/api-keys",
      body: { name, scopes: ["sales"] },
      otherBody: { name, scopes: ["automation"] },
      shownOnce: "token",
      changes: async () => {
        const page = await json<{ items: { name: string }[]; next?: string }>(
          api.call("GET", "/v1/api-keys?limit=100"),
        );
        expect(page.next).toBeUndefined();
        return page.items.filter((k) => k.name === name).length;
      },
    };
  },
  "POST …/handoff": async () => {
    const lead = await captureReady(api, unique("handoff"));
    return {
      path: `/v1/leads/${lead.id}/handoff`,
      body: { repId: "rep-a", notes: { summary: "first" } },
      otherBody: { repId: "rep-a", notes: { summary: "second" } },
      changes: () => events(lead.id),
    };
  },
  "POST …/accept": leadAction(handedOff, "accept", undefined, { note: "a body makes another request" }),
  "POST …/reject": leadAction(handedOff, "reject", { reason: "not now" }, { reason: "never" }),
  "POST …/follow-ups": leadAction(
    nurturing,
    "follow-ups",
    { channel: "phone", note: "called" },
    { channel: "email", note: "wrote" },
  ),
  "POST …/appointments": async () => {
    const lead = await accepted();
    const at = inFuture(24);
    return {
      path: `/v1/leads/${lead.id}/appointments`,
      body: { at },
      otherBody: { at, note: "another" },
      changes: async () => (await json(api.call("GET", `/v1/leads/${lead.id}`))).appointments?.length ?? 0,
    };
  },
  "POST …/appointments/{id}/reschedule": async () => {
    const { lead, appointmentId } = await withAppointment();
    const at = inFuture(48);
    return {
      path: `/v1/leads/${lead.id}/appointments/${appointmentId}/reschedule`,
      body: { at },
      otherBody: { at: inFuture(72) },
      changes: () => events(lead.id),
    };
  },
  "POST …/appointments/{id}/close": async () => {
    const { lead, appointmentId } = await withAppointment();
    api.clock.advance(2 * HOUR);
    return {
      path: `/v1/leads/${lead.id}/appointments/${appointmentId}/close`,
      body: { result: "held" },
      otherBody: { result: "prospect_no_show" },
      changes: () => events(lead.id),
    };
  },
  "POST …/won": leadAction(accepted, "won", { kind: "sale" }, { kind: "introductory_order" }),
  "POST …/recycle": async () =>
    leadAction(
      accepted,
      "recycle",
      { followUpAt: inFuture(24 * 90), reason: "next budget year" },
      { followUpAt: inFuture(24 * 90), reason: "reorganisation" },
    )(),
  "POST …/lost": leadAction(accepted, "lost", { reason: "timing" }, { reason: "no_budget" }),
  "POST …/qualify-out": leadAction(nurturing, "qualify-out", { reason: "not_a_fit" }, { reason: "spam" }),
  "POST /v1/admin/sweeps/sla": async () => {
    const lead = await handedOff();
    api.clock.advance(25 * HOUR);
    return {
      path: "/v1/admin/sweeps/sla",
      otherBody: { another: "request" },
      changes: () => events(lead.id, "lead.sla_breached"),
    };
  },
  "POST /v1/admin/sweeps/rebound": async () => {
    const lead = await captureWithConsent(api, unique("rebound"));
    await closeLead(api, lead.id, "timing", { override: { reboundAfter: "PT30S" } });
    api.clock.advance(31_000);
    return {
      path: "/v1/admin/sweeps/rebound",
      otherBody: { another: "request" },
      changes: () => events(lead.id, "lead.rebounded"),
    };
  },
};

let keys = 0;
const post = (c: PostCase, key: string, body = c.body) =>
  api.call("POST", c.path, {
    ...(body === undefined ? {} : { body }),
    headers: { "idempotency-key": key },
  });
const answerOf = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as unknown,
  replayed: response.headers.get("idempotent-replayed"),
});

describe.each(Object.entries(cases))("Idempotency-Key on %s", (_name, setup) => {
  it("a retry with the same key changes nothing more and gets the same answer; another body under it is 422", async () => {
    const c = await setup();
    const before = await c.changes();
    const key = `retry-${++keys}`;
    const first = await answerOf(await post(c, key));
    expect(first.status).toBeLessThan(300);
    const after = await c.changes();
    expect(after).toBeGreaterThan(before);

    const retry = await answerOf(await post(c, key));
    expect(retry.status).toBe(first.status);
    if (c.same) expect(c.same(retry.body)).toEqual(c.same(first.body));
    else {
      expect(retry.body).toEqual(withoutShownOnce(c, first.body));
      expect(retry.replayed).toBe("true");
      if (c.shownOnce) expect(first.body).toHaveProperty(c.shownOnce);
    }
    expect(await c.changes()).toBe(after);

    const other = await post(c, key, c.otherBody);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { type: string }).type).toBe(
      "urn:rebound:problem:idempotency-key-reused",
    );
    expect(await c.changes()).toBe(after);
  });

  it("two concurrent requests with one key make one change", async () => {
    const c = await setup();
    const before = await c.changes();
    const key = `race-${++keys}`;
    const [a, b] = await Promise.all([post(c, key).then(answerOf), post(c, key).then(answerOf)]);
    expect([a.status, b.status].every((s) => s < 300)).toBe(true);
    const once = await c.changes();
    // One change: what a single request makes (measured on a fresh setup, without a key).
    const single = await setup();
    const singleBefore = await single.changes();
    await api.call("POST", single.path, single.body === undefined ? {} : { body: single.body });
    expect(once - before).toBe((await single.changes()) - singleBefore);
    // Requests that are one transaction answer the twin with the winner's response.
    if (!c.same && !c.path.includes("/sweeps/"))
      expect(withoutShownOnce(c, b.body)).toEqual(withoutShownOnce(c, a.body));
  });
});
