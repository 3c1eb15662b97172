import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ManualClock, ulidGenerator } from "../packages/core/src/kernel";
import type { Lead, ReboundEntry } from "../packages/core/src/lead";
import type { SalesReadyPolicy } from "../packages/core/src/qualification";
import { createDocumentClient, ensureTable, meterCapacity } from "../packages/core/src/store";
import { entryItem, leadItem } from "../packages/core/src/store/items";
import { sweepRebounds } from "../packages/core/src/usecases";
import type { DynamoLocal } from "../packages/local/src/dynamo-local";
import type { BenchSection } from "./stats";

const SIZES = (process.env.BENCH_SWEEP_SIZES ?? "10000,50000").split(",").map(Number);
const NOW = "2026-09-02T09:00:00.000Z";

function minimalLead(id: string, i: number, pending: ReboundEntry[]): Lead {
  const at = "2026-03-02T09:00:00.000Z";
  return {
    id,
    email: `lead${i}@bench.example`,
    company: "Bench Co",
    consent: { marketing: true, updatedAt: at },
    status: "lost",
    origin: { type: "form", at },
    lastSource: { type: "form", at },
    touchCount: 1,
    sourceKeys: ["form"],
    signals: {},
    custom: {},
    closed: { kind: "lost", reason: "timing", at },
    rebound: {
      cycles: pending.length,
      pending: pending.map(({ cycle, dueAt, from, reason }) => ({ cycle, dueAt, from, reason })),
    },
    createdAt: at,
    updatedAt: at,
    version: 2,
  };
}

async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
) {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let requests = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * Sweep cost against table size: N lost leads, each with a future rebound entry, 1 % of them
 * due now. Seeded with BatchWriteItem (minimal lead items + entries, no events): seeding
 * through the API runs at ~600 writes/s on DynamoDB Local, far too slow for these sizes.
 */
export async function benchSweep(dynamo: DynamoLocal): Promise<BenchSection> {
  const rows: string[] = [];
  for (const size of SIZES) {
    const tableName = `bench-sweep-${size}-${Date.now()}`;
    const client = createDocumentClient({ endpoint: dynamo.endpoint, requestTimeoutMs: 30_000 });
    await ensureTable(client, tableName);
    const clock = new ManualClock(NOW);
    const ids = ulidGenerator(clock);
    const due = Math.round(size / 100);
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < size; i++) {
      const id = ids.next();
      const dueAt = i < due ? "2026-09-01T00:00:00.000Z" : "2027-03-02T09:00:00.000Z";
      const entry: ReboundEntry = { leadId: id, cycle: 1, dueAt, from: "lost", reason: "timing" };
      items.push(leadItem(minimalLead(id, i, [entry])), entryItem(entry, "2026-03-02T09:00:00.000Z"));
    }
    const seedStart = performance.now();
    await batchWrite(client, tableName, items);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const meter = meterCapacity(client);
    const { LeadStore } = await import("../packages/core/src/store/leads");
    const { IdempotencyStore } = await import("../packages/core/src/store/idempotency");
    const { salesReadyPolicyKind, VersionedPolicyStore } = await import(
      "../packages/core/src/store/policies"
    );
    const { ReboundQueueStore } = await import("../packages/core/src/store/rebound-queue");
    const deps = {
      leads: new LeadStore(client, tableName),
      idempotency: new IdempotencyStore(client, tableName),
      policies: new VersionedPolicyStore<SalesReadyPolicy>(client, tableName, salesReadyPolicyKind),
      reboundQueue: new ReboundQueueStore(client, tableName),
      clock,
      ids,
    };
    const start = performance.now();
    const report = await sweepRebounds(deps, { budgetMs: 10 * 60_000 });
    const seconds = (performance.now() - start) / 1000;
    const line = `| ${size.toLocaleString("en")} | ${due} | ${report.rebounded} | ${meter.readUnits.toFixed(1)} | ${meter.writeUnits.toFixed(1)} | ${(meter.readUnits / due).toFixed(2)} | ${(meter.writeUnits / due).toFixed(2)} | ${seconds.toFixed(2)} s | ${seedSeconds.toFixed(0)} s |`;
    console.log(line);
    rows.push(line);
    client.destroy();
  }
  const table = [
    "| leads in table | due | rebounded | RCU | WCU | RCU / due lead | WCU / due lead | sweep time | seed time |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
  return {
    name: "sweep",
    title: "Rebound sweep cost against table size",
    markdown:
      "Every lead in the table is lost with one scheduled rebound; 1 % are due. The sweep queries only the due range of the sparse, 4-way sharded " +
      "`RBDUE#` index, so its reads and writes follow the due count, not the table size. Per due lead: one consistent lead read and one transaction " +
      "(lead put + entry delete + segment member put + 1 event, 2 WCU per item). Tables seeded with BatchWriteItem (minimal lead items and entries, " +
      "no events), because seeding through the API runs at ~600 writes/s on DynamoDB Local; sizes default to 10k and 50k " +
      "(`BENCH_SWEEP_SIZES=10000,100000 npm run bench sweep` for 100k: seeding alone takes minutes on DynamoDB Local).\n\n" +
      table,
  };
}
