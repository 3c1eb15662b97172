import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { captureWithConsent, closeLead } from "../../../test/rebound";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("rebound-api", { REBOUND_SEGMENT_SETTLE_MS: "10000" })));
afterAll(() => api.close());

describe("rebound API", () => {
  it("GET/PUT /v1/policies/rebound: default version 0, admin-only versioned replace with If-Match", async () => {
    const automation = await api.keyWith("automation");
    const initial = await api.call("GET", "/v1/policies/rebound", { key: automation });
    expect(initial.status).toBe(200);
    expect(await initial.json()).toMatchObject({
      version: 0,
      default: ["P6M"],
      reasons: { spam: "never", no_budget: ["P6M", "P12M"] },
    });
    expect(
      (await api.call("PUT", "/v1/policies/rebound", { key: automation, body: { default: ["P6M"] } })).status,
    ).toBe(403);
    expect(
      (await api.call("PUT", "/v1/policies/rebound", { body: { default: ["six months"] } })).status,
    ).toBe(422);
    const put = await api.call("PUT", "/v1/policies/rebound", {
      body: { default: ["PT5M"], reasons: { timing: ["PT30S", "PT2M"], spam: "never" } },
      headers: { "if-match": '"0"' },
    });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toBe('"1"');
    expect(
      (
        await api.call("PUT", "/v1/policies/rebound", {
          body: { default: ["P1M"] },
          headers: { "if-match": '"0"' },
        })
      ).status,
    ).toBe(412);
    expect(await (await api.call("GET", "/v1/policies/rebound")).json()).toMatchObject({
      version: 1,
      reasons: { timing: ["PT30S", "PT2M"] },
    });
  });

  it("concurrent PUTs of the rebound policy behave like the sales-ready policy's: each gets its own version, If-Match races answer 412", async () => {
    const before = ((await (await api.call("GET", "/v1/policies/rebound")).json()) as { version: number })
      .version;
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        api.call("PUT", "/v1/policies/rebound", { body: { default: [`P${i + 1}M`] } }),
      ),
    );
    // No 409 for a lost race: it is retried as the next version.
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(200));
    const written = (await Promise.all(responses.map((r) => r.json()))) as {
      version: number;
      default: string[];
    }[];
    expect(written.map((p) => p.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 5 }, (_, i) => before + 1 + i),
    );
    expect(new Set(written.map((p) => p.default[0])).size).toBe(5);
    const current = before + 5;
    const pinned = await Promise.all(
      Array.from({ length: 3 }, () =>
        api.call("PUT", "/v1/policies/rebound", {
          body: { default: ["P6M"] },
          headers: { "if-match": `"${current}"` },
        }),
      ),
    );
    expect(pinned.map((r) => r.status).sort()).toEqual([200, 412, 412]);
    // Back to the delays the next test expects.
    const reset = await api.call("PUT", "/v1/policies/rebound", {
      body: { default: ["PT5M"], reasons: { timing: ["PT30S", "PT2M"], spam: "never" } },
    });
    expect(reset.status).toBe(200);
  });

  it("a whole cycle by hand: lose, dry-run, sweep, upcoming, pull the segment as JSON and CSV", async () => {
    api.clock.set("2026-03-02T09:00:00.000Z");
    const lead = await captureWithConsent(api, "cycle@example.com", {
      name: "Ada Lovelace",
      company: "Engines, Ltd",
    });
    await closeLead(api, lead.id, "timing", { competitor: "Rival" }); // policy v1: PT30S and PT2M

    const upcoming = (await (await api.call("GET", "/v1/rebounds/upcoming?groupBy=reason")).json()) as {
      groups: { key: string; count: number }[];
    };
    expect(upcoming.groups).toEqual([expect.objectContaining({ key: "timing", count: 2 })]);
    expect(
      (
        (await (await api.call("GET", "/v1/rebounds/upcoming?groupBy=week")).json()) as {
          groups: { key: string }[];
        }
      ).groups[0]!.key,
    ).toBe("2026-03-02");

    api.clock.advance(31_000);
    const dry = (await (await api.call("POST", "/v1/admin/sweeps/rebound?dryRun=true")).json()) as {
      due: { leadId: string; cycle: number }[];
    };
    expect(dry.due).toEqual([expect.objectContaining({ leadId: lead.id, cycle: 1 })]);
    expect(await (await api.call("POST", "/v1/admin/sweeps/rebound")).json()).toMatchObject({ rebounded: 1 });

    const automation = await api.keyWith("automation");
    // Inside the settle window: not yet visible, but the cursor is still returned.
    const early = (await (await api.call("GET", "/v1/segments/rebound", { key: automation })).json()) as {
      items: unknown[];
      next?: string;
    };
    expect(early.items).toEqual([]);
    api.clock.advance(11_000);
    const page = (await (
      await api.call("GET", "/v1/segments/rebound?reason=timing", { key: automation })
    ).json()) as { items: Record<string, unknown>[]; next: string };
    expect(page.items).toEqual([
      expect.objectContaining({
        cycle: 1,
        reason: "timing",
        lead: { id: lead.id, email: "cycle@example.com", name: "Ada Lovelace", company: "Engines, Ltd" },
        closed: expect.objectContaining({ kind: "lost", competitor: "Rival" }),
      }),
    ]);
    const again = (await (
      await api.call("GET", `/v1/segments/rebound?reason=timing&cursor=${encodeURIComponent(page.next)}`, {
        key: automation,
      })
    ).json()) as { items: unknown[] };
    expect(again.items).toEqual([]);
    // A cursor is bound to its filter.
    expect(
      (
        await api.call("GET", `/v1/segments/rebound?cursor=${encodeURIComponent(page.next)}`, {
          key: automation,
        })
      ).status,
    ).toBe(400);

    const csv = await api.call("GET", "/v1/segments/rebound", {
      key: automation,
      headers: { accept: "text/csv" },
    });
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("x-next-cursor")).toBeTruthy();
    expect(csv.headers.get("link")).toMatch(/rel="next"/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      "entered_at,cycle,lead_id,email,name,company,closed_as,reason,competitor,closed_at,source",
    );
    expect(lines[1]).toContain(`${lead.id},cycle@example.com,Ada Lovelace,"Engines, Ltd",lost,timing,Rival`);

    expect((await api.call("GET", "/v1/segments/rebound", { key: await api.keyWith("sales") })).status).toBe(
      403,
    );
  });
});
