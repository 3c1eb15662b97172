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

/** An absolute http(s) URL of a web page (a form's page, a thank-you page). */
export const webPageUrlSchema = z.string().check(
  z.maxLength(2_000),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "an absolute http(s) URL"),
);

export type OriginVerdict = "allowed" | "not_listed" | "missing";

/**
 * Judges a request's `Origin` header against a key's policy. `Origin: null` (sandboxed frames,
 * `Referrer-Policy: no-referrer` pages, file: URLs) names no site, so it is never on the list.
 */
export function judgeOrigin(policy: OriginPolicy, origin: string | undefined): OriginVerdict {
  if (origin === undefined || origin === "") return policy.serverToServer ? "allowed" : "missing";
  return policy.allowedOrigins.includes(origin.toLowerCase()) ? "allowed" : "not_listed";
}

/** What an admin says about an ingest key: where it may be used from, and where its plain HTML form leads. */
export const ingestSettingsInputSchema = z.strictObject({
  /** The sites whose pages may use the key (checked against the browser's `Origin`). */
  allowedOrigins: z.optional(z.array(originSchema).check(z.maxLength(MAX_ALLOWED_ORIGINS))),
  /** Accept requests without `Origin` (server-to-server integrations, webhooks). */
  serverToServer: z.optional(z.boolean()),
  /** Where a plain HTML form's submitter is sent after a capture (303 See Other); the API's thank-you page when absent. */
  redirectUrl: z.optional(webPageUrlSchema),
  /** The form's page, linked from an error page when the browser sends no Referer. */
  formUrl: z.optional(webPageUrlSchema),
});
export type IngestSettingsInput = z.infer<typeof ingestSettingsInputSchema>;

/**
 * The ingest settings of a key request, judged against its scopes. An ingest-only key must say
 * where it will be used (browser origins, server-to-server, or both): a public key nobody
 * thought about would accept posts from any page. Other keys are secret and used from
 * servers, so ingest settings on them are a mistake worth pointing at.
 */
export function ingestSettingsIssues(input: {
  publicKey: boolean;
  ingest?: IngestSettingsInput | undefined;
}): FieldIssue[] {
  if (!input.publicKey)
    return input.ingest === undefined
      ? []
      : [
          {
            path: ["ingest"],
            message:
              "only ingest-only keys take ingest settings (other keys are secret and used from servers)",
            code: "not_allowed",
          },
        ];
  const settings = input.ingest;
  if (!settings || ((settings.allowedOrigins?.length ?? 0) === 0 && settings.serverToServer !== true))
    return [
      {
        path: settings ? ["ingest", "allowedOrigins"] : ["ingest"],
        message:
          "an ingest key needs ingest.allowedOrigins (the sites whose pages use it) or ingest.serverToServer: true, or both",
        code: "required",
      },
    ];
  return [];
}
