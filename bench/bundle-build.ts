import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";
// @ts-expect-error plain JS shared with SST (infra/lambda.ts); typed by its use below
import plugins from "../infra/esbuild-plugins.mjs";

/** Every Lambda entry point infra deploys, with its size budget (bytes, minified). */
export const lambdaEntries = [
  // Raised from 450 / 140 KB with issue 12 (rate limits, origin checks, key kinds, no-JS forms,
  // Typeform signatures, erasure): +30 KB minified / +10 KB gzipped, nearly all our own code and
  // its OpenAPI descriptions (measured against main with bench/bundle-build.ts).
  { name: "api", entry: "packages/functions/src/api/lambda.ts", budget: 470 * 1024, gzipBudget: 155 * 1024 },
  { name: "event forwarder", entry: "packages/functions/src/events/forwarder.ts", budget: 400 * 1024 },
  { name: "SLA sweep", entry: "packages/functions/src/sweeps/sla.ts", budget: 400 * 1024 },
  { name: "rebound sweep", entry: "packages/functions/src/sweeps/rebound.ts", budget: 400 * 1024 },
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
