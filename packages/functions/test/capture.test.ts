import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("capture")));
afterAll(() => api.close());

const timelineOf = async (id: string) =>
  (
    (await (await api.call("GET", `/v1/leads/${id}/timeline?limit=100`)).json()) as {
      items: { type: string; version: number }[];
    }
  ).items;

describe("POST /v1/leads", () => {
  it("creates a lead with 201, Location and ETag, normalising the email", async () => {
    const response = await api.call("POST", "/v1/leads", {
      body: {
        email: "  Grace.Hopper@Navy.MIL ",
        firstName: "Grace",
        lastName: "Hopper",
        company: "US Navy",
        country: "us",
        source: { type: "form", id: "contact-us", campaign: "q1" },
      },
    });
    expect(response.status).toBe(201);
    const lead = (await response.json()) as Record<string, unknown>;
    expect(response.headers.get("location")).toBe(`/v1/leads/${lead.id}`);
    expect(response.headers.get("etag")).toBe('"1"');
    // Evaluated in the capture itself: no BANT answers, so it starts in nurturing with its verdict.
    expect(lead).toMatchObject({
      email: "grace.hopper@navy.mil",
      name: "Grace Hopper",
      country: "US",
      status: "nurturing",
      touchCount: 1,
      version: 1,
    });
    expect(lead.qualification).toMatchObject({
      policyVersion: 1,
      passed: false,
      reasons: expect.arrayContaining(["no budget stated"]),
    });
    expect(await timelineOf(String(lead.id))).toMatchObject([
      { type: "lead.captured", version: 1 },
      { type: "lead.qualified", version: 1 },
    ]);
  });

  it("appends a touch to the existing lead for a known email (200), filling blanks but not overwriting", async () => {
    const first = (await (
      await api.call("POST", "/v1/leads", { body: { email: "ann@corp.example", company: "Corp" } })
    ).json()) as { id: string };
    const second = await api.call("POST", "/v1/leads", {
      body: {
        email: "ANN@corp.example",
        company: "Corp Webinar Truncat",
        title: "CTO",
        source: { type: "webinar", id: "wb-1" },
        signals: { budget: "approved" },
      },
    });
    expect(second.status).toBe(200);
    const lead = (await second.json()) as Record<string, unknown>;
    expect(lead).toMatchObject({
      id: first.id,
      company: "Corp",
      title: "CTO",
      touchCount: 2,
      version: 2,
      sourceKeys: ["api", "webinar:wb-1"],
      signals: { budget: "approved" },
    });
    // The budget answer changed the verdict's reasons, so the touch is followed by a new verdict.
    expect((await timelineOf(first.id)).map((e) => e.type)).toEqual([
      "lead.captured",
      "lead.qualified",
      "lead.touched",
      "lead.qualified",
    ]);
  });

  it("20 concurrent captures of one email make one lead with 20 touches and their events", async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.call("POST", "/v1/leads", {
          body: { email: "race@example.com", source: { type: "form", id: `f${i}` } },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    const ids = new Set(
      await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id)),
    );
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const lead = (await (await api.call("GET", `/v1/leads/${id}`)).json()) as {
      touchCount: number;
      version: number;
    };
    expect(lead).toMatchObject({ touchCount: 20, version: 20 });
    const events = await timelineOf(id!);
    const touches = events.filter((e) => e.type === "lead.captured" || e.type === "lead.touched");
    expect(touches.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Touches only raise the engagement score; the verdict's outcome and reasons stay, so one verdict event.
    expect(events.filter((e) => e.type === "lead.qualified").map((e) => e.version)).toEqual([1]);
    expect(events).toHaveLength(21);
  });

  it("without consent in a repeat capture keeps the earlier consent; a new answer replaces it", async () => {
    await api.call("POST", "/v1/leads", {
      body: { email: "consent@example.com", consent: { marketing: true } },
    });
    const kept = (await (
      await api.call("POST", "/v1/leads", { body: { email: "consent@example.com" } })
    ).json()) as { consent: { marketing: boolean } };
    expect(kept.consent.marketing).toBe(true);
    const withdrawn = (await (
      await api.call("POST", "/v1/leads", {
        body: { email: "consent@example.com", consent: { marketing: false } },
      })
    ).json()) as { id: string; consent: { marketing: boolean } };
    expect(withdrawn.consent.marketing).toBe(false);
    expect((await timelineOf(withdrawn.id)).map((e) => e.type)).toContain("lead.consent_changed");
  });
});

describe("Idempotency-Key", () => {
  it("a retried request returns the first response and writes nothing", async () => {
    const body = { email: "idem@example.com", source: { type: "form" } };
    const first = await api.call("POST", "/v1/leads", { body, headers: { "idempotency-key": "req-1" } });
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const retry = await api.call("POST", "/v1/leads", { body, headers: { "idempotency-key": "req-1" } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.headers.get("location")).toBe(first.headers.get("location"));
    expect(await retry.json()).toEqual(firstBody);
    const lead = (await (await api.call("GET", `/v1/leads/${(firstBody as { id: string }).id}`)).json()) as {
      touchCount: number;
    };
    expect(lead.touchCount).toBe(1);
  });

  it("concurrent retries with one key write once and all answer alike", async () => {
    await api.call("POST", "/v1/leads", { body: { email: "idem-race@example.com" } });
    const body = { email: "idem-race@example.com", source: { type: "webinar", id: "w" } };
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.call("POST", "/v1/leads", { body, headers: { "idempotency-key": "race-key" } }),
      ),
    );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    const id = (bodies[0] as { id: string }).id;
    expect(
      ((await (await api.call("GET", `/v1/leads/${id}`)).json()) as { touchCount: number }).touchCount,
    ).toBe(2);
  });

  it("the same key for a different body is refused with 422 and writes nothing", async () => {
    await api.call("POST", "/v1/leads", {
      body: { email: "k1@example.com" },
      headers: { "idempotency-key": "reused" },
    });
    const other = await api.call("POST", "/v1/leads", {
      body: { email: "k2@example.com" },
      headers: { "idempotency-key": "reused" },
    });
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toBe("application/problem+json");
    expect(((await other.json()) as { type: string }).type).toBe(
      "urn:rebound:problem:idempotency-key-reused",
    );
    const list = (await (await api.call("GET", "/v1/leads?limit=100")).json()) as {
      items: { email: string }[];
    };
    expect(list.items.map((l) => l.email)).not.toContain("k2@example.com");
  });

  it("keys are per API key: two clients may use the same key value independently", async () => {
    const other = await api.keyWith("sales");
    const a = await api.call("POST", "/v1/leads", {
      body: { email: "ka@example.com" },
      headers: { "idempotency-key": "shared" },
    });
    const b = await api.call("POST", "/v1/leads", {
      key: other,
      body: { email: "kb@example.com" },
      headers: { "idempotency-key": "shared" },
    });
    expect([a.status, b.status]).toEqual([201, 201]);
  });
});
