import { createHash } from "node:crypto";
import type { Principal } from "@rebound/core/auth";
import type { Replayable } from "@rebound/core/usecases";
import type { Context } from "hono";
import { HttpProblem } from "./problem";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const REPLAYED_HEADER = "Idempotent-Replayed";

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

/** What makes two requests "the same": method, path (with its query) and the exact body. */
export function fingerprint(method: string, path: string, body: string | Uint8Array): string {
  return createHash("sha256").update(`${method} ${path}\n`).update(body).digest("base64url");
}

/** The key, its owner and the request's fingerprint, as use cases take them. */
export interface IdempotencyKey {
  principalId: string;
  key: string;
  fingerprint: string;
}

/**
 * The Idempotency-Key of a request to an idempotent route (mount calls this for every such
 * route), scoped to the caller's API key, with the fingerprint of the request's bytes: the
 * query's parameters sorted, so their order does not make another request.
 */
export async function idempotencyOf(c: Context, principal: Principal): Promise<IdempotencyKey | undefined> {
  const key = idempotencyKeyOf(c);
  if (!key) return undefined;
  const url = new URL(c.req.url);
  const query = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const path = query.length ? `${url.pathname}?${new URLSearchParams(query)}` : url.pathname;
  const body = new Uint8Array(await c.req.arrayBuffer());
  return { principalId: principal.id, key, fingerprint: fingerprint(c.req.method, path, body) };
}

/** What a route answers: status, body, headers. */
export interface Rendered {
  status: number;
  body: unknown;
  headers?: Record<string, string> | undefined;
}

export function send(c: Context, response: Rendered, replayed = false): Response {
  const headers: Record<string, string> = { ...response.headers };
  if (replayed) headers[REPLAYED_HEADER] = "true";
  return c.json(response.body, response.status as 200, headers);
}

/** Answers a use case's result: the stored response when there is one (first time or replay), else `render`. */
export function reply<R>(c: Context, answer: Replayable<R>, render: (result: R) => Rendered): Response {
  if (answer.kind === "replay") return send(c, answer.response, true);
  return send(c, answer.response ?? render(answer.result));
}
