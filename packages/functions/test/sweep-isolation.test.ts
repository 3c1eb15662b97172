import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { captureWithConsent, closeLead } from "../../../test/rebound";
import { keys } from "../../core/src/store";
import { dueRebounds } from "../../core/src/usecases";
import { createApp } from "../src/api/app";
import { leadDeps } from "../src/api/deps";
import { createLogger, createMetrics } from "../src/observability";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("sweep-isolation")));
afterAll(() => api.close());

/** The app with its log lines and metric datapoints captured, as CloudWatch would see them. */
function observedApp(): {
  app: Hono;
  logs: Record<string, unknown>[];
  datapoints: Record<string, unknown>[];
} {
  const logs: Record<string, unknown>[] = [];
  const datapoints: Record<string, unknown>[] = [];
  const app = createApp({
    ...api.deps,
    log: createLogger({ write: (line) => logs.push(JSON.parse(line)) }),
    metrics: createMetrics("test", (line) => datapoints.push(JSON.parse(line))),
  });
  return { app, logs, datapoints };
}

const sweep = async (app: Hono) =>
  (await (
    await app.request("/v1/admin/sweeps/rebound", {
      method: "POST",
      headers: { authorization: "Bearer test-bootstrap-admin-key-0123456789" },
    })
  ).json()) as {
    rebounded: number;
    failed: number;
    failures: { leadId: string; cycle: number; error: string }[];
    lagSeconds: number;
  };

describe("an always-failing lead does not block the rebound sweep", () => {
  it("the others resurface; the failing one is logged, counted and reported on every run, and stays queued", async () => {
    // Prepare: three due rebounds, one of whose lead items no longer reads back (a corrupt item)
    api.clock.set("2026-03-02T09:00:00.000Z");
    const leads = await Promise.all(
      ["iso-a", "iso-b", "iso-c"].map((name) => captureWithConsent(api, `${name}@example.com`)),
    );
    for (const lead of leads) await closeLead(api, lead.id, "timing", { override: { reboundAfter: "PT5M" } });
    const broken = leads[1]!;
    await api.table.client.send(
      new UpdateCommand({
        TableName: api.table.tableName,
        Key: keys.lead(broken.id),
        UpdateExpression: "SET #status = :bad",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":bad": 42 },
      }),
    );
    api.clock.advance(10 * 60_000);
    const { app, logs, datapoints } = observedApp();

    // Act
    const first = await sweep(app);
    api.clock.advance(60 * 60_000);
    const second = await sweep(app);

    // Assess: the run went on past the failure, and says so every time
    expect(first).toMatchObject({ rebounded: 2, failed: 1 });
    expect(first.failures).toEqual([
      { leadId: broken.id, cycle: 1, error: expect.stringContaining(`Stored lead LEAD#${broken.id}`) },
    ]);
    expect(second).toMatchObject({ rebounded: 0, failed: 1 });
    expect(second.failures.map((f) => f.leadId)).toEqual([broken.id]);
    expect(second.lagSeconds).toBeGreaterThan(first.lagSeconds); // it stays the oldest due entry
    const failedLines = logs.filter((l) => l.message === "sweep entry failed");
    expect(failedLines).toHaveLength(2);
    expect(failedLines[0]).toMatchObject({ level: "ERROR", sweep: "rebound", leadId: broken.id, cycle: 1 });
    const failures = datapoints.filter((d) => "SweepEntryFailures" in d).map((d) => d.SweepEntryFailures);
    expect(failures).toEqual([1, 1]);
    const lag = datapoints.filter((d) => "SweepLagSeconds" in d);
    expect(lag.map((d) => d.Sweep)).toEqual(["rebound", "rebound"]);
    expect((await dueRebounds(leadDeps(api.deps), 100)).due.map((e) => e.leadId)).toEqual([broken.id]);
  });
});

describe("POST /v1/admin/sweeps/rebound?dryRun=true is paged", () => {
  it("following `next` from any page size lists every due entry once, oldest first, and changes nothing (property)", async () => {
    // Prepare: a fixed set of due entries; the oracle is one unpaged read
    api.clock.set("2026-05-04T09:00:00.000Z");
    const leads = await Promise.all(
      Array.from({ length: 7 }, (_, i) => captureWithConsent(api, `dry${i}@example.com`)),
    );
    for (const [i, lead] of leads.entries())
      await closeLead(api, lead.id, "timing", { override: { reboundAfter: `PT${i + 1}M` } });
    api.clock.advance(60 * 60_000);
    const oracle = (await dueRebounds(leadDeps(api.deps), 1_000)).due.map((e) => `${e.leadId}#${e.cycle}`);
    expect(oracle.length).toBeGreaterThanOrEqual(7);

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 9 }), async (limit) => {
        // Act
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 50; pages++) {
          const response = await api.call(
            "POST",
            `/v1/admin/sweeps/rebound?dryRun=true&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
          );
          const page = (await response.json()) as { due: { leadId: string; cycle: number }[]; next?: string };
          expect(page.due.length).toBeLessThanOrEqual(limit);
          seen.push(...page.due.map((e) => `${e.leadId}#${e.cycle}`));
          if (!page.next) break;
          cursor = page.next;
        }
        // Assess
        expect(seen).toEqual(oracle);
      }),
      { numRuns: 8 },
    );
    expect((await dueRebounds(leadDeps(api.deps), 1_000)).due.map((e) => `${e.leadId}#${e.cycle}`)).toEqual(
      oracle,
    );
  });

  it("refuses a cursor it did not issue", async () => {
    const response = await api.call("POST", "/v1/admin/sweeps/rebound?dryRun=true&cursor=forged.cursor");
    expect(response.status).toBe(400);
  });
});
