import type { FieldIssue } from "../kernel/errors";
import * as z from "../kernel/zod";

/**
 * Where a public (ingest) key may be used from. Browsers send `Origin` on every cross-origin
 * request and on every form POST, and a page cannot forge it, so a list of origins stops other
 * sites from embedding a key copied from ours. It does not stop a script outside a browser
 * (curl can send any Origin): the rate limit does that.
 */
export interface OriginPolicy {
  /** Exact origins, e.g. `https://www.example.com` (scheme, host and port; no path). */
  allowedOrigins: string[];
  /** Whether requests without `Origin` (server-to-server integrations, webhooks) are accepted. */
  serverToServer: boolean;
}

/** An origin as browsers serialise it: lower-case scheme and host, a port only when not the default. */
export const originSchema = z.string().check(
  z.maxLength(200),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
    } catch {
      return false;
    }
  }, "an origin: scheme://host[:port], lower case, without a path or a trailing slash"),
);

export const MAX_ALLOWED_ORIGINS = 20;

export type OriginVerdict = "allowed" | "not_listed" | "missing";

/**
 * Judges a request's `Origin` header against a key's policy. `Origin: null` (sandboxed frames,
 * `Referrer-Policy: no-referrer` pages, file: URLs) names no site, so it is never on the list.
 */
export function judgeOrigin(policy: OriginPolicy, origin: string | undefined): OriginVerdict {
  if (origin === undefined || origin === "") return policy.serverToServer ? "allowed" : "missing";
  return policy.allowedOrigins.includes(origin.toLowerCase()) ? "allowed" : "not_listed";
}

/**
 * The origin fields of a key request, judged against its scopes. An ingest-only key must say
 * where it will be used (browser origins, server-to-server, or both): a public key nobody
 * thought about would accept posts from any page. Other keys are secret and used from
 * servers, so origin fields on them are a mistake worth pointing at.
 */
export function originPolicyIssues(input: {
  publicKey: boolean;
  allowedOrigins?: string[] | undefined;
  serverToServer?: boolean | undefined;
}): FieldIssue[] {
  if (!input.publicKey) {
    return (["allowedOrigins", "serverToServer"] as const)
      .filter((field) => input[field] !== undefined)
      .map((field) => ({
        path: [field],
        message: "only ingest-only keys carry an origin policy (other keys are secret and used from servers)",
        code: "not_allowed",
      }));
  }
  if ((input.allowedOrigins?.length ?? 0) === 0 && input.serverToServer !== true)
    return [
      {
        path: ["allowedOrigins"],
        message:
          "an ingest key needs allowedOrigins (the sites whose pages use it) or serverToServer: true, or both",
        code: "required",
      },
    ];
  return [];
}
