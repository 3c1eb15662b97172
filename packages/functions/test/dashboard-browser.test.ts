import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { launchBrowser, serveOverHttp } from "../../../test/browser";
import { playQuarter, reportProjector } from "../../../test/reports";

/** The dashboard as a sales manager sees it: a real Chromium opens /dashboard over HTTP. */
describe("GET /dashboard in a real browser", () => {
  let api: TestApi;
  let server: Awaited<ReturnType<typeof serveOverHttp>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let manager: string;

  beforeAll(async () => {
    api = await createTestApi("dashboard");
    manager = await api.keyWith("sales");
    await playQuarter(api);
    const projector = reportProjector(api);
    await projector.poll();
    projector.close();
    server = await serveOverHttp(api.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await api?.close();
  });

  /** How the page writes a figure (the test's own statement of it, not the page's code). */
  function formatted(value: unknown, field: string): string {
    if (value === null) return "–";
    if (field.startsWith("median")) {
      const hours = (value as { hours: number }).hours;
      if (hours < 1) return `${Math.round(hours * 60)} min`;
      return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
    }
    if (/(Rate|compliance)$/.test(field) || field.startsWith("conversion."))
      return `${((value as number) * 100).toFixed(1)}%`;
    if (field === "leadsPerSale") return (value as number).toFixed(1);
    return (value as number).toLocaleString("en-US");
  }

  const pick = (object: unknown, path: string) =>
    path
      .split(".")
      .reduce<unknown>(
        (v, part) => (v === null || v === undefined ? v : (v as Record<string, unknown>)[part]),
        object,
      );

  it("asks for a key, keeps it for the tab only, and shows the figures the API returns", async () => {
    const get = async (path: string) => (await api.call("GET", path, { key: manager })).json();
    const api_ = {
      funnel: await get("/v1/reports/funnel?groupBy=source"),
      sources: await get("/v1/reports/sources?groupBy=source"),
      reps: await get("/v1/reports/reps?groupBy=rep"),
      rebounds: await get("/v1/reports/rebounds?groupBy=cycle"),
    } as Record<string, { totals: { key: string }; groups: { key: string }[] }>;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${server.url}/dashboard`);
    expect(await page.locator("#dashboard").isHidden()).toBe(true);
    await page.fill("#key", manager);
    await page.click("#key-form button[type=submit]");
    await page.waitForSelector("#dashboard:not([hidden])", { timeout: 20_000 });
    expect(await page.evaluate('sessionStorage.getItem("rebound.dashboard.key")')).toBe(manager);
    expect(await page.evaluate("JSON.stringify(localStorage)")).toBe("{}");

    const figures = await page.locator("[data-report]").evaluateAll((nodes) =>
      nodes.map((n) => ({
        report: n.getAttribute("data-report")!,
        key: n.getAttribute("data-key")!,
        field: n.getAttribute("data-field")!,
        value: JSON.parse(n.getAttribute("data-value")!),
        text: n.textContent!,
      })),
    );
    // Every tile, and a row per group plus the total in both tables.
    const perReport = (name: string) => figures.filter((f) => f.report === name);
    expect(perReport("funnel").length).toBe(7);
    expect(new Set(perReport("sources").map((f) => f.key))).toEqual(
      new Set([...api_.sources!.groups.map((g) => g.key), "total"]),
    );
    expect(new Set(perReport("reps").map((f) => f.key))).toEqual(
      new Set([...api_.reps!.groups.map((g) => g.key), "total"]),
    );
    expect(perReport("rebounds").length).toBe(6);
    for (const figure of figures) {
      const report = api_[figure.report]!;
      const row =
        figure.report === "rebounds"
          ? report
          : figure.key === "total"
            ? report.totals
            : report.groups.find((g) => g.key === figure.key);
      const expected = pick(row, figure.field) ?? null;
      expect(figure.value, `${figure.report} ${figure.key} ${figure.field}`).toEqual(expected);
      expect(figure.text, `${figure.report} ${figure.key} ${figure.field}`).toBe(
        formatted(expected, figure.field),
      );
    }
    // The charts hold the same figures.
    const funnelBars = await page.evaluate(
      'Chart.getChart(document.getElementById("funnel-chart")).data.datasets[0].data',
    );
    const totals = api_.funnel!.totals as unknown as Record<string, number>;
    expect(funnelBars).toEqual(
      ["entered", "salesReady", "handedOff", "accepted", "won"].map((k) => totals[k]),
    );
    expect(errors).toEqual([]);

    await page.click("#sign-out");
    expect(await page.evaluate('sessionStorage.getItem("rebound.dashboard.key")')).toBeNull();
    expect(await page.locator("#sign-in").isVisible()).toBe(true);
    await page.close();
  });

  it("says so, and asks again, when the key may not read reports", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/dashboard`);
    await page.fill("#key", await api.keyWith("ingest"));
    await page.click("#key-form button[type=submit]");
    await page.waitForSelector("#status.error", { timeout: 20_000 });
    expect(await page.locator("#status").textContent()).toMatch(/Could not load the reports/);
    expect(await page.evaluate('sessionStorage.getItem("rebound.dashboard.key")')).toBeNull();
    expect(await page.locator("#sign-in").isVisible()).toBe(true);
    await page.close();
  });
});
