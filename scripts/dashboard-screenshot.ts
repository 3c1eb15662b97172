import { ManualClock } from "../packages/core/src/kernel";
import type { FunnelReport, ReboundsReport, RepsReport, SourcesReport } from "../packages/core/src/reports";
import { createDocumentClient, ensureTable } from "../packages/core/src/store";
import { createApiDeps, createApp, leadDeps } from "../packages/functions/src/api";
import { loadConfig } from "../packages/functions/src/config";
import { reportProjectorPublisher } from "../packages/functions/src/reports/publisher";
import { loadDemo } from "../packages/local/src/demo";
import { demoScenario } from "../packages/local/src/demo/scenario";
import { startDynamoLocal } from "../packages/local/src/dynamo-local";
import { StreamPoller } from "../packages/local/src/stream-poller";
import { launchBrowser, serveOverHttp } from "../test/browser";

/**
 * `npm run docs:dashboard`: docs/dashboard.png, the dashboard over the demo year. Runs the
 * demo on a throwaway DynamoDB Local (a fixed year, so the picture does not depend on the
 * day it is taken), projects the stream into the report counters, serves the app with its
 * clock at the end of that year, and has Chromium sign in and take a full-page screenshot.
 */
const START = new Date("2025-09-01T00:00:00.000Z");
const KEY = "docs-dashboard-admin-key-0123456789";

async function main() {
  const dynamo = await startDynamoLocal({});
  try {
    const config = loadConfig({
      REBOUND_TABLE_NAME: "rebound-docs",
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      REBOUND_CURSOR_SECRET: "docs-dashboard-cursor-secret",
      REBOUND_SUPPRESSION_SECRET: "docs-dashboard-suppression-secret",
      REBOUND_BOOTSTRAP_ADMIN_KEY: KEY,
    });
    await ensureTable(createDocumentClient({ endpoint: dynamo.endpoint }), config.tableName);
    const demo = await loadDemo(config, { start: START, log: console.log });
    console.log(`demo: ${JSON.stringify(demo)}`);
    const end = new Date(START.getTime() + demoScenario.weeks * 7 * 86_400_000 - 3_600_000);
    const deps = createApiDeps(config, new ManualClock(end));
    const projector = new StreamPoller({
      endpoint: dynamo.endpoint,
      tableName: config.tableName,
      publisher: reportProjectorPublisher(leadDeps(deps)),
    });
    console.log(`projected: ${JSON.stringify(await projector.poll())}`);
    projector.close();
    const app = createApp(deps);
    // The figures README.md quotes: the demo year, as the reports tell it.
    const year = `from=${START.toISOString().slice(0, 10)}&to=${end.toISOString().slice(0, 10)}`;
    const read = async <R>(path: string) =>
      (await app.request(path, { headers: { authorization: `Bearer ${KEY}` } })).json() as Promise<R>;
    const funnel = await read<FunnelReport>(`/v1/reports/funnel?${year}&groupBy=source`);
    const { totals } = funnel;
    console.log(
      `funnel ${year}: entered ${totals.entered}, sales-ready ${totals.salesReady}, handed off ${totals.handedOff}, accepted ${totals.accepted}, won ${totals.won}; leads per sale ${totals.leadsPerSale}`,
    );
    const sources = await read<SourcesReport>(`/v1/reports/sources?${year}`);
    for (const row of sources.groups)
      console.log(
        `  ${row.key}: ${row.entered} leads, sales-ready ${row.salesReadyRate}, accept rate ${row.acceptRate}, win rate ${row.winRate}`,
      );
    const reps = await read<RepsReport>(`/v1/reports/reps?${year}`);
    for (const row of reps.groups)
      console.log(
        `  ${row.key}: ${row.handoffs} hand-offs, accept SLA ${row.acceptSla.compliance}, follow-ups on cadence ${row.followUps.compliance}, missed appointments ${row.appointments.missedByRep}`,
      );
    const rebounds = await read<ReboundsReport>(`/v1/reports/rebounds?${year}`);
    console.log(
      `cohorts: first-time ${rebounds.cohorts.new.won}/${rebounds.cohorts.new.entered} won (${rebounds.cohorts.new.winRate}), comeback ${rebounds.cohorts.comeback.won}/${rebounds.cohorts.comeback.entered} won (${rebounds.cohorts.comeback.winRate})`,
    );
    const server = await serveOverHttp(app);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.url}/dashboard`);
      await page.fill("#key", KEY);
      await page.click("#key-form button[type=submit]");
      await page.waitForSelector("#dashboard:not([hidden])", { timeout: 60_000 });
      await page.screenshot({ path: "docs/dashboard.png", fullPage: true });
      console.log("wrote docs/dashboard.png");
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await dynamo.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
