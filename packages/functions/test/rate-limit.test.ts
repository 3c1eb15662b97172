import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import type { Principal, RateLimit } from "../../core/src/auth";
import { ManualClock } from "../../core/src/kernel";
import { RateLimitStore } from "../../core/src/store";
import { apiRoutes, createApp } from "../src/api/app";
import { errorHandler } from "../src/api/http/problem";
import { rateLimit } from "../src/api/http/rate-limit";
import { buildOpenApi } from "../src/api/openapi/document";
import { createLogger } from "../src/observability/log";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("ratelimit", { REBOUND_INGEST_RATE_LIMIT: "3/60" })));
afterAll(() => api.close());

const capture = (key: string, email: string, target = api) =>
  target.call("POST", "/v1/leads", { key, body: { email } });

describe("per-key rate limits", () => {
  it("an ingest key gets the stage default: within it 202, past it 429 problem+json with Retry-After, renewed next window", async () => {
    api.clock.set("2026-03-02T10:00:15.000Z");
    const ingest = await api.keyWith("ingest");
    for (let i = 0; i < 3; i++) expect((await capture(ingest, `rl-${i}@x.io`)).status).toBe(202);
    const refused = await capture(ingest, "rl-3@x.io");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("45");
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await refused.json()).toMatchObject({ type: "urn:rebound:problem:rate-limited", status: 429 });
    // Nothing was written for the refused capture.
    const emails = (
      (await (await api.call("GET", "/v1/leads?limit=100")).json()) as { items: { email: string }[] }
    ).items.map((l) => l.email);
    expect(emails).not.toContain("rl-3@x.io");
    // Trusted keys without a budget of their own are not limited; the admin still works.
    const automation = await api.keyWith("automation");
    for (let i = 0; i < 5; i++) expect((await capture(automation, `auto-${i}@x.io`)).status).toBe(201);
    api.clock.set("2026-03-02T10:01:00.000Z");
    expect((await capture(ingest, "rl-3@x.io")).status).toBe(202);
  });

  it("a key's own budget wins over the default, for any kind of key", async () => {
    api.clock.set("2026-03-02T11:00:00.000Z");
    const created = await api.call("POST", "/v1/api-keys", {
      body: { name: "zapier", scopes: ["automation"], rateLimit: { requests: 2, windowSeconds: 10 } },
    });
    const { token, rateLimit: shown } = (await created.json()) as { token: string; rateLimit: RateLimit };
    expect(shown).toEqual({ requests: 2, windowSeconds: 10 });
    expect((await api.call("GET", "/v1/leads", { key: token })).status).toBe(200);
    expect((await api.call("GET", "/v1/leads", { key: token })).status).toBe(200);
    const refused = await api.call("GET", "/v1/leads", { key: token });
    expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "10"]);
    const invalid = await api.call("POST", "/v1/api-keys", {
      body: { name: "x", scopes: ["ingest"], rateLimit: { requests: 0, windowSeconds: 10 } },
    });
    expect(invalid.status).toBe(422);
  });

  it("two API instances over one table share one budget", async () => {
    // A second app over the same table and configuration: another Lambda instance of the stage,
    // with its own middleware state.
    const second = createApp(api.deps);
    api.clock.set("2026-03-02T12:00:00.000Z");
    const ingest = await api.keyWith("ingest");
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        Promise.resolve(
          (i % 2 ? second : api.app).request("/v1/leads", {
            method: "POST",
            headers: { authorization: `Bearer ${ingest}`, "content-type": "application/json" },
            body: JSON.stringify({ email: `twin-${i}@x.io` }),
          }),
        ).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 202)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it("an instance that learnt a key is spent refuses it without another counter write until the window ends", async () => {
    const real = new RateLimitStore(api.stores.table.client, api.stores.table.tableName);
    let writes = 0;
    const counted = {
      hit: (...args: Parameters<RateLimitStore["hit"]>) => {
        writes++;
        return real.hit(...args);
      },
    };
    const clock = new ManualClock("2026-03-02T13:00:05.000Z");
    const principal: Principal = { id: "spent-key", kind: "api_key", name: "form", scopes: ["ingest"] };
    const app = new Hono();
    app.use("*", async (c, next) => {
      c.set("principal", principal);
      await next();
    });
    app.use("*", rateLimit(counted, clock, { ingest: { requests: 2, windowSeconds: 60 } }));
    app.get("/", (c) => c.text("ok"));
    app.onError(errorHandler(createLogger({ write: () => {} })));
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await app.request("/")).status);
    expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
    expect(writes).toBe(3);
    clock.set("2026-03-02T13:01:00.000Z");
    expect((await app.request("/")).status).toBe(200);
    expect(writes).toBe(4);
  });

  it("every operation documents 429 with a required Retry-After (any presented key may be over its budget)", () => {
    const document = buildOpenApi(apiRoutes(api.deps), { title: "t", version: "1" }) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { $ref?: string }> }>>;
      components: { responses: Record<string, { headers?: Record<string, { required?: boolean }> }> };
    };
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const own = operation.responses["429"] as
          | { $ref?: string; headers?: Record<string, { required?: boolean }> }
          | undefined;
        // Shared ($ref), or inline where the operation also answers with pages (the form capture).
        const response = own?.$ref ? document.components.responses[own.$ref.split("/").at(-1)!] : own;
        expect(response?.headers?.["Retry-After"]?.required, `${method} ${path}`).toBe(true);
      }
  });
});
