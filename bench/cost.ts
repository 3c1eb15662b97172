import type { LeadEvent } from "../packages/core/src/events";
import { ManualClock, ulidGenerator } from "../packages/core/src/kernel";
import { createDocumentClient, createStores, ensureTable } from "../packages/core/src/store";
import {
  type Item,
  itemSize,
  shapeOfTable,
  type TableShape,
} from "../packages/core/src/store/capacity-model";
import { createTableInput } from "../packages/core/src/store/table";
import { projectEvents } from "../packages/core/src/usecases";
import { createApp } from "../packages/functions/src/api/app";
import { loadConfig } from "../packages/functions/src/config";
import { observability } from "../packages/functions/src/observability";
import { runtimeSecrets } from "../packages/functions/src/secrets";
import type { DynamoLocal } from "../packages/local/src/dynamo-local";
import { type CapacityCapture, captureCapacity } from "./capacity-capture";
import type { BenchSection } from "./stats";

const ADMIN = "bench-cost-admin-key-0123456789abcdef";
const LEADS = Number(process.env.BENCH_COST_LEADS ?? 20);
const IMPORT_ROWS = 200;
const READY = {
  budget: "approved",
  authority: "decision_maker",
  need: "confirmed",
  timeline: "within_3_months",
};

/** Modelled and reported units of one operation, averaged over its repetitions. */
export interface OperationCost {
  operation: string;
  /** How many times it ran (the figures are per one). */
  count: number;
  requests: number;
  write: number;
  index: number;
  read: number;
  reportedWrite: number;
  reportedRead: number;
  /** Items written, by entity: how many per operation and their mean size. */
  items: { entity: string; count: number; bytes: number }[];
  /** A Query with a filter is priced from what it returned (a lower bound). */
  filteredReads: boolean;
}

function summarise(
  operation: string,
  count: number,
  capture: CapacityCapture,
  shape: TableShape,
): OperationCost {
  const totals = capture.totals(shape);
  const byEntity = new Map<string, { n: number; bytes: number }>();
  for (const request of capture.requests)
    for (const write of request.writes) {
      const image = (write.after ?? write.before) as Item | undefined;
      if (!image) continue;
      const entity = `${write.action === "delete" ? "−" : ""}${String(image.entity ?? String(image.sk).split("#")[0])}`;
      const e = byEntity.get(entity) ?? { n: 0, bytes: 0 };
      e.n++;
      e.bytes += itemSize(image);
      byEntity.set(entity, e);
    }
  return {
    operation,
    count,
    requests: capture.requests.length / count,
    write: totals.write / count,
    index: totals.index / count,
    read: totals.read / count,
    reportedWrite: totals.reportedWrite / count,
    reportedRead: totals.reportedRead / count,
    items: [...byEntity].map(([entity, e]) => ({
      entity,
      count: e.n / count,
      bytes: Math.round(e.bytes / e.n),
    })),
    filteredReads: capture.requests.some((r) => r.read?.filtered),
  };
}

/**
 * Runs every costed operation through the real API (in process, Hono's app.request) against
 * DynamoDB Local, captures each request the store sends, and prices it with the capacity model.
 */
