import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";
// @ts-expect-error plain JS shared with SST (infra/lambda.ts); typed by its use below
import plugins from "../infra/esbuild-plugins.mjs";

/**
 * Every Lambda entry point infra deploys, with its size budget (bytes, minified). The API's
 * budgets rose with issue 14, from 450 KB / 140 KB gz to 470 KB / 152 KB gz: main's API (at
 * 7283951) was 426,830 bytes / 141,839 gz; the reports add 34,039 bytes / 11,013 gz (four
 * report routes, their assembly and schemas, the counter store; and on the write path the
 * report facts stamped on every change and the follow-up cadence). Issue 12 (rate limits,
 * origin checks, key kinds, no-JS forms, Typeform signatures, erasure) merged on top measured
 * 493,449 bytes / 163,024 gz: the API's budgets are that rounded up to the next 10 KB, 490 KB /
 * 160 KB gz, and the replay Lambda's (the API plus two clients) 548,096 bytes → 540 KB.
 * Issue 15 (the two-item lead, change items, listings that read keys then BatchGetItem, the
 * shard merge with a read budget, the policy and key caches) merged on top measured 500,274
 * bytes / 165,686 gz for the API and 554,924 bytes for the replay Lambda: rounded up to the
 * next 10 KB, 490 KB (unchanged) / 170 KB gz and 550 KB.
 */
export const lambdaEntries = [
  { name: "api", entry: "packages/functions/src/api/lambda.ts", budget: 490 * 1024, gzipBudget: 170 * 1024 },
  { name: "event forwarder", entry: "packages/functions/src/events/forwarder.ts", budget: 400 * 1024 },
  { name: "SLA sweep", entry: "packages/functions/src/sweeps/sla.ts", budget: 400 * 1024 },
  { name: "rebound sweep", entry: "packages/functions/src/sweeps/rebound.ts", budget: 400 * 1024 },
  // The API plus the SQS and EventBridge clients, for one admin route (POST
  // /v1/admin/dead-letters/replay): nobody waits on its cold start, so it gets more room.
  { name: "dead-letter replay", entry: "packages/functions/src/events/replay-http.ts", budget: 550 * 1024 },
  { name: "report projector", entry: "packages/functions/src/reports/projector.ts", budget: 400 * 1024 },
  { name: "re-qualification", entry: "packages/functions/src/reports/requalify.ts", budget: 400 * 1024 },
] as const;

export interface BuiltBundle {
  name: string;
  entry: string;
  code: Uint8Array;
  bytes: number;
  gzipBytes: number;
  budget: number;
  gzipBudget?: number;
  /** Bytes in the output per package (node_modules package or our own package). */
  byPackage: [string, number][];
}

/**
 * Builds an entry point the way SST does for a Node Lambda: esbuild, bundled (AWS SDK
 * included), minified ESM for node22, with the createRequire banner ESM bundles of the SDK
 * need, and the same esbuild plugins infra gives SST.
 */
export async function buildLambda(spec: (typeof lambdaEntries)[number]): Promise<BuiltBundle | undefined> {
  if (!existsSync(spec.entry)) return undefined;
  const result = await build({
    entryPoints: [spec.entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    write: false,
    metafile: true,
    mainFields: ["module", "main"],
    banner: {
      js: "import { createRequire as topLevelCreateRequire } from 'module';const require = topLevelCreateRequire(import.meta.url);",
    },
    plugins: plugins as Plugin[],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return {
    name: spec.name,
    entry: spec.entry,
    code,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    budget: spec.budget,
    ...("gzipBudget" in spec ? { gzipBudget: spec.gzipBudget } : {}),
    byPackage: byPackage(result.metafile),
  };
}

function byPackage(metafile: Metafile): [string, number][] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = match ? match[1]! : path.split("/").slice(0, 2).join("/");
      totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}
