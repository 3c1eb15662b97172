import { eraseLead, sweepRebounds } from "@rebound/core/usecases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { json, readySignals, repKey, timeline } from "../../../test/handoff";
import { sweepDeps } from "../../../test/rebound";
import { reportProjector } from "../../../test/reports";
import { scanAll } from "../../../test/scan";
import type { Lead } from "../../core/src/lead";
import { leadDeps } from "../src/api/deps";

let api: TestApi;
let rep: string;
let ingest: string;
let automation: string;
beforeAll(async () => {
  api = await createTestApi("erasure");
  rep = await repKey(api, "rep-er");
  ingest = await api.keyWith("ingest");
  automation = await api.keyWith("automation");
});
afterAll(() => api.close());

/** What must be gone from every item of the table, and what must stay (another person's data). */
const personal = (n: string) => ({
  email: `ada.${n}@example.com`,
  firstName: `Augusta${n}`,
  lastName: `Lovelace${n}`,
  company: `Analytical Engines ${n}`,
  phone: `+44 20 7946 00${n}`,
});

async function tableText(): Promise<string> {
  return JSON.stringify(await scanAll(api.table)).toLowerCase();
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const status of ["nurturing", "sales_ready", "handed_off", "accepted", "lost", "rebounded", "won"]) {
    const page = await json<{ items: unknown[] }>(api.call("GET", `/v1/leads?status=${status}&limit=100`));
    out[status] = page.items.length;
  }
  return out;
}

/** Every report over the fixture's months, as an admin reads them (JSON and CSV). */
async function reports(): Promise<string[]> {
  const out: string[] = [];
  for (const kind of ["funnel", "sources", "reps", "rebounds"]) {
    const path = `/v1/reports/${kind}?from=2026-01-01&to=2026-06-30`;
    out.push(await (await api.call("GET", path)).text());
    out.push(await (await api.call("GET", path, { headers: { accept: "text/csv" } })).text());
  }
  return out;
}

/**
 * A person with a full history: captured with an Idempotency-Key by an integration (the
 * stored response holds the lead), touched through a public form, handed off with notes,
 * accepted, followed up, an appointment, lost with a note, resurfaced into the segment.
 */
async function fullHistory(n: string): Promise<Lead> {
  const p = personal(n);
  api.clock.set("2026-03-02T09:00:00.000Z");
  const created = await api.call("POST", "/v1/leads", {
    key: automation,
    headers: { "idempotency-key": `erase-capture-${n}` },
    body: {
      ...p,
      consent: { marketing: true },
      signals: readySignals,
      custom: { message: `Call ${p.firstName} ${p.lastName} on ${p.phone}` },
      source: { type: "form", id: "contact-us", utm: { content: p.email } },
    },
  });
  expect(created.status).toBe(201);
  const lead = (await created.json()) as Lead;
  await api.call("POST", "/v1/leads", { key: ingest, body: { email: p.email, title: "CTO" } });
  const handed = await api.call("POST", `/v1/leads/${lead.id}/handoff`, {
    body: {
      repId: "rep-er",
      notes: { summary: `${p.firstName} ${p.lastName} wants 40 seats`, pain: p.company },
    },
  });
  expect(handed.status).toBe(200);
  expect((await api.call("POST", `/v1/leads/${lead.id}/accept`, { key: rep })).status).toBe(200);
  await api.call("POST", `/v1/leads/${lead.id}/follow-ups`, {
    key: rep,
    body: { channel: "phone", note: `Spoke to ${p.firstName} at ${p.phone}` },
  });
  const at = new Date(api.clock.now().getTime() + 3_600_000).toISOString();
  await api.call("POST", `/v1/leads/${lead.id}/appointments`, {
    key: rep,
    body: { at, note: `Demo for ${p.lastName}` },
  });
  const lost = await api.call("POST", `/v1/leads/${lead.id}/lost`, {
    key: rep,
    headers: { "idempotency-key": `erase-lost-${n}` },
    body: {
      reason: "timing",
      competitor: "Acme CRM",
      note: `${p.firstName} said next year`,
      reboundAfter: "PT1H",
    },
  });
  expect(lost.status).toBe(200);
  api.clock.advance(2 * 3_600_000);
  await sweepRebounds(sweepDeps(api));
  const rebounded = await json<Lead>(api.call("GET", `/v1/leads/${lead.id}`));
  expect(rebounded.status).toBe("rebounded");
  return rebounded;
}

