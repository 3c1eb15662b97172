import { Agent, request } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { serve } from "@hono/node-server";
import { systemClock, ulidGenerator } from "../packages/core/src/kernel";
import { createDocumentClient, createStores, ensureTable } from "../packages/core/src/store";
import { createApp } from "../packages/functions/src/api/app";
import { loadConfig } from "../packages/functions/src/config";
import { observability } from "../packages/functions/src/observability";
import { runtimeSecrets } from "../packages/functions/src/secrets";
import { type DynamoLocal, freePort } from "../packages/local/src/dynamo-local";
import { type RecordedCall, recordCalls, replay } from "./replay";
import { type BenchSection, ms, percentile } from "./stats";

const ADMIN = "bench-admin-key-0123456789abcdef";
// 1,000 per row: a p99 is the 10th-slowest request, not the 3rd (300 left it at the mercy of one GC pause).
const N = Number(process.env.BENCH_CAPTURES ?? 1_000);

/** A running API over HTTP on DynamoDB Local, for the capture and load benchmarks. */
export async function startBenchApi(dynamo: DynamoLocal, prefix: string) {
  const tableName = `${prefix}-${Date.now()}`;
  const client = createDocumentClient({ endpoint: dynamo.endpoint });
  await ensureTable(client, tableName);
  const config = loadConfig({
    REBOUND_TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    REBOUND_BOOTSTRAP_ADMIN_KEY: ADMIN,
    REBOUND_CURSOR_SECRET: "bench-cursor-secret-123",
    REBOUND_SUPPRESSION_SECRET: "bench-suppression-secret-0123456789",
  });
  const app = createApp({
    config,
    stores: createStores(client, tableName, { cacheTtlMs: config.cacheTtlMs }),
    clock: systemClock,
    ids: ulidGenerator(systemClock),
    ...runtimeSecrets(config),
    // Warnings and errors only: a line per request would flood the benchmark's output.
    ...observability({ ...config, logLevel: "warn" }),
  });
  const port = await freePort();
  const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
  // node:http with keep-alive: the lightest client Node has, so the figures are the server's
  // and not a heavier client's (fetch/undici costs ~1 ms more per request here).
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const post = (path: string, key: string, body: unknown) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: "POST",
          agent,
          headers: {
            authorization: `Bearer ${key}`,
            "content-type": "application/json",
            "content-length": Buffer.byteLength(payload),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if ((res.statusCode ?? 500) >= 300) reject(new Error(`POST ${path}: ${res.statusCode} ${text}`));
            else resolve(JSON.parse(text) as Record<string, unknown>);
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  // A real key, as integrations use: authentication reads it like any request would.
  const key = String((await post("/v1/api-keys", ADMIN, { name: "bench", scopes: ["automation"] })).token);
  return {
    tableName,
    client,
    key,
    post,
    async close() {
      agent.destroy();
      await new Promise<void>((done) => server.close(() => done()));
      client.destroy();
    },
  };
}

export const captureBody = (email: string) => ({
  email,
  name: "Bench Person",
  company: "Bench Co",
  consent: { marketing: true },
  source: { type: "form", id: "bench" },
});

interface PathStats {
  p50: number;
  p99: number;
}

const stats = (sample: number[]): PathStats => ({ p50: percentile(sample, 50), p99: percentile(sample, 99) });

/**
 * Capture latency through the HTTP API against a direct baseline that makes exactly the same
 * DynamoDB calls with the same items: every call the API's store sends is recorded and sent
 * again, right after, on a second table in the same state, with no HTTP, auth, validation,
 * domain code or marshalling. API / direct is what our layers add.
 */
export async function benchCapture(dynamo: DynamoLocal): Promise<BenchSection> {
  const api = await startBenchApi(dynamo, "bench-capture-api");
  const replayTable = `bench-capture-direct-${Date.now()}`;
  await ensureTable(api.client, replayTable);
  const recorder = recordCalls(api.client, api.tableName, replayTable);
  const direct = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  recorder.take();

  // The two paths alternate request by request, so background noise lands on both alike.
  const run = async (email: (i: number) => string, count: number) => {
    const samples = { api: [] as number[], direct: [] as number[], calls: [] as string[][] };
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await api.post("/v1/leads", api.key, captureBody(email(i)));
      samples.api.push(performance.now() - start);
      const calls: RecordedCall[] = recorder.take();
      const started = performance.now();
      await replay(direct, calls);
      samples.direct.push(performance.now() - started);
      samples.calls.push(calls.map((c) => c.command.replace(/Command$/, "")));
    }
    return samples;
  };
  // Warm-up (connections, JIT, the policy seed), replayed too so both tables stay alike.
  await run((i) => `warm${i}@bench.example`, 50);
  const created = await run((i) => `new${i}@bench.example`, N);
  const touched = await run((i) => `new${i}@bench.example`, N);
  await api.close();
  direct.destroy();

  const callsOf = (calls: string[][]) => {
    const counts = new Map<string, number>();
    for (const c of calls) {
      const key = c.join(" → ");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  };
  const rows = [
    { label: "new lead", s: created },
    { label: "repeat capture (touch)", s: touched },
  ].map(({ label, s }) => {
    const a = stats(s.api);
    const d = stats(s.direct);
    return { label, a, d, calls: callsOf(s.calls), p50: a.p50 / d.p50, p99: a.p99 / d.p99 };
  });
  const table = [
    "| capture | DynamoDB calls (most frequent sequence) | API p50 | direct p50 | API / direct p50 | API p99 | direct p99 | API / direct p99 |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.calls} | ${ms(r.a.p50)} | ${ms(r.d.p50)} | ${r.p50.toFixed(2)}× | ${ms(r.a.p99)} | ${ms(r.d.p99)} | ${r.p99.toFixed(2)}× |`,
    ),
  ].join("\n");
  const verdict = rows
    .map(
      (r) =>
        `${r.label}: ${r.p50.toFixed(2)}× at p50 (target ≤ 1.3×${r.p50 <= 1.3 ? ", met" : ", missed"}), ${r.p99.toFixed(2)}× at p99 (target ≤ 1.5×${r.p99 <= 1.5 ? ", met" : ", missed"})`,
    )
    .join("; ");
  console.log(`\ncapture (${N} sequential requests each)\n${table}\n${verdict}`);
  return {
    summary: rows.map(
      (r) =>
        `API / same calls direct, ${r.label} (\`npm run bench capture\`): ${r.p50.toFixed(2)}× at p50 (target ≤ 1.3×), ${r.p99.toFixed(2)}× at p99 (target ≤ 1.5×).`,
    ),
    name: "capture",
    title: "Capture latency: API against the same DynamoDB calls made directly",
    markdown:
      `${N} sequential captures per row, one client (node:http, keep-alive), over HTTP to the Hono app on @hono/node-server with an API key, against DynamoDB Local on the same machine; ` +
      "configured as deployed, so the API key and the policy in force come from the instance's cache (`REBOUND_CACHE_TTL_MS`) and only their first reads reach DynamoDB. " +
      'After each API request, "direct" sends exactly the DynamoDB calls that request made, with the same items (recorded on the wire by a client middleware, `bench/replay.ts`), ' +
      "to a second table kept in the same state, on the low-level SDK client: no HTTP, no auth, no validation, no domain code, no marshalling. " +
      "The two alternate request by request so background load lands on both.\n\n" +
      `${table}\n\n${verdict}.\n\n` +
      "Latency on DynamoDB Local is dominated by the local Java process; in AWS expect single-digit milliseconds per DynamoDB call.",
  };
}
