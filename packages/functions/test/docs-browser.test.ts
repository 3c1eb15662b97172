import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { launchBrowser, serveOverHttp } from "../../../test/browser";

/** The API reference as a person sees it: a real Chromium loads /docs over HTTP. */
describe("GET /docs in a real browser", () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof serveOverHttp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    api = await createTestApi("docs-browser");
    server = await serveOverHttp(api.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await api?.close();
  });

  it("shows every operation of /openapi.json", async () => {
    const spec = (await (await api.call("GET", "/openapi.json")).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const page = await browser.newPage();
    await page.goto(`${server.url}/docs`);
    const texts = await page.locator("details.op summary").allInnerTexts();
    await page.close();
    const shown = texts.map((t) => t.split("\n").slice(0, 2).join(" ").replace(/\s+/g, " ").trim());
    for (const operation of operations) expect(shown.some((s) => s.startsWith(operation))).toBe(true);
    expect(shown).toHaveLength(operations.length);
  });
});
