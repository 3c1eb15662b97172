import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDocumentClient, ensureTable } from "../packages/core/src/store";
import type { DynamoLocal } from "../packages/local/src/dynamo-local";
import { type BuiltBundle, buildLambda, lambdaEntries } from "./bundle-build";
import { type BenchSection, percentile } from "./stats";

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const ADMIN = "bench-admin-key-0123456789abcdef";

/** What one fresh process does: import the bundle, then handle one request; times from process start. */
const coldStartScript = (bundle: string, event: unknown) => `
const t0 = performance.timeOrigin + performance.now() - performance.now();
const started = performance.now();
const mod = await import(${JSON.stringify(bundle)});
const imported = performance.now();
const result = await mod.handler(${JSON.stringify(event)}, { awsRequestId: "bench", getRemainingTimeInMillis: () => 30000 });
const done = performance.now();
console.log(JSON.stringify({ importMs: imported - started, firstRequestMs: done - imported, totalMs: done, status: result?.statusCode ?? (result?.batchItemFailures ? 200 : 0) }));
`;

const apiEvent = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/v1/leads",
  rawQueryString: "limit=5",
  headers: { authorization: `Bearer ${ADMIN}`, host: "bench.local" },
  requestContext: {
    http: {
      method: "GET",
      path: "/v1/leads",
      protocol: "HTTP/1.1",
      sourceIp: "127.0.0.1",
      userAgent: "bench",
    },
    requestId: "bench",
    stage: "$default",
    timeEpoch: 0,
  },
  isBase64Encoded: false,
};

/** Bundle sizes against budget, what dominates them, and cold init of the API handler. */
export async function benchBundle(dynamo: DynamoLocal): Promise<BenchSection> {
  const built = (await Promise.all(lambdaEntries.map(buildLambda))).filter(
    (b): b is BuiltBundle => b !== undefined,
  );
  const sizes = [
    "| Lambda | minified | gzipped | budget | largest parts |",
    "| --- | --- | --- | --- | --- |",
    ...built.map(
      (b) =>
        `| ${b.name} | ${kb(b.bytes)} | ${kb(b.gzipBytes)} | ≤ ${kb(b.budget)}${b.gzipBudget ? ` / ≤ ${kb(b.gzipBudget)} gz` : ""} ${b.bytes <= b.budget && (!b.gzipBudget || b.gzipBytes <= b.gzipBudget) ? "✅" : "❌"} | ${b.byPackage
          .slice(0, 5)
          .map(([name, bytes]) => `${name} ${kb(bytes)}`)
          .join(", ")} |`,
    ),
  ].join("\n");

  const api = built.find((b) => b.name === "api")!;
  const dir = mkdtempSync(join(tmpdir(), "rebound-bundle-"));
  const file = join(dir, "api.mjs");
  writeFileSync(file, api.code);
  const tableName = `bench-cold-${Date.now()}`;
  const client = createDocumentClient({ endpoint: dynamo.endpoint });
  await ensureTable(client, tableName);
  client.destroy();
  const runs: { importMs: number; firstRequestMs: number; totalMs: number; status: number }[] = [];
  for (let i = 0; i < 7; i++) {
    const child = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", coldStartScript(file, apiEvent)],
      {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "local",
          AWS_SECRET_ACCESS_KEY: "local",
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          REBOUND_TABLE_NAME: tableName,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          REBOUND_BOOTSTRAP_ADMIN_KEY: ADMIN,
          REBOUND_CURSOR_SECRET: "bench-cursor-secret-123",
          REBOUND_SUPPRESSION_SECRET: "bench-suppression-secret-123",
        },
        encoding: "utf8",
      },
    );
    if (child.status !== 0) throw new Error(`cold start failed: ${child.stderr}`);
    const run = JSON.parse(child.stdout.trim().split("\n").at(-1)!);
    if (run.status !== 200) throw new Error(`cold start request answered ${run.status}`);
    runs.push(run);
  }
  const med = (pick: (r: (typeof runs)[number]) => number) => percentile(runs.map(pick), 50).toFixed(0);
  const cold = `Cold init of the API bundle (median of ${runs.length} fresh Node ${process.version} processes): import ${med((r) => r.importMs)} ms, first request (GET /v1/leads, one DynamoDB Query fan-out on DynamoDB Local) ${med((r) => r.firstRequestMs)} ms, process start to answer ${med((r) => r.totalMs)} ms.`;
  console.log(`\nbundles\n${sizes}\n${cold}`);
  return {
    summary: [
      `API Lambda bundle (\`npm run bench bundle\`): ${kb(api.bytes)} minified, ${kb(api.gzipBytes)} gzipped (budget ${kb(api.budget)}${api.gzipBudget ? ` / ${kb(api.gzipBudget)} gz` : ""}).`,
    ],
    name: "bundle",
    title: "Lambda bundle sizes and cold init",
    markdown:
      "Built as SST builds them (`bench/bundle-build.ts`: esbuild, minified ESM, node22, AWS SDK bundled, the esbuild plugins from `infra/esbuild-plugins.mjs`). " +
      "`bench/bundle.test.ts` fails the test suite when a bundle exceeds its budget.\n\n" +
      `${sizes}\n\n${cold}\n\n` +
      "What dominated and what was cut: the AWS SDK's Node credential chain (SSO, INI, process, web-identity and their STS/SSO clients, ~130 KB) is replaced in Lambda bundles by the env/container provider Lambda actually uses; " +
      "mnemonist's LRU cache (which the DynamoDB client builds for endpoint discovery, off by default) is replaced by a Map-based one (`packages/functions/src/aws/lru-cache.ts`, checked against mnemonist in its test); " +
      "the SDK's event-stream codec, which its protocol code imports lazily for streaming operations none of our clients has, is left out (`packages/functions/src/aws/no-event-streams.ts`); " +
      "secrets are read with the Secrets Manager client, because the SSM client does not fit the API's budget; the dead-letter replay route runs in its own Lambda so the SQS and EventBridge clients stay out of the API's; logs and metrics are a few lines of ours, because AWS Lambda Powertools' Logger and Metrics do not fit it either; " +
      "zod is imported as a namespace of a module that re-exports `zod/mini` (a value re-export of the namespace pulled all of zod and every locale, +416 KB). " +
      "What remains is mostly the SDK's own core (`@smithy/core`), then zod/mini schemas, our code and Hono.",
  };
}