export async function measureCosts(dynamo: DynamoLocal): Promise<OperationCost[]> {
  const tableName = `bench-cost-${Date.now()}`;
  const client = createDocumentClient({ endpoint: dynamo.endpoint });
  const images = createDocumentClient({ endpoint: dynamo.endpoint });
  await ensureTable(client, tableName);
  const shape = shapeOfTable(createTableInput(tableName));
  const clock = new ManualClock("2026-03-02T09:00:00.000Z");
  const config = loadConfig({
    REBOUND_TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    REBOUND_BOOTSTRAP_ADMIN_KEY: ADMIN,
    REBOUND_CURSOR_SECRET: "bench-cursor-secret-123",
    REBOUND_SUPPRESSION_SECRET: "bench-suppression-secret-0123456789",
  });
  const stores = createStores(client, tableName, { cacheTtlMs: config.cacheTtlMs });
  const app = createApp({
    config,
    stores,
    clock,
    ids: ulidGenerator(clock),
    ...runtimeSecrets(config),
    // Warnings and errors only: a line per request would flood the benchmark's output.
    ...observability({ ...config, logLevel: "warn" }),
  });
  const call = async (
    method: string,
    path: string,
    key: string,
    body?: unknown,
    type = "application/json",
  ) => {
    const response = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { "content-type": type } : {}) },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const keyWith = async (scopes: string[], repId?: string) =>
    String(
      (
        await call("POST", "/v1/api-keys", ADMIN, {
          name: scopes.join("+"),
          scopes,
          ...(repId ? { repId } : {}),
        })
      ).token,
    );
  const automation = await keyWith(["automation"]);
  const rep = await keyWith(["sales"], "rep-bench");
  const capture = captureCapacity(client, images, tableName);
  const results: OperationCost[] = [];
  const measure = async <T>(operation: string, count: number, run: () => Promise<T>): Promise<T> => {
    capture.reset();
    const out = await run();
    results.push(summarise(operation, count, capture, shape));
    return out;
  };
  const lead = (i: number) => ({
    email: `person${i}@company${i % 7}.example`,
    name: `Person ${i}`,
    company: `Company ${i % 7}`,
    consent: { marketing: true },
    source: { type: "webinar", id: "wb-bench" },
    signals: READY,
  });

  // The first capture of a fresh stage seeds the policy in force: not a capture's cost.
  await call("POST", "/v1/leads", automation, { email: "warm@bench.example" });
  const ids: string[] = [];
  await measure("new lead (POST /v1/leads)", LEADS, async () => {
    for (let i = 0; i < LEADS; i++)
      ids.push(String((await call("POST", "/v1/leads", automation, lead(i))).id));
  });
  // A public (ingest-only) key always has a request budget: its counter is one more write.
  const ingest = String(
    (
      await call("POST", "/v1/api-keys", ADMIN, {
        name: "ingest",
        scopes: ["ingest"],
        ingest: { serverToServer: true },
      })
    ).token,
  );
  await measure("new lead via an ingest key (its request budget counted)", LEADS, async () => {
    for (let i = 0; i < LEADS; i++) await call("POST", "/v1/leads", ingest, lead(LEADS + i));
  });
  await measure("repeat capture: touch (same body again)", LEADS, async () => {
    for (let i = 0; i < LEADS; i++) await call("POST", "/v1/leads", automation, lead(i));
  });
  await measure("hand-off", LEADS, async () => {
    for (const id of ids)
      await call("POST", `/v1/leads/${id}/handoff`, automation, {
        repId: "rep-bench",
        notes: { summary: "Asked for a demo after the webinar", pain: "manual lead routing" },
      });
  });
  await measure("accept", LEADS, async () => {
    for (const id of ids) await call("POST", `/v1/leads/${id}/accept`, rep);
  });
  await measure("outcome: lost (schedules one rebound)", LEADS, async () => {
    for (const id of ids)
      await call("POST", `/v1/leads/${id}/lost`, rep, { reason: "timing", competitor: "Rival" });
  });
  clock.set("2026-06-03T09:00:00.000Z");
  const swept = await measure("rebound (sweep, per due lead)", LEADS, () =>
    call("POST", "/v1/admin/sweeps/rebound", ADMIN),
  );
  if (swept.rebounded !== LEADS) throw new Error(`expected ${LEADS} rebounds, got ${JSON.stringify(swept)}`);
  clock.set("2026-06-03T10:00:00.000Z");
  await measure("segment member pulled (GET /v1/segments/rebound, per member)", LEADS, async () => {
    const page = await call("GET", `/v1/segments/rebound?limit=${LEADS}`, automation);
    if ((page.items as unknown[]).length !== LEADS) throw new Error(`segment page: ${JSON.stringify(page)}`);
  });
  const csv = [
    "email,first_name,last_name,company",
    ...Array.from(
      { length: IMPORT_ROWS },
      (_, i) => `row${i}@import${i % 13}.example,Row,${i},Import ${i % 13}`,
    ),
  ].join("\n");
  await measure("import row (new person, POST /v1/imports)", IMPORT_ROWS, () =>
    call("POST", "/v1/imports?source=webinar:wb-import", automation, csv, "text/csv"),
  );
  // The stream's second reader: the report projector adds every event above to the report
  // counters (a marker per event, one ADD per counter row a group of events touches). Its
  // writes are part of what each write costs; priced here per event, over the events above
  // in stream-sized batches (100 changes, in commit order), as the projector receives them.
  const changes = new Map<string, LeadEvent[]>();
  let after: string | undefined;
  do {
    const page = await stores.leads.list({}, 100, after);
    for (const { id } of page.items) {
      let position: string | undefined;
      do {
        const part = await stores.leads.timeline(id, 100, position);
        for (const event of part.items) {
          const change = `${event.leadId}#${event.version}`;
          changes.set(change, [...(changes.get(change) ?? []), event]);
        }
        position = part.lastSortKey;
      } while (position);
    }
    after = page.lastSortKey;
  } while (after);
  const ordered = [...changes.values()].sort(
    (a, b) => a[0]!.at.localeCompare(b[0]!.at) || a[0]!.eventId.localeCompare(b[0]!.eventId),
  );
  const events = ordered.flat();
  await measure("report projection (stream, per event)", events.length, async () => {
    for (let i = 0; i < ordered.length; i += 100)
      await projectEvents({ reportCounters: stores.reportCounters, clock }, ordered.slice(i, i + 100).flat());
  });
  client.destroy();
  images.destroy();
  return results;
}

