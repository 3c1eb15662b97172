import { GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { serve } from "@hono/node-server";
import { systemClock, ulidGenerator } from "../packages/core/src/kernel";
import { newLead, touchLead } from "../packages/core/src/lead";
import {
  createDocumentClient,
  createStores,
  ensureTable,
  keys,
  leadIndexKeys,
  meterCapacity,
} from "../packages/core/src/store";
import { createApp } from "../packages/functions/src/api/app";
import { loadConfig } from "../packages/functions/src/config";
import { observability } from "../packages/functions/src/observability";
import { runtimeSecrets } from "../packages/functions/src/secrets";
import { type DynamoLocal, freePort } from "../packages/local/src/dynamo-local";
import { type BenchSection, ms, percentile } from "./stats";

const ADMIN = "bench-admin-key-0123456789abcdef";
const N = Number(process.env.BENCH_CAPTURES ?? 300);

/**
 * Capture latency through the HTTP API (Hono on @hono/node-server, real DynamoDB Local)
 * against the bare DynamoDB calls a capture needs, on the same DynamoDB Local: the ratio is
 * what our layers (HTTP, auth, validation, JSON) add. Plus capacity units per capture.
 */
export async function benchCapture(dynamo: DynamoLocal): Promise<BenchSection> {
  const tableName = `bench-capture-${Date.now()}`;
  const client = createDocumentClient({ endpoint: dynamo.endpoint });
  await ensureTable(client, tableName);
  const meter = meterCapacity(client);
  const config = loadConfig({
    REBOUND_TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    REBOUND_BOOTSTRAP_ADMIN_KEY: ADMIN,
    REBOUND_CURSOR_SECRET: "bench-cursor-secret-123",
    REBOUND_SUPPRESSION_SECRET: "bench-suppression-secret-0123456789",
  });
  const app = createApp({
    config,
    stores: createStores(client, tableName),
    clock: systemClock,
    ids: ulidGenerator(systemClock),
    ...runtimeSecrets(config),
    // Warnings and errors only: a line per request would flood the benchmark's output.
    ...observability({ ...config, logLevel: "warn" }),
  });
  const port = await freePort();
  const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
  const url = `http://127.0.0.1:${port}/v1/leads`;
  const post = async (email: string) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      body: JSON.stringify({ email, company: "Bench Co", source: { type: "form", id: "bench" } }),
    });
    await response.arrayBuffer();
    return response.status;
  };

  // Warm up connections and JIT on both paths before measuring.
  for (let i = 0; i < 50; i++) await post(`warm${i}@bench.example`);

  // The two paths alternate request by request, so DynamoDB Local's own warm-up and any
  // background noise land on both alike; measuring one path after the other biased the ratio.
  const measurePair = async (
    labels: [string, string],
    fns: [(i: number) => Promise<unknown>, (i: number) => Promise<unknown>],
  ) => {
    const samples: [number[], number[]] = [[], []];
    const units = [
      { read: 0, write: 0 },
      { read: 0, write: 0 },
    ];
    for (let i = 0; i < N; i++) {
      for (const side of [0, 1] as const) {
        meter.reset();
        const start = performance.now();
        await fns[side](i);
        samples[side].push(performance.now() - start);
        units[side]!.read += meter.readUnits;
        units[side]!.write += meter.writeUnits;
      }
    }
    return ([0, 1] as const).map((side) => ({
      label: labels[side],
      p50: percentile(samples[side], 50),
      p99: percentile(samples[side], 99),
      read: units[side]!.read / N,
      write: units[side]!.write / N,
    }));
  };

  const ids = ulidGenerator(systemClock);
  const directNewLead = async (i: number) => {
    const at = new Date().toISOString();
    const lead = newLead(
      { email: `direct${i}@bench.example`, company: "Bench Co", source: { type: "form", id: "bench" } },
      ids.next(),
      at,
    );
    await client.send(
      new GetCommand({ TableName: tableName, Key: keys.email(lead.email), ConsistentRead: true }),
    );
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.lead(lead.id), ...leadIndexKeys(lead), ...lead },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.email(lead.email), leadId: lead.id },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.event(lead.id, 1, 0), type: "lead.captured", at },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
  };
  const directTouch = async (i: number) => {
    const email = `direct${i}@bench.example`;
    const at = new Date().toISOString();
    const { Item: emailItem } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.email(email), ConsistentRead: true }),
    );
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.lead(String(emailItem!.leadId)),
        ConsistentRead: true,
      }),
    );
    const { pk: _pk, sk: _sk, ...current } = Item as Record<string, unknown>;
    const next = touchLead(current as never, { email, source: { type: "form", id: "bench" } }, at).lead;
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.lead(next.id), ...leadIndexKeys(next), ...next },
              ConditionExpression: "version = :v",
              ExpressionAttributeValues: { ":v": next.version - 1 },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.event(next.id, next.version, 0), type: "lead.touched", at },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
  };
  const [apiNew, directNew] = await measurePair(
    ["API: new lead", "direct DynamoDB: new lead"],
    [(i) => post(`new${i}@bench.example`), directNewLead],
  );
  const [apiTouch, directTouchRow] = await measurePair(
    ["API: repeat capture (touch)", "direct DynamoDB: touch"],
    [(i) => post(`new${i}@bench.example`), directTouch],
  );
  server.close();
  client.destroy();

  const rows = [apiNew!, directNew!, apiTouch!, directTouchRow!];
  const table = [
    "| path | p50 | p99 | RCU / capture | WCU / capture |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) => `| ${r.label} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.read.toFixed(1)} | ${r.write.toFixed(1)} |`,
    ),
  ].join("\n");
  const ratio = `API / direct at p50: new lead ${(apiNew!.p50 / directNew!.p50).toFixed(2)}×, touch ${(apiTouch!.p50 / directTouchRow!.p50).toFixed(2)}×.`;
  console.log(`\ncapture (${N} sequential requests each)\n${table}\n${ratio}`);
  return {
    name: "capture",
    title: "Capture latency and capacity",
    markdown:
      `${N} sequential captures per row, one client, over HTTP to the Hono app on @hono/node-server, against DynamoDB Local on the same machine. ` +
      `"direct" makes the same DynamoDB calls a capture needs (consistent email read, [lead read], one transaction) with no HTTP, auth or validation.\n\n` +
      `${table}\n\n${ratio}\n\n` +
      "Capacity units are as DynamoDB Local reports them (ReturnConsumedCapacity, summed by a client middleware): transactional writes cost two WCU per KB per item; " +
      "the API path also reads the API key (0.5 RCU) only when it is not the bootstrap key — the benchmark uses the bootstrap key. " +
      "Latency on DynamoDB Local is dominated by the local Java process; in AWS expect single-digit milliseconds per DynamoDB call.",
  };
}
