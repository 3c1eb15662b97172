import { Hono } from "hono";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { launchBrowser, serveOverHttp } from "../../../test/browser";
import { HONEYPOT_FIELD } from "../../core/src/intake";

/**
 * A plain HTML form on another site, submitted by a real Chromium with JavaScript turned off:
 * the browser sends what browsers send (its own Origin, urlencoded fields, no key header).
 */
describe("a plain HTML form, no JavaScript, in a real browser", () => {
  let api: TestApi;
  let apiServer: Awaited<ReturnType<typeof serveOverHttp>>;
  let site: Awaited<ReturnType<typeof serveOverHttp>>;
  let siteOrigin: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    api = await createTestApi("forms-browser");
    apiServer = await serveOverHttp(api.app);
    let formHtml = "";
    const siteApp = new Hono();
    siteApp.get("/contact", (c) => c.html(formHtml));
    siteApp.get("/thanks", (c) => c.html("<h1>Thanks from the site</h1>"));
    site = await serveOverHttp(siteApp);
    // Another origin than the API's: localhost, not 127.0.0.1.
    siteOrigin = site.url.replace("127.0.0.1", "localhost");
    const created = await api.call("POST", "/v1/api-keys", {
      body: {
        name: "website contact form",
        scopes: ["ingest"],
        ingest: {
          allowedOrigins: [siteOrigin],
          redirectUrl: `${siteOrigin}/thanks`,
          formUrl: `${siteOrigin}/contact`,
        },
      },
    });
    const { token } = (await created.json()) as { token: string };
    formHtml = `<!doctype html><html><body>
      <form method="post" action="${apiServer.url}/v1/capture/form?key=${token}&amp;source=form:contact">
        <input name="email" id="email">
        <input name="name" id="name">
        <label><input type="checkbox" name="newsletter" id="newsletter"> Newsletter</label>
        <input name="${HONEYPOT_FIELD}" id="hp" tabindex="-1" autocomplete="off" style="display:none">
        <button type="submit" id="send">Send</button>
      </form></body></html>`;
    browser = await launchBrowser();
    context = await browser.newContext({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await apiServer?.close();
    await api?.close();
  });

  it("a submission lands on the key's thank-you page and the lead is captured", async () => {
    const page = await context.newPage();
    await page.goto(`${siteOrigin}/contact`);
    await page.fill("#email", "browser@example.com");
    await page.fill("#name", "Grace Hopper");
    await page.check("#newsletter");
    await Promise.all([page.waitForURL(`${siteOrigin}/thanks`), page.click("#send")]);
    expect(await page.textContent("h1")).toBe("Thanks from the site");
    const id = await api.stores.leads.leadIdByEmail("browser@example.com");
    expect(await api.stores.leads.get(id!)).toMatchObject({
      name: "Grace Hopper",
      consent: { marketing: true },
      origin: { type: "form", id: "contact" },
    });
  });

  it("a refused submission shows a readable page whose link leads back to the form", async () => {
    const page = await context.newPage();
    await page.goto(`${siteOrigin}/contact`);
    await page.fill("#name", "No Email");
    const [answer] = await Promise.all([page.waitForNavigation(), page.click("#send")]);
    expect(answer?.status()).toBe(422);
    expect(await page.textContent("body")).toContain("email");
    await Promise.all([page.waitForURL(`${siteOrigin}/contact`), page.click("text=Back to the form")]);
    expect(await page.isVisible("#send")).toBe(true);
  });
});
