import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { captureReady, HOUR, handOff, json, type LeadBody, repKey, timeline } from "../../../test/handoff";

let api: TestApi;
let repA: string;
let repB: string;
beforeAll(async () => {
  api = await createTestApi("handoff");
  [repA, repB] = await Promise.all([repKey(api, "rep-a"), repKey(api, "rep-b")]);
});
afterAll(() => api.close());

interface Problem {
  type: string;
  status: number;
  detail: string;
  reasons?: string[];
  allowed?: string[];
  attempted?: string;
}

describe("POST /v1/leads/{id}/handoff", () => {
  it("hands a sales-ready lead to the named rep: owner set, acceptance clock started, notes on the timeline", async () => {
    const lead = await captureReady(api, "ready@example.com");
    const response = await handOff(api, lead.id, "rep-a");
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${lead.version + 1}"`);
    const handed = await json(response);
    const due = new Date(api.clock.now().getTime() + 24 * HOUR).toISOString();
    expect(handed).toMatchObject({
      status: "handed_off",
      ownerId: "rep-a",
      handoff: { repId: "rep-a", acceptDueAt: due, breaches: [] },
    });
    expect(handed.handoff).not.toHaveProperty("override");
    const event = (await timeline(api, lead.id)).at(-1)!;
    expect(event).toMatchObject({
      type: "lead.handed_off",
      data: {
        repId: "rep-a",
        notes: { summary: "Asked for a demo after the webinar", pain: "manual lead routing" },
        verdict: { passed: true },
      },
    });
  });

  it("refuses a lead that fails the policy (409 not-sales-ready, with the reasons), unless an override states why", async () => {
    const cold = await json(
      api.call("POST", "/v1/leads", { body: { email: "cold@example.com", signals: { budget: "none" } } }),
    );
    const refused = await handOff(api, cold.id, "rep-a");
    expect(refused.status).toBe(409);
    const problem = await json<Problem>(refused);
    expect(problem).toMatchObject({
      type: "urn:rebound:problem:not-sales-ready",
      status: 409,
      currentStatus: "nurturing",
    });
    expect(problem.reasons).toEqual(expect.arrayContaining(["no budget"]));
    const overridden = await json(
      handOff(api, cold.id, "rep-a", { override: { reason: "CEO met them at the trade show" } }),
    );
    expect(overridden).toMatchObject({
      status: "handed_off",
      handoff: { override: { reason: "CEO met them at the trade show" } },
    });
    const event = (await timeline(api, cold.id)).at(-1)!;
    expect(event).toMatchObject({
      type: "lead.handed_off",
      why: "CEO met them at the trade show",
      data: { override: { reason: "CEO met them at the trade show" }, from: "nurturing" },
    });
  });

  it("validates the hand-off: notes required and bounded, rep id well-formed; unknown lead 404", async () => {
    const lead = await captureReady(api, "validate@example.com");
    const noNotes = await api.call("POST", `/v1/leads/${lead.id}/handoff`, { body: { repId: "rep-a" } });
    expect(noNotes.status).toBe(422);
    // Every field within its length, but 5 × 1,000 three-byte characters exceed the 8 KB total.
    const huge = await handOff(api, lead.id, "rep-a", {
      notes: { summary: "s", excerpts: Array(5).fill("€".repeat(1_000)) },
    });
    expect(huge.status).toBe(422);
    expect((await json<{ errors: { pointer: string }[] }>(huge)).errors[0]!.pointer).toBe("#/notes");
    expect(
      (await handOff(api, lead.id, "rep-a", { notes: { summary: "s", excerpts: Array(6).fill("x") } }))
        .status,
    ).toBe(422);
    expect((await handOff(api, lead.id, "rep#a")).status).toBe(422);
    expect((await handOff(api, "01ARZ3NDEKTSV4RRFFQ69G5FAV", "rep-a")).status).toBe(404);
    expect((await json(api.call("GET", `/v1/leads/${lead.id}`))).status).toBe("sales_ready");
  });

  it("two hand-offs of one lead racing to different reps: exactly one wins, the other is 409", async () => {
    const lead = await captureReady(api, "double-assign@example.com");
    const [a, b] = await Promise.all([handOff(api, lead.id, "rep-a"), handOff(api, lead.id, "rep-b")]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = await json<Problem>(a.status === 409 ? a : b);
    // The lead's status travels as `currentStatus`; `status` stays the HTTP status (RFC 9457).
    expect(loser).toMatchObject({
      type: "urn:rebound:problem:illegal-transition",
      status: 409,
      currentStatus: "handed_off",
      attempted: "handed_off",
      allowed: ["accepted", "nurturing", "lost"],
    });
    expect((await timeline(api, lead.id)).filter((e) => e.type === "lead.handed_off")).toHaveLength(1);
  });
});

describe("accept and reject: the named rep's answer", () => {
  it("API keys carry an optional repId; only the named rep or an admin may answer (403 otherwise)", async () => {
    const created = await json<{ repId?: string; scopes: string[] }>(
      api.call("POST", "/v1/api-keys", { body: { name: "rep c", scopes: ["sales"], repId: "rep-c" } }),
    );
    expect(created).toMatchObject({ repId: "rep-c", scopes: ["sales"] });
    const lead = await captureReady(api, "named@example.com");
    await handOff(api, lead.id, "rep-a");
    const other = await api.call("POST", `/v1/leads/${lead.id}/accept`, { key: repB });
    expect(other.status).toBe(403);
    expect((await json<Problem>(other)).detail).toContain("rep-a");
    const anonymousSales = await api.call("POST", `/v1/leads/${lead.id}/accept`, {
      key: await api.keyWith("sales"),
    });
    expect(anonymousSales.status).toBe(403);
    expect((await json<Problem>(anonymousSales)).detail).toContain("no rep identity");
    expect(
      (await api.call("POST", `/v1/leads/${lead.id}/accept`, { key: await api.keyWith("automation") }))
        .status,
    ).toBe(403);
    expect((await json(api.call("GET", `/v1/leads/${lead.id}`))).status).toBe("handed_off");
    const accepted = await json(api.call("POST", `/v1/leads/${lead.id}/accept`, { key: repA }));
    expect(accepted).toMatchObject({
      status: "accepted",
      handoff: { outcomeDueAt: new Date(api.clock.now().getTime() + 30 * 24 * HOUR).toISOString() },
    });
    expect((await timeline(api, lead.id)).at(-1)).toMatchObject({
      type: "lead.accepted",
      data: { repId: "rep-a", late: false },
    });
  });

  it("racing accepts of one hand-off (the rep on two devices, an admin for the team): exactly one wins, the others 409", async () => {
    const lead = await captureReady(api, "race-accept@example.com");
    await handOff(api, lead.id, "rep-a");
    const responses = await Promise.all(
      [repA, repA, repA, undefined, undefined].map((key) =>
        api.call("POST", `/v1/leads/${lead.id}/accept`, key ? { key } : {}),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) {
      expect(await json<Problem>(response)).toMatchObject({
        status: 409,
        currentStatus: "accepted",
        attempted: "accepted",
        // handed_off: a manager's reassignment (issue 12).
        allowed: ["won", "lost", "recycled", "nurturing", "handed_off"],
      });
    }
    const events = await timeline(api, lead.id);
    expect(events.filter((e) => e.type === "lead.accepted")).toHaveLength(1);
    expect((await json(api.call("GET", `/v1/leads/${lead.id}`))).version).toBe(lead.version + 2);
  });

  it("a rejection needs a reason and returns the lead to nurturing, unowned; it then needs an override to go back", async () => {
    const lead = await captureReady(api, "reject@example.com");
    await handOff(api, lead.id, "rep-a");
    expect((await api.call("POST", `/v1/leads/${lead.id}/reject`, { key: repA, body: {} })).status).toBe(422);
    expect(
      (await api.call("POST", `/v1/leads/${lead.id}/reject`, { key: repB, body: { reason: "not mine" } }))
        .status,
    ).toBe(403);
    const rejected = await json(
      api.call("POST", `/v1/leads/${lead.id}/reject`, {
        key: repA,
        body: { reason: "Only researching, no project this year" },
      }),
    );
    expect(rejected).toMatchObject({
      status: "nurturing",
      handoff: { rejectReason: "Only researching, no project this year" },
    });
    expect(rejected).not.toHaveProperty("ownerId");
    expect((await timeline(api, lead.id)).at(-1)).toMatchObject({
      type: "lead.rejected",
      why: "Only researching, no project this year",
      data: { repId: "rep-a" },
    });
    // Still meets the policy, but sales said no: another capture does not push it straight back.
    expect(
      (await json(api.call("POST", "/v1/leads", { body: { email: "reject@example.com" } }))).status,
    ).toBe("nurturing");
    expect((await handOff(api, lead.id, "rep-b")).status).toBe(409);
    expect((await handOff(api, lead.id, "rep-b", { override: { reason: "second opinion" } })).status).toBe(
      200,
    );
    // Rejecting is only for a pending hand-off.
    await api.call("POST", `/v1/leads/${lead.id}/accept`, { key: repB });
    expect(
      (
        await api.call("POST", `/v1/leads/${lead.id}/reject`, {
          key: repB,
          body: { reason: "changed my mind" },
        })
      ).status,
    ).toBe(409);
  });

  it("If-Match pins the version the rep saw: 412 when the lead changed", async () => {
    const lead = await captureReady(api, "pinned@example.com");
    const handed = await json(handOff(api, lead.id, "rep-a"));
    await api.call("POST", `/v1/leads/${lead.id}/follow-ups`, {
      key: repA,
      body: { channel: "email", note: "sent intro" },
    });
    const stale = await api.call("POST", `/v1/leads/${lead.id}/accept`, {
      key: repA,
      headers: { "if-match": `"${handed.version}"` },
    });
    expect(stale.status).toBe(412);
  });
});

describe("GET /v1/reps/{repId}/leads", () => {
  it("pages a rep's queue per status, newest first, each lead exactly once", async () => {
    const key = await repKey(api, "rep-q");
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      api.clock.advance(1_000);
      const lead = await captureReady(api, `queue-${i}@example.com`);
      await handOff(api, lead.id, "rep-q");
      ids.push(lead.id);
    }
    for (const id of ids.slice(0, 2)) await api.call("POST", `/v1/leads/${id}/accept`, { key });
    const drain = async (query: string, limit: number) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await json<{ items: LeadBody[]; next?: string }>(
          api.call(
            "GET",
            `/v1/reps/rep-q/leads?${query}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
            { key },
          ),
        );
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((l) => l.id));
        cursor = page.next;
      } while (cursor);
      return seen;
    };
    expect(await drain("status=handed_off&", 2)).toEqual(ids.slice(2).reverse());
    expect(await drain("status=accepted&", 1)).toEqual(ids.slice(0, 2).reverse());
    // Without a status: grouped by status (descending: handed_off before accepted), newest first in each.
    expect(await drain("", 3)).toEqual([...ids.slice(2).reverse(), ...ids.slice(0, 2).reverse()]);
    expect(await drain("status=won&", 5)).toEqual([]);
    expect((await api.call("GET", "/v1/reps/rep%23q/leads", { key })).status).toBe(400);
    const first = await json<{ next: string }>(
      api.call("GET", "/v1/reps/rep-q/leads?status=handed_off&limit=1", { key }),
    );
    expect(
      (
        await api.call(
          "GET",
          `/v1/reps/rep-q/leads?status=accepted&limit=1&cursor=${encodeURIComponent(first.next)}`,
          { key },
        )
      ).status,
    ).toBe(400);
    expect((await api.call("GET", "/v1/reps/rep-q/leads", { key: await api.keyWith("ingest") })).status).toBe(
      403,
    );
  });
});
