import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runtimeEnv } from "../../config/runtime";
import type { StaticAsset } from "./manifest";

export interface LoadedAsset {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  contentType: string;
}

/** Where asset `source` paths are relative to: the function root in Lambda, the repository locally. */
export function assetRoot(): string {
  return runtimeEnv.lambdaTaskRoot() ?? runtimeEnv.assetRoot() ?? process.cwd();
}

const cache = new Map<string, LoadedAsset>();

/**
 * Reads an asset once per process and keeps it: assets are immutable for a deployment, and
 * a strong ETag from the content lets browsers revalidate with a 304 instead of a download.
 */
export function loadAsset(asset: StaticAsset, root = assetRoot()): LoadedAsset {
  const key = `${root}\0${asset.source}`;
  let loaded = cache.get(key);
  if (!loaded) {
    const body = new Uint8Array(readFileSync(join(root, asset.source)));
    loaded = {
      body,
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
      contentType: asset.contentType,
    };
    cache.set(key, loaded);
  }
  return loaded;
}