describe("erasure (GDPR Art. 17)", () => {
  it("removes the person from every item of the table; what stays is anonymous and every count is unchanged", async () => {
    const lead = await fullHistory("1");
    const other = await fullHistory("2");
    const p = personal("1");
    // The report counters the event stream feeds live in the same table: projected before and after.
    const projector = reportProjector(api);
    await projector.poll();
    const reportsBefore = await reports();
    const before = await tableText();
    for (const value of Object.values(p)) expect(before).toContain(value.toLowerCase());
    expect(before).toContain("rpt#");
    const countsBefore = await counts();
    const eventsBefore = await timeline(api, lead.id);

    const response = await api.call("POST", `/v1/leads/${lead.id}/erase`);
    expect(response.status).toBe(200);
    const receipt = (await response.json()) as {
      eventsRedacted: number;
      responsesDeleted: number;
      erasedAt: string;
    };
    expect(receipt.eventsRedacted).toBeGreaterThan(0);
    expect(receipt.responsesDeleted).toBeGreaterThanOrEqual(2);

    await projector.poll();
    projector.close();
    const after = await tableText();
    for (const value of Object.values(p)) expect(after).not.toContain(value.toLowerCase());
    // Report rows hold counts keyed by day, source, campaign and rep: nothing to erase, nothing changed.
    expect(after).toContain("rpt#");
    expect(await reports()).toEqual(reportsBefore);
    expect(reportsBefore.join("")).toMatch(/"handoffs":[1-9]/);
    expect(after).not.toContain("lovelace1");
    // The other person is untouched.
    for (const value of Object.values(personal("2"))) expect(after).toContain(value.toLowerCase());
    expect(after).toContain("acme crm");

    // Counts and listings: the lead is still there, anonymous, in the same status.
    expect(await counts()).toEqual(countsBefore);
    const erased = await json<Lead>(api.call("GET", `/v1/leads/${lead.id}`));
    expect(erased).toMatchObject({
      id: lead.id,
      email: "",
      status: "rebounded",
      consent: { marketing: false },
      closed: { kind: "lost", reason: "timing", competitor: "Acme CRM" },
      touchCount: lead.touchCount,
      erasure: { at: receipt.erasedAt, done: expect.any(String) },
    });
    expect(erased).not.toHaveProperty("name");
    const eventsAfter = await timeline(api, lead.id);
    expect(eventsAfter.map((e) => [e.type, e.version])).toEqual([
      ...eventsBefore.map((e) => [e.type, e.version]),
      ["lead.erased", lead.version + 1],
    ]);
    // Out of the segment and unreachable by address.
    const segment = await json<{ items: { lead: { id: string } }[] }>(
      api.call("GET", "/v1/segments/rebound?limit=100", { key: automation }),
    );
    expect(segment.items.map((m) => m.lead.id)).not.toContain(lead.id);
    expect(await api.stores.leads.leadIdByEmail(p.email)).toBeUndefined();
    expect(await api.stores.leads.leadIdByEmail(personal("2").email)).toBe(other.id);
  });

  it("is idempotent, and an erased lead takes no further change (410)", async () => {
    const lead = await fullHistory("3");
    const first = await json<{ erasedAt: string; completedAt: string }>(
      api.call("POST", `/v1/leads/${lead.id}/erase`),
    );
    const again = await api.call("POST", `/v1/leads/${lead.id}/erase`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ leadId: lead.id, ...first, eventsRedacted: 0, responsesDeleted: 0 });
    const version = (await json<Lead>(api.call("GET", `/v1/leads/${lead.id}`))).version;
    const patch = await api.call("PATCH", `/v1/leads/${lead.id}`, { body: { company: "Back again" } });
    expect(patch.status).toBe(410);
    expect(patch.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await patch.json()).toMatchObject({ type: "urn:rebound:problem:erased" });
    expect(
      (await api.call("POST", `/v1/leads/${lead.id}/qualify-out`, { body: { reason: "spam" } })).status,
    ).toBe(410);
    expect((await json<Lead>(api.call("GET", `/v1/leads/${lead.id}`))).version).toBe(version);
    expect((await api.call("POST", "/v1/leads/01ARZ3NDEKTSV4RRFFQ69G5FAV/erase")).status).toBe(404);
  });

  it("survives a crash after its first step: the next call finishes the job", async () => {
    const lead = await fullHistory("4");
    const deps = leadDeps(api.deps);
    const crashing = {
      ...deps,
      erasure: {
        ...deps.erasure,
        redactTimeline: async () => {
          throw new Error("process killed");
        },
        forgetResponses: deps.erasure.forgetResponses.bind(deps.erasure),
      },
    };
    await expect(eraseLead(crashing, lead.id, { kind: "system", id: "test" })).rejects.toThrow(
      "process killed",
    );
    const half = await json<Lead>(api.call("GET", `/v1/leads/${lead.id}`));
    expect(half.erasure).toEqual({ at: expect.any(String) });
    expect(half.email).toBe("");
    // The timeline still holds the person until the erasure is finished…
    expect(await tableText()).toContain("lovelace4");
    const finished = await api.call("POST", `/v1/leads/${lead.id}/erase`);
    expect(finished.status).toBe(200);
    expect(await finished.json()).toMatchObject({ erasedAt: half.erasure!.at });
    // …and nothing of them after.
    const after = await tableText();
    for (const value of Object.values(personal("4"))) expect(after).not.toContain(value.toLowerCase());
  });

  it("puts the address on the suppression list: it comes back without consent, except by the person's own opt-in on a public form", async () => {
    const lead = await fullHistory("5");
    const p = personal("5");
    await api.call("POST", `/v1/leads/${lead.id}/erase`);
    // No plain address is kept to recognise it: only a keyed hash.
    expect(await tableText()).not.toContain(p.email);
    const integration = await api.call("POST", "/v1/leads", {
      key: automation,
      body: { email: p.email, company: p.company, consent: { marketing: true } },
    });
    expect(integration.status).toBe(201);
    const returned = (await integration.json()) as Lead;
    expect(returned.id).not.toBe(lead.id);
    expect(returned.consent).toBeUndefined();
    expect((await timeline(api, returned.id))[0]).toMatchObject({
      type: "lead.captured",
      data: { suppressed: true },
    });
    const imported = await api.call("POST", "/v1/imports", {
      key: automation,
      body: [{ email: p.email, consent: { marketing: true } }],
    });
    expect(imported.status).toBe(200);
    expect((await json<Lead>(api.call("GET", `/v1/leads/${returned.id}`))).consent).toBeUndefined();
    // The person ticks the box on the website: that opt-in is theirs, and counts.
    await api.call("POST", "/v1/leads", {
      key: ingest,
      body: { email: p.email, consent: { marketing: true } },
    });
    expect((await json<Lead>(api.call("GET", `/v1/leads/${returned.id}`))).consent).toMatchObject({
      marketing: true,
    });
  });
});
