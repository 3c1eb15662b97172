import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { launchBrowser, serveOverHttp } from "../../../test/browser";

interface Operation {
  operationId: string;
  summary: string;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

/** The API reference as a person sees it: a real Chromium loads /docs (Redoc) over HTTP, offline. */
describe("GET /docs in a real browser", () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof serveOverHttp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  let operations: { method: string; path: string; op: Operation }[];
  const outside: string[] = [];

  beforeAll(async () => {
    api = await createTestApi("docs-browser");
    server = await serveOverHttp(api.app);
    browser = await launchBrowser();
    const spec = (await (await api.call("GET", "/openapi.json")).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
    page = await browser.newPage();
    // Chromium reports a request the page's CSP refuses as a failed request; anything that got
    // an answer from outside the server would be a CDN dependency.
    page.on("requestfinished", (request) => {
      if (!request.url().startsWith(server.url) && !/^(blob|data):/.test(request.url()))
        outside.push(request.url());
    });
    page.on("requestfailed", (request) => {
      const reason = request.failure()?.errorText ?? "";
      if (!/csp/i.test(reason)) outside.push(`${request.url()} (${reason})`);
    });
    await page.goto(`${server.url}/docs`);
    await page.waitForSelector("[data-section-id^='operation/']", { timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await api?.close();
  });

  it("renders every operation of /openapi.json with its method, path and summary, loading nothing from outside", async () => {
    expect(operations.length).toBeGreaterThan(30);
    for (const { method, path, op } of operations) {
      const section = page.locator(`[data-section-id="operation/${op.operationId}"]`);
      expect(await section.count(), op.operationId).toBe(1);
      const text = (await section.textContent()) ?? "";
      expect(text, op.operationId).toContain(op.summary);
      // The method badge and the path, side by side in the operation's endpoint box.
      expect(text.toUpperCase(), op.operationId).toContain(`${method}${path}`.toUpperCase());
    }
    expect(await page.locator("[data-section-id^='operation/']").count()).toBe(operations.length);
    expect(outside).toEqual([]);
  });

  it("shows response schemas and every request media type of an operation", async () => {
    const multi = operations.find(({ op }) => Object.keys(op.requestBody?.content ?? {}).length > 1)!;
    const text = await page.locator(`[data-section-id="operation/${multi.op.operationId}"]`).textContent();
    for (const type of Object.keys(multi.op.requestBody!.content)) expect(text).toContain(type);
    expect(text).toMatch(/RESPONSE SCHEMA:\s*application\/json/i);
  });

  it("finds an operation with the search box", async () => {
    const target = operations.find(({ path }) => path === "/v1/rebounds/upcoming")!;
    await page.fill('input[placeholder="Search..."]', "upcoming");
    const hit = page.locator(
      `[data-role="search:results"] [data-item-id$="operation/${target.op.operationId}"]`,
    );
    await hit.waitFor({ timeout: 10_000 });
    expect(await hit.textContent()).toContain(target.op.summary);
  });
});
