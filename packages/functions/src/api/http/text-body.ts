import type { Context } from "hono";
import { HttpProblem } from "./problem";

/**
 * The body as text in the charset the Content-Type names (UTF-8 by default). Spreadsheet
 * exports are not always UTF-8: Excel writes windows-1252, or UTF-16 for "Unicode text".
 */
export async function readText(c: Context): Promise<string> {
  const charset = /;\s*charset="?([\w.:-]+)"?/i.exec(c.req.header("content-type") ?? "")?.[1] ?? "utf-8";
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset, { fatal: false });
  } catch {
    throw new HttpProblem(
      415,
      "unsupported-media-type",
      "Unsupported media type",
      `Unknown charset "${charset}".`,
    );
  }
  return decoder.decode(await c.req.arrayBuffer());
}
