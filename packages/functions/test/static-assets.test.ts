import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { staticAssets } from "../src/api/static/manifest";
import { mountStaticAssets } from "../src/api/static/mount";

describe("static assets", () => {
  it("serves a file with its type and a content ETag, and 304 on revalidation", async () => {
    const root = mkdtempSync(join(tmpdir(), "assets-"));
    writeFileSync(join(root, "hello.js"), "console.log('hi')\n");
    process.env.REBOUND_ASSET_ROOT = root;
    try {
      const app = new Hono();
      mountStaticAssets(app, [
        { path: "/assets/hello.js", source: "hello.js", contentType: "text/javascript" },
      ]);
      const first = await app.request("/assets/hello.js");
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toBe("text/javascript");
      expect(await first.text()).toBe("console.log('hi')\n");
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await app.request("/assets/hello.js", { headers: { "If-None-Match": etag } });
      expect(again.status).toBe(304);
    } finally {
      delete process.env.REBOUND_ASSET_ROOT;
    }
  });

  it("lists only files that exist in the repository (what infra copies beside the Lambda)", async () => {
    const { existsSync } = await import("node:fs");
    for (const asset of staticAssets) expect(existsSync(asset.source), asset.source).toBe(true);
  });
});
