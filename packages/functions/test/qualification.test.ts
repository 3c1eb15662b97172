import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { json, readySignals, timeline } from "../../../test/handoff";
import { defaultPolicyInput } from "../../core/src/qualification";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("qual")));
afterAll(() => api.close());

interface PolicyBody {
  version: number;
  name?: string;
  createdBy: string;
  engagement: { minTouches: number };
  threshold: number;
}

const policyWith = (changes: Record<string, unknown>) => ({ ...defaultPolicyInput, ...changes });

describe("GET/PUT /v1/policies/sales-ready", () => {
  it("serves the default BANT policy as version 1 on a fresh stage, to sales and automation but not ingest", async () => {
    const response = await api.call("GET", "/v1/policies/sales-ready", { key: await api.keyWith("sales") });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe('"1"');
    expect(await response.json()).toMatchObject({
      version: 1,
      name: "BANT",
      createdBy: "default",
      threshold: 60,
    });
    expect(
      (await api.call("GET", "/v1/policies/sales-ready", { key: await api.keyWith("automation") })).status,
    ).toBe(200);
    expect(
      (await api.call("GET", "/v1/policies/sales-ready", { key: await api.keyWith("ingest") })).status,
    ).toBe(403);
  });

  it("PUT (admin only) creates the next version; earlier versions stay readable", async () => {
    const sales = await api.keyWith("sales");
    expect(
      (await api.call("PUT", "/v1/policies/sales-ready", { key: sales, body: policyWith({ threshold: 70 }) }))
        .status,
    ).toBe(403);
    const response = await api.call("PUT", "/v1/policies/sales-ready", {
      body: policyWith({ name: "Stricter", threshold: 70 }),
      headers: { "if-match": '"1"' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("etag")).toBe('"2"');
    expect(await response.json()).toMatchObject({
      version: 2,
      name: "Stricter",
      threshold: 70,
      createdBy: "bootstrap",
    });
    expect(await json<PolicyBody>(api.call("GET", "/v1/policies/sales-ready"))).toMatchObject({
      version: 2,
      threshold: 70,
    });
    expect(await json<PolicyBody>(api.call("GET", "/v1/policies/sales-ready?version=1"))).toMatchObject({
      version: 1,
      threshold: 60,
    });
    expect((await api.call("GET", "/v1/policies/sales-ready?version=99")).status).toBe(404);
  });

  it("refuses an invalid policy with 422 naming the fields, and a stale If-Match with 412", async () => {
    const invalid = await api.call("PUT", "/v1/policies/sales-ready", {
      body: policyWith({ threshold: -1, criteria: { budget: ["lots"] } }),
    });
    expect(invalid.status).toBe(422);
    const pointers = (await json<{ errors: { pointer: string }[] }>(invalid)).errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(["#/threshold", "#/criteria/budget/0"]));
    const stale = await api.call("PUT", "/v1/policies/sales-ready", {
      body: policyWith({}),
      headers: { "if-match": '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(await json<PolicyBody>(api.call("GET", "/v1/policies/sales-ready"))).toMatchObject({ version: 2 });
  });

  it("concurrent PUTs never make the same version: each gets its own, none is lost", async () => {
    const before = (await json<PolicyBody>(api.call("GET", "/v1/policies/sales-ready"))).version;
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.call("PUT", "/v1/policies/sales-ready", {
          body: policyWith({ name: `writer ${i}`, threshold: 60 + i }),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    const versions = (await Promise.all(responses.map((r) => json<PolicyBody>(r))))
      .map((p) => p.version)
      .sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 6 }, (_, i) => before + 1 + i));
    // Every version holds the policy its writer sent.
    for (const version of versions) {
      const stored = await json<PolicyBody>(api.call("GET", `/v1/policies/sales-ready?version=${version}`));
      expect(stored.threshold).toBe(60 + Number(stored.name!.split(" ")[1]));
    }
    // With the same If-Match, exactly one writer wins; the others learn about it (412).
    const current = before + 6;
    const pinned = await Promise.all(
      Array.from({ length: 4 }, () =>
        api.call("PUT", "/v1/policies/sales-ready", {
          body: policyWith({}),
          headers: { "if-match": `"${current}"` },
        }),
      ),
    );
    expect(pinned.map((r) => r.status).sort()).toEqual([201, 412, 412, 412]);
  });
});

describe("evaluation at capture and edit", () => {
  it("judges each capture by the policy in force and stores the verdict; a touch that meets it makes the lead sales-ready", async () => {
    const put = await json<PolicyBody>(
      api.call("PUT", "/v1/policies/sales-ready", {
        body: policyWith({ name: "Two touches", engagement: { minTouches: 2, minDistinctSources: 1 } }),
      }),
    );
    const first = await json(
      api.call("POST", "/v1/leads", { body: { email: "two-touch@example.com", signals: readySignals } }),
    );
    expect(first.status).toBe("nurturing");
    expect(first.qualification).toMatchObject({
      policyVersion: put.version,
      passed: false,
      reasons: ["1 touch, needs 2"],
    });
    const second = await json(
      api.call("POST", "/v1/leads", {
        body: { email: "two-touch@example.com", source: { type: "webinar", id: "w-9" } },
      }),
    );
    expect(second).toMatchObject({ status: "sales_ready", qualification: { passed: true, reasons: [] } });
    const verdicts = (await timeline(api, first.id)).filter((e) => e.type === "lead.qualified");
    expect(
      verdicts.map((e) => [e.version, (e.data.verdict as { passed: boolean }).passed, e.data.to]),
    ).toEqual([
      [1, false, "nurturing"],
      [2, true, "sales_ready"],
    ]);
  });

  it("an edit of the signals re-evaluates: sales_ready back to nurturing, with the reasons", async () => {
    const lead = await json(
      api.call("POST", "/v1/leads", { body: { email: "edit-me@example.com", signals: readySignals } }),
    );
    await api.call("POST", "/v1/leads", { body: { email: "edit-me@example.com" } });
    const patched = await api.call("PATCH", `/v1/leads/${lead.id}`, {
      body: { signals: { timeline: "over_6_months" } },
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({
      status: "nurturing",
      qualification: { passed: false, reasons: ["timeline over 6 months"] },
    });
    const last = (await timeline(api, lead.id)).at(-1)!;
    expect(last).toMatchObject({
      type: "lead.qualified",
      data: { verdict: { passed: false }, from: "sales_ready", to: "nurturing" },
    });
  });

  it("a status filter finds leads by their verdict's status", async () => {
    const ready = await json<{ items: { email: string }[] }>(
      api.call("GET", "/v1/leads?status=sales_ready&limit=100"),
    );
    expect(ready.items.map((l) => l.email)).toContain("two-touch@example.com");
    expect(ready.items.map((l) => l.email)).not.toContain("edit-me@example.com");
  });
});
