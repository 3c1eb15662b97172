import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { staticAssets } from "../src/api/static/manifest";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("problems", { REBOUND_MAX_BODY_BYTES: "4096" })));
afterAll(() => api.close());

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as {
    type: string;
    title: string;
    status: number;
    detail?: string;
    errors?: { pointer: string; detail: string }[];
  };
}

describe("problem+json for bad input", () => {
  it("lists every invalid field with a JSON pointer (422)", async () => {
    const response = await api.call("POST", "/v1/leads", {
      body: {
        email: "not-an-email",
        phone: "call me",
        country: "Germany",
        source: { type: "fax", id: "a#b" },
        signals: { budget: "lots" },
      },
    });
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect([...new Set(body.errors!.map((e) => e.pointer))].sort()).toEqual([
      "#/country",
      "#/email",
      "#/phone",
      "#/signals/budget",
      "#/source/id",
      "#/source/type",
    ]);
  });

  it("names unknown fields instead of dropping them silently", async () => {
    const body = await problem(
      await api.call("POST", "/v1/leads", { body: { emial: "typo@example.com", email: "ok@example.com" } }),
    );
    expect(body.status).toBe(422);
    expect(body.errors).toEqual([
      expect.objectContaining({ pointer: "#/emial", detail: 'Unknown field "emial"' }),
    ]);
  });

  it("bounds custom fields", async () => {
    const custom = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    const body = await problem(
      await api.call("POST", "/v1/leads", { body: { email: "c@example.com", custom } }),
    );
    expect(body.errors!.some((e) => e.pointer === "#/custom")).toBe(true);
  });

  it("answers malformed JSON with 400, another media type with 415, an oversized body with 413", async () => {
    expect((await problem(await api.call("POST", "/v1/leads", { body: "{oops" }))).status).toBe(400);
    expect(
      (
        await problem(
          await api.call("POST", "/v1/leads", {
            body: "email=a@b.c",
            headers: { "content-type": "application/x-www-form-urlencoded" },
          }),
        )
      ).status,
    ).toBe(415);
    const big = await api.call("POST", "/v1/leads", {
      body: { email: "big@example.com", custom: { note: "x".repeat(5_000) } },
    });
    expect((await problem(big)).status).toBe(413);
  });

  it("answers unknown routes with a problem 404", async () => {
    expect((await problem(await api.call("GET", "/v1/nothing-here"))).status).toBe(404);
  });

  it("never answers 500 and never writes for arbitrary JSON bodies (property)", async () => {
    const before = ((await (await api.call("GET", "/v1/leads?limit=100")).json()) as { items: unknown[] })
      .items.length;
    const junk = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          email: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          source: fc.jsonValue(),
          signals: fc.jsonValue(),
          custom: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (body) => {
        const response = await api.call("POST", "/v1/leads", { body: JSON.stringify(body) });
        if (response.status >= 500) throw new Error(`500 for ${JSON.stringify(body)}`);
        if (response.status === 201 || response.status === 200) return; // a valid lead by chance
        expect([400, 413, 422]).toContain(response.status);
      }),
      { numRuns: 150 },
    );
    const afterPage = (
      (await (await api.call("GET", "/v1/leads?limit=100")).json()) as { items: { email: string }[] }
    ).items;
    // Only bodies that happened to be valid leads may have written something.
    expect(afterPage.length).toBeGreaterThanOrEqual(before);
    for (const lead of afterPage) expect(lead.email).toMatch(/@/);
  });
});

describe("OpenAPI", () => {
  it("documents every mounted route with its scopes, generated from the zod schemas", async () => {
    const doc = (await (await api.call("GET", "/openapi.json", { key: null })).json()) as {
      openapi: string;
      components: { schemas: Record<string, { required?: string[] }> };
      paths: Record<
        string,
        Record<
          string,
          {
            operationId: string;
            requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
            "x-scopes"?: string[];
          }
        >
      >;
    };
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        "captureLead",
        "listLeads",
        "getLead",
        "updateLead",
        "getLeadTimeline",
        "createApiKey",
        "listApiKeys",
        "revokeApiKey",
        "health",
      ]),
    );
    const capture = doc.paths["/v1/leads"]!.post!;
    const body = capture.requestBody!.content["application/json"]!.schema;
    expect(body.$ref).toBe("#/components/schemas/CaptureInput");
    expect(doc.components.schemas.CaptureInput!.required).toEqual(["email"]);
    expect(capture["x-scopes"]).toEqual(["ingest", "sales", "automation"]);
    // Every route the app answers is in the document (static files are not operations).
    const assets = new Set(staticAssets.map((a) => a.path));
    for (const route of api.app.routes.filter((r) => r.method !== "ALL" && !assets.has(r.path))) {
      const path = route.path.replace(/:(\w+)/g, "{$1}");
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path}`).toBeDefined();
    }
  });
});
