import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { ManualClock, ulidGenerator } from "../packages/core/src/kernel";
import type { Lead, ReboundEntry } from "../packages/core/src/lead";
import { createDocumentClient, createStores, ensureTable, keys } from "../packages/core/src/store";
import { shapeOfTable } from "../packages/core/src/store/capacity-model";
import { leadItems } from "../packages/core/src/store/items";
import { createTableInput } from "../packages/core/src/store/table";
import { sweepRebounds } from "../packages/core/src/usecases";
import { type DynamoLocal, startDynamoLocal } from "../packages/local/src/dynamo-local";
import { captureCapacity } from "./capacity-capture";
import type { BenchSection } from "./stats";

const SIZES = (process.env.BENCH_SWEEP_SIZES ?? "10000,100000").split(",").map(Number);
const DUE = Number(process.env.BENCH_SWEEP_DUE ?? 1000);
const NOW = "2026-09-02T09:00:00.000Z";
/** The sweep's own defaults unless set (leads per transaction, transactions in flight). */
const OPTIONS = {
  ...(process.env.BENCH_SWEEP_BATCH ? { batchSize: Number(process.env.BENCH_SWEEP_BATCH) } : {}),
  ...(process.env.BENCH_SWEEP_PARALLEL ? { concurrency: Number(process.env.BENCH_SWEEP_PARALLEL) } : {}),
};
const LOST_AT = "2026-03-02T09:00:00.000Z";

function lostLead(id: string, i: number, entry: ReboundEntry): Lead {
  return {
    id,
    email: `lead${i}@bench.example`,
    name: `Lead ${i}`,
    company: "Bench Co",
    consent: { marketing: true, updatedAt: LOST_AT },
    status: "lost",
    origin: { type: "form", id: "bench", at: LOST_AT },
    lastSource: { type: "form", id: "bench", at: LOST_AT },
    touchCount: 1,
    sourceKeys: ["form:bench"],
    signals: {},
    custom: {},
    closed: { kind: "lost", reason: "timing", at: LOST_AT },
    rebound: {
      cycles: 1,
      pending: [{ cycle: entry.cycle, dueAt: entry.dueAt, from: entry.from, reason: entry.reason }],
    },
    createdAt: LOST_AT,
    updatedAt: LOST_AT,
    version: 2,
  };
}

type Item = Record<string, unknown>;

/** BatchWriteItem, 25 items a request, 16 requests in flight, unprocessed items sent again. */
export async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: ({ PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } })[],
) {
  const chunks: (typeof requests)[] = [];
  for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      if (next % 400 === 0 && chunks.length > 400)
        console.log(`  seeding: ${next * 25} of ${requests.length} items`);
      let pending = chunks[next++]!;
      while (pending.length) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** Every item of the given leads' partitions (what the sweep may touch: lead, member, events). */
async function partitions(
  client: DynamoDBDocumentClient,
  tableName: string,
  leadIds: string[],
): Promise<Item[]> {
  const out: Item[] = [];
  for (let i = 0; i < leadIds.length; i += 16) {
    const pages = await Promise.all(
      leadIds.slice(i, i + 16).map(async (id) => {
        const items: Item[] = [];
        let start: Item | undefined;
        do {
          const page = await client.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: "pk = :pk",
              ExpressionAttributeValues: { ":pk": keys.lead(id).pk },
              ConsistentRead: true,
              ExclusiveStartKey: start,
            }),
          );
          items.push(...(page.Items ?? []));
          start = page.LastEvaluatedKey;
        } while (start);
        return items;
      }),
    );
    out.push(...pages.flat());
  }
  return out;
}

const keyOf = (item: Item) => ({ pk: item.pk, sk: item.sk });
const keyId = (item: Item) => `${item.pk}\u0000${item.sk}`;

/**
 * The rebound sweep against table size: N lost leads, each with a scheduled rebound, the same
 * DUE of them due now at every size. Tables are seeded with BatchWriteItem (each lead's two
 * items, no events): seeding through the API runs at a few hundred writes per second on
 * DynamoDB Local. Each size is swept twice from the same state: once with the capacity capture
 * (modelled units; its reads around every write would distort time), then, after the due
 * leads' partitions are put back as they were, once timed.
 */
