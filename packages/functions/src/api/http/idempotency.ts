import { createHash } from "node:crypto";
import type { Context } from "hono";
import { HttpProblem } from "./problem";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** The request's Idempotency-Key, validated (1–255 visible ASCII characters), or undefined. */
export function idempotencyKeyOf(c: Context): string | undefined {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new HttpProblem(
      400,
      "bad-request",
      "Bad request",
      "Idempotency-Key must be 1 to 255 visible ASCII characters.",
      [{ path: ["header", IDEMPOTENCY_HEADER], message: "invalid key", code: "invalid_idempotency_key" }],
    );
  }
  return key;
}

/** What makes two requests "the same": method, path and exact body bytes. */
export function fingerprint(method: string, path: string, body: string): string {
  return createHash("sha256").update(`${method} ${path}\n${body}`).digest("base64url");
}
