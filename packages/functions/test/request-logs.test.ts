import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, createTestApi, type TestApi } from "../../../test/api";
import { createApp } from "../src/api/app";
import { createLogger, createMetrics } from "../src/observability";

let api: TestApi;
let app: Hono;
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  api = await createTestApi("request-logs");
  app = createApp({
    ...api.deps,
    log: createLogger({ level: "debug", write: (line) => lines.push(JSON.parse(line)) }),
    metrics: createMetrics("test", () => {}),
  });
});
afterAll(() => api.close());

/** A request as API Gateway hands it to the Lambda: hono/aws-lambda passes the event as `env`. */
const viaGateway = (path: string, requestId: string, init: RequestInit = {}) =>
  app.request(
    path,
    {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json", ...init.headers },
    },
    { event: { requestContext: { requestId } } },
  );

describe("correlation id", () => {
  it("is API Gateway's request id: sent back, on the request's log line, and on the events it caused", async () => {
    // Act
    const response = await viaGateway("/v1/leads", "apigw-req-1", {
      method: "POST",
      body: JSON.stringify({ email: "corr@example.com", source: { type: "form", id: "f" } }),
    });
    const lead = (await response.json()) as { id: string };
    const timeline = (await (await api.call("GET", `/v1/leads/${lead.id}/timeline`)).json()) as {
      items: { type: string; actor: { correlationId?: string } }[];
    };
    // Assess
    expect(response.headers.get("x-correlation-id")).toBe("apigw-req-1");
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: "INFO",
        message: "request",
        method: "POST",
        status: 201,
        correlationId: "apigw-req-1",
      }),
    );
    expect(timeline.items.length).toBeGreaterThan(0);
    expect(timeline.items.map((e) => e.actor.correlationId)).toEqual(timeline.items.map(() => "apigw-req-1"));
  });

  it("is made up when there is no gateway (npm start), and differs per request", async () => {
    const first = (await app.request("/health")).headers.get("x-correlation-id");
    const second = (await app.request("/health")).headers.get("x-correlation-id");
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });

  it("is on error answers too", async () => {
    const response = await viaGateway("/v1/leads/01ARZ3NDEKTSV4RRFFQ69G5FAV", "apigw-req-404");
    expect(response.status).toBe(404);
    expect(response.headers.get("x-correlation-id")).toBe("apigw-req-404");
  });
});

describe("no personal data in the logs", () => {
  it("capturing, reading, editing, searching and erasing a lead, and a bot's form post, log no email, no name and no key", async () => {
    // Prepare
    const email = "grace.hopper@navy.example";
    const name = "Grace Brewster Hopper";
    lines.length = 0;
    // Act
    const created = await viaGateway("/v1/leads", "pii-1", {
      method: "POST",
      body: JSON.stringify({ email, name, company: "US Navy", source: { type: "form", id: "f" } }),
    });
    const lead = (await created.json()) as { id: string; version: number };
    await viaGateway(`/v1/leads/${lead.id}`, "pii-2");
    await viaGateway(`/v1/leads/${lead.id}`, "pii-3", {
      method: "PATCH",
      headers: { "if-match": `"${lead.version}"` },
      body: JSON.stringify({ name: `${name} Jr` }),
    });
    await viaGateway(`/v1/leads?email=${encodeURIComponent(email)}`, "pii-4");
    await viaGateway("/v1/leads", "pii-5", { method: "POST", body: JSON.stringify({ email, name: 42 }) });
    // A plain HTML form with its public key in the URL, filled in by a bot (the honeypot).
    const formKey = await api.keyWith("ingest");
    const bot = await app.request(`/v1/capture/form?key=${formKey}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, name, rb_website: "https://spam.example" }).toString(),
    });
    const erased = await viaGateway(`/v1/leads/${lead.id}/erase`, "pii-6", { method: "POST" });
    // Assess
    expect(bot.status).toBe(303);
    expect(erased.status).toBe(200);
    expect(lines.filter((l) => l.message === "request")).toHaveLength(7);
    expect(lines).toContainEqual(expect.objectContaining({ level: "WARN", message: "form honeypot filled" }));
    const text = JSON.stringify(lines);
    expect(text).not.toContain(email);
    expect(text).not.toContain("Hopper");
    expect(text).not.toContain(formKey);
  });
});