export async function benchSweep(_shared: DynamoLocal): Promise<BenchSection> {
  const rows: {
    size: number;
    rebounded: number;
    read: number;
    write: number;
    reportedRead: number;
    reportedWrite: number;
    seconds: number;
    seedSeconds: number;
  }[] = [];
  for (const size of SIZES) {
    // Each size on a DynamoDB Local of its own: one already holding other sections' data (or the
    // smaller size's table) seeds and sweeps several times slower, which is not what this measures.
    const dynamo = await startDynamoLocal({});
    const tableName = `bench-sweep-${size}-${Date.now()}`;
    const client = createDocumentClient({ endpoint: dynamo.endpoint, requestTimeoutMs: 30_000 });
    await ensureTable(client, tableName);
    const clock = new ManualClock(NOW);
    const ids = ulidGenerator(clock);
    const items: Item[] = [];
    const dueIds: string[] = [];
    for (let i = 0; i < size; i++) {
      const id = ids.next();
      // Due leads are spread over the id range, so they sit among the rest of the table.
      const due = i % Math.floor(size / DUE) === 0 && dueIds.length < DUE;
      if (due) dueIds.push(id);
      const dueAt = due ? "2026-09-01T00:00:00.000Z" : "2027-03-02T09:00:00.000Z";
      const entry: ReboundEntry = { leadId: id, cycle: 1, dueAt, from: "lost", reason: "timing" };
      // Only due leads get their sales item: the sweep reads nothing else of the rest, and the
      // table's size for the queue's sake is the lead items (the due index is on them).
      const { lead, sales } = leadItems(lostLead(id, i, entry));
      items.push(lead, ...(sales && due ? [sales] : []));
    }
    const seedStart = performance.now();
    await batchWrite(
      client,
      tableName,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const before = await partitions(client, tableName, dueIds);

    const stores = createStores(client, tableName);
    const deps = { ...stores, clock, ids };
    const images = createDocumentClient({ endpoint: dynamo.endpoint });
    const capture = captureCapacity(client, images, tableName);
    const costed = await sweepRebounds(deps, { budgetMs: 60 * 60_000, ...OPTIONS });
    const totals = capture.totals(shapeOfTable(createTableInput(tableName)));
    images.destroy();

    // Put the due leads' partitions back as they were, then sweep again on a client without the capture.
    const after = await partitions(client, tableName, dueIds);
    const kept = new Set(before.map(keyId));
    await batchWrite(client, tableName, [
      ...after.filter((i) => !kept.has(keyId(i))).map((i) => ({ DeleteRequest: { Key: keyOf(i) } })),
      ...before.map((Item) => ({ PutRequest: { Item } })),
    ]);
    client.destroy();
    const timedClient = createDocumentClient({ endpoint: dynamo.endpoint });
    const timedStores = createStores(timedClient, tableName);
    const start = performance.now();
    const timed = await sweepRebounds({ ...timedStores, clock, ids }, { budgetMs: 60 * 60_000, ...OPTIONS });
    const seconds = (performance.now() - start) / 1000;
    timedClient.destroy();
    await dynamo.stop();
    if (costed.rebounded !== DUE || timed.rebounded !== DUE)
      throw new Error(`expected ${DUE} rebounds, got ${costed.rebounded} and ${timed.rebounded}`);
    rows.push({
      size,
      rebounded: timed.rebounded,
      read: totals.read,
      write: totals.write,
      reportedRead: totals.reportedRead,
      reportedWrite: totals.reportedWrite,
      seconds,
      seedSeconds,
    });
    console.log(JSON.stringify(rows.at(-1)));
  }
  const table = [
    "| leads in table | due | rebounded | modelled RCU | modelled WCU | WCU / due lead | DynamoDB Local reports (RCU / WCU) | sweep time | due leads / s | seed time |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.size.toLocaleString("en")} | ${DUE} | ${r.rebounded} | ${r.read.toFixed(1)} | ${r.write.toFixed(0)} | ${(r.write / DUE).toFixed(1)} | ${r.reportedRead.toFixed(1)} / ${r.reportedWrite.toFixed(0)} | ${r.seconds.toFixed(2)} s | ${(r.rebounded / r.seconds).toFixed(0)} | ${r.seedSeconds.toFixed(0)} s |`,
    ),
  ].join("\n");
  const [small, large] = [rows[0]!, rows.at(-1)!];
  const costRatio = (large.read + large.write) / (small.read + small.write);
  const timeRatio = large.seconds / small.seconds;
  const rate = Math.min(...rows.map((r) => r.rebounded / r.seconds));
  const verdict =
    rows.length > 1
      ? `${large.size.toLocaleString("en")} against ${small.size.toLocaleString("en")} leads: modelled cost ${costRatio.toFixed(2)}× (target ≤ 1.1×), time ${timeRatio.toFixed(2)}× (target ≤ 1.2×); slowest rate ${rate.toFixed(0)} due leads/s (target ≥ 200).`
      : `Rate ${rate.toFixed(0)} due leads/s (target ≥ 200).`;
  console.log(`${table}\n${verdict}`);
  return {
    summary: [`Rebound sweep (\`npm run bench sweep\`): ${verdict}`],
    name: "sweep",
    title: "Rebound sweep against table size",
    markdown:
      `Every lead in the table is lost with one scheduled rebound; the same ${DUE} are due at every size, spread over the table. ` +
      "Each size runs on a fresh DynamoDB Local of its own. Tables are seeded with BatchWriteItem (every lead item, with its due key; the due leads' sales items; no events). Each size is swept twice from the same state: " +
      "first with the capacity capture (`bench/capacity-capture.ts`, modelled units), then, after the due leads' partitions are restored, timed without it. " +
      `Sizes: \`BENCH_SWEEP_SIZES\` (default ${SIZES.join(",")}).\n\n${table}\n\n${verdict}`,
  };
}
