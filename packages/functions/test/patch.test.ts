import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("patch")));
afterAll(() => api.close());

async function capture(email: string) {
  return (await (
    await api.call("POST", "/v1/leads", { body: { email, company: "Old Co", phone: "+49 30 1234" } })
  ).json()) as { id: string; version: number };
}

describe("PATCH /v1/leads/{id}", () => {
  it("applies a correction with the current If-Match, bumps the ETag and records what changed", async () => {
    const lead = await capture("fix@example.com");
    const response = await api.call("PATCH", `/v1/leads/${lead.id}`, {
      body: { company: "New Co", phone: null, title: "VP Sales" },
      headers: { "if-match": '"1"' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('"2"');
    const updated = (await response.json()) as Record<string, unknown>;
    expect(updated).toMatchObject({ company: "New Co", title: "VP Sales", version: 2 });
    expect(updated).not.toHaveProperty("phone");
    const timeline = (await (await api.call("GET", `/v1/leads/${lead.id}/timeline`)).json()) as {
      items: { type: string; data: { fields?: string[] } }[];
    };
    expect(timeline.items.at(-1)).toMatchObject({
      type: "lead.updated",
      data: { fields: ["company", "title", "phone"] },
    });
  });

  it("answers 412 for a stale If-Match and writes nothing", async () => {
    const lead = await capture("stale@example.com");
    await api.call("POST", "/v1/leads", { body: { email: "stale@example.com" } }); // a touch moves it to version 2
    const response = await api.call("PATCH", `/v1/leads/${lead.id}`, {
      body: { company: "Lost Update" },
      headers: { "if-match": '"1"' },
    });
    expect(response.status).toBe(412);
    expect(await response.json()).toMatchObject({ status: 412, expected: 1, actual: 2 });
    const current = (await (await api.call("GET", `/v1/leads/${lead.id}`)).json()) as {
      company: string;
      version: number;
    };
    expect(current).toMatchObject({ company: "Old Co", version: 2 });
  });

  it("two editors racing with the same If-Match: exactly one wins, the other gets 412", async () => {
    const lead = await capture("race-edit@example.com");
    const [a, b] = await Promise.all([
      api.call("PATCH", `/v1/leads/${lead.id}`, { body: { title: "A" }, headers: { "if-match": '"1"' } }),
      api.call("PATCH", `/v1/leads/${lead.id}`, { body: { title: "B" }, headers: { "if-match": '"1"' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const current = (await (await api.call("GET", `/v1/leads/${lead.id}`)).json()) as {
      title: string;
      version: number;
    };
    expect(current.version).toBe(2);
    expect(current.title).toBe(a.status === 200 ? "A" : "B");
  });

  it("without If-Match, concurrent edits of different fields are all kept (no lost update)", async () => {
    const lead = await capture("merge-edit@example.com");
    const fields = ["name", "title", "company", "country"] as const;
    const values = { name: "Lin", title: "CFO", company: "Merged GmbH", country: "DE" };
    const responses = await Promise.all(
      fields.map((f) => api.call("PATCH", `/v1/leads/${lead.id}`, { body: { [f]: values[f] } })),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const current = (await (await api.call("GET", `/v1/leads/${lead.id}`)).json()) as Record<string, unknown>;
    expect(current).toMatchObject({ ...values, version: 5 });
  });

  it("moves the email: the old address becomes free, the new one is taken; another lead's email is 409", async () => {
    const a = await capture("old-address@example.com");
    const b = await capture("taken@example.com");
    expect(
      (await api.call("PATCH", `/v1/leads/${a.id}`, { body: { email: "Taken@example.com" } })).status,
    ).toBe(409);
    const moved = await api.call("PATCH", `/v1/leads/${a.id}`, {
      body: { email: "new-address@example.com" },
    });
    expect(moved.status).toBe(200);
    // A capture of the new address touches lead a; the old address now makes a new lead.
    const touch = (await (
      await api.call("POST", "/v1/leads", { body: { email: "new-address@example.com" } })
    ).json()) as { id: string };
    expect(touch.id).toBe(a.id);
    const fresh = await api.call("POST", "/v1/leads", { body: { email: "old-address@example.com" } });
    expect(fresh.status).toBe(201);
    expect(b.id).not.toBe(a.id);
  });

  it("a patch that changes nothing writes nothing", async () => {
    const lead = await capture("noop@example.com");
    const response = await api.call("PATCH", `/v1/leads/${lead.id}`, { body: { company: "Old Co" } });
    expect(response.headers.get("etag")).toBe('"1"');
  });

  it("rejects a malformed If-Match with 400 and an unknown lead with 404", async () => {
    const lead = await capture("bad-etag@example.com");
    expect(
      (
        await api.call("PATCH", `/v1/leads/${lead.id}`, {
          body: { title: "x" },
          headers: { "if-match": "version-one" },
        })
      ).status,
    ).toBe(400);
    expect(
      (await api.call("PATCH", "/v1/leads/01ARZ3NDEKTSV4RRFFQ69G5FAV", { body: { title: "x" } })).status,
    ).toBe(404);
  });
});