const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function costTable(rows: OperationCost[]): string {
  return [
    "| operation | requests | items written (mean size) | modelled WCU | of which index writes | modelled RCU | DynamoDB Local reports (WCU / RCU) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.operation} | ${f(r.requests)} | ${r.items.map((i) => `${i.count === 1 ? "" : `${f(i.count)}× `}${i.entity} ${i.bytes} B`).join(", ") || "–"} | ${f(r.write)} | ${f(r.index)} | ${f(r.read)}${r.filteredReads ? " (≥)" : ""} | ${f(r.reportedWrite)} / ${f(r.reportedRead)} |`,
    ),
  ].join("\n");
}

export async function benchCost(dynamo: DynamoLocal): Promise<BenchSection> {
  const rows = await measureCosts(dynamo);
  const table = costTable(rows);
  console.log(`\nmodelled capacity per operation\n${table}`);
  const short = (operation: string) => operation.replace(/ \(.*$/, "").replace(/:.*$/, "");
  const summary = [
    `Modelled WCU per operation (\`npm run bench cost\`): ${rows
      .filter((r) => r.write > 0)
      .map((r) => `${short(r.operation)} ${f(r.write)}`)
      .join(
        ", ",
      )}; RCU per segment member pulled ${rows.find((r) => r.operation.startsWith("segment"))?.read.toFixed(2)}.`,
  ];
  return {
    summary,
    name: "cost",
    title: "Capacity units per operation (modelled)",
    markdown:
      `Each operation ran ${LEADS} times (the import: one file of ${IMPORT_ROWS} new people) through the real API against DynamoDB Local, configured as deployed ` +
      "(the API key and the policy in force come from the instance's cache after their first read, so they add almost nothing to the reads per operation). " +
      "A client middleware (`bench/capacity-capture.ts`) records every request the store sends and reads each written item before and after it; " +
      "`packages/core/src/store/capacity-model.ts` prices those items by AWS's published rules (item size = names + values; 1 WCU per KB, " +
      "the larger image for a replacing put or an update, ×2 inside a transaction; one index write per KB of the index entry for each GSI " +
      "whose keys the item carries, two when a key moves; 1 RCU per 4 KB strongly consistent, half eventually consistent). Figures are per operation.\n\n" +
      `${table}\n\n` +
      "The last column is what DynamoDB Local returns in `ConsumedCapacity`: it reports a TransactWriteItems as if it held only its first item " +
      'and never charges index writes, so it is not what AWS bills. "(≥)" marks reads that include a filtered Query, priced from what it returned.',
  };
}
