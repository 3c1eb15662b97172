import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";

let api: TestApi;
const created: { id: string; email: string; source: string }[] = [];
beforeAll(async () => {
  api = await createTestApi("read");
  // 30 leads from three sources, one per simulated second so creation order is known.
  for (let i = 0; i < 30; i++) {
    const source =
      i % 3 === 0
        ? { type: "webinar", id: "wb-7" }
        : i % 3 === 1
          ? { type: "webinar", id: "wb-8" }
          : { type: "form" };
    api.clock.advance(1_000);
    const lead = (await (
      await api.call("POST", "/v1/leads", { body: { email: `p${i}@example.com`, source } })
    ).json()) as { id: string };
    created.push({
      id: lead.id,
      email: `p${i}@example.com`,
      source: source.type + ("id" in source ? `:${source.id}` : ""),
    });
  }
});
afterAll(() => api.close());

async function pageThrough(query: string, limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await api.call(
      "GET",
      `/v1/leads?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: { id: string }[]; next?: string };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((l) => l.id));
    cursor = page.next;
    pages++;
  } while (cursor && pages < 50);
  return { seen, pages };
}

describe("GET /v1/leads", () => {
  it.each([1, 4, 7, 30, 100])(
    "pages through every lead exactly once, newest first (limit %i)",
    async (limit) => {
      const { seen, pages } = await pageThrough("", limit);
      expect(seen).toEqual([...created].reverse().map((l) => l.id));
      if (limit < 30) expect(pages).toBeGreaterThan(1);
    },
  );

  it("filters by status across shards", async () => {
    const { seen } = await pageThrough("status=nurturing", 6);
    expect(seen).toHaveLength(30);
    expect((await pageThrough("status=won", 6)).seen).toEqual([]);
  });

  it("filters by source type and by source id", async () => {
    // A type-only listing is grouped by source id (both newest first): one index serves both filters.
    const webinar = await pageThrough("source=webinar", 4);
    const bySourceThenNewest = created
      .filter((l) => l.source.startsWith("webinar"))
      .sort((a, b) => (a.source === b.source ? b.id.localeCompare(a.id) : b.source.localeCompare(a.source)));
    expect(webinar.seen).toEqual(bySourceThenNewest.map((l) => l.id));
    const wb7 = await pageThrough("source=webinar:wb-7", 3);
    expect(wb7.seen).toEqual(
      created
        .filter((l) => l.source === "webinar:wb-7")
        .reverse()
        .map((l) => l.id),
    );
  });

  it("rejects a tampered cursor or a cursor from another filter with 400", async () => {
    const first = (await (await api.call("GET", "/v1/leads?limit=2")).json()) as { next: string };
    const tampered = first.next.slice(0, -2) + (first.next.endsWith("A") ? "BB" : "AA");
    expect((await api.call("GET", `/v1/leads?limit=2&cursor=${tampered}`)).status).toBe(400);
    const foreign = await api.call(
      "GET",
      `/v1/leads?limit=2&status=captured&cursor=${encodeURIComponent(first.next)}`,
    );
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe(
      "#/query/cursor",
    );
  });

  it("rejects bad query parameters with 400 naming the parameter", async () => {
    for (const query of ["limit=0", "limit=101", "limit=abc", "status=maybe", "source=fax"]) {
      const response = await api.call("GET", `/v1/leads?${query}`);
      expect(response.status, query).toBe(400);
      const problem = (await response.json()) as { errors: { path: string[] }[] };
      expect(problem.errors[0]!.path[0]).toBe("query");
    }
  });
});

describe("GET /v1/leads/{id} and timeline", () => {
  it("returns the lead with its ETag, 404 for an unknown id, 400 for a malformed id", async () => {
    const response = await api.call("GET", `/v1/leads/${created[0]!.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('"1"');
    expect((await api.call("GET", "/v1/leads/01ARZ3NDEKTSV4RRFFQ69G5FAV")).status).toBe(404);
    expect((await api.call("GET", "/v1/leads/not-an-id")).status).toBe(400);
    expect((await api.call("GET", "/v1/leads/01ARZ3NDEKTSV4RRFFQ69G5FAV/timeline")).status).toBe(404);
  });

  it("pages a long timeline in order with who, when, what", async () => {
    const id = created[5]!.id;
    for (let i = 0; i < 6; i++) {
      api.clock.advance(60_000);
      await api.call("POST", "/v1/leads", {
        body: { email: created[5]!.email, source: { type: "form", id: `visit-${i}` } },
      });
    }
    const events: { version: number; type: string; actor: { kind: string }; at: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = (await (
        await api.call(
          "GET",
          `/v1/leads/${id}/timeline?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        )
      ).json()) as { items: typeof events; next?: string };
      events.push(...page.items);
      cursor = page.next;
    } while (cursor);
    expect(events.map((e) => e.version)).toEqual([1, 1, 2, 3, 4, 5, 6, 7]);
    expect(events.slice(0, 2).map((e) => e.type)).toEqual(["lead.captured", "lead.qualified"]);
    expect(events.slice(2).every((e) => e.type === "lead.touched" && e.actor.kind === "bootstrap")).toBe(
      true,
    );
    expect([...events.map((e) => e.at)].sort()).toEqual(events.map((e) => e.at));
  });
});
