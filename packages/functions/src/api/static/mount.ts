import type { Hono } from "hono";
import { loadAsset } from "./assets";
import { staticAssets } from "./manifest";

/**
 * Serves the manifest's files (GET/HEAD) with a content ETag, answering 304 to a matching
 * If-None-Match. They are not API operations, so they stay out of the OpenAPI document.
 */
export function mountStaticAssets(app: Hono, assets = staticAssets): void {
  for (const asset of assets) {
    app.get(asset.path, (c) => {
      const { body, etag, contentType } = loadAsset(asset);
      const headers = { ETag: etag, "Cache-Control": "public, max-age=300, must-revalidate" };
      if (c.req.header("if-none-match") === etag) return c.body(null, 304, headers);
      return c.body(body, 200, { ...headers, "Content-Type": contentType });
    });
  }
}
