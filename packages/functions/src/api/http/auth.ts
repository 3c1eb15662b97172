import {
  constantTimeEquals,
  hasScope,
  type KeyKind,
  keyKindOf,
  originPolicyOf,
  type Principal,
  parseApiKey,
  type Scope,
  secretMatches,
} from "@rebound/core/auth";
import type { Lead } from "@rebound/core/lead";
import type { ApiKeyStore } from "@rebound/core/store";
import type { MiddlewareHandler } from "hono";
import { HttpProblem } from "./problem";

declare module "hono" {
  interface ContextVariableMap {
    principal: Principal | undefined;
  }
}

function presentedKey(
  authorization: string | undefined,
  apiKeyHeader: string | undefined,
): string | undefined {
  if (apiKeyHeader) return apiKeyHeader.trim();
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match?.[1]?.trim();
}

/**
 * The operations that accept the key in the URL (`?key=`): a plain HTML form and a webhook
 * (Typeform's) cannot send headers. Only ingest keys are accepted there: a URL ends up in
 * access logs, browser history and referrers, where only a key meant to be public may go.
 */
export const urlKeyPaths: ReadonlySet<string> = new Set(["/v1/capture/form", "/v1/capture/typeform"]);

const challenge = { "WWW-Authenticate": 'Bearer realm="rebound"' };

/** Whether the request presents a key at all (a header, or `?key=`): only those need secrets. */
export function presentsKey(c: Parameters<MiddlewareHandler>[0]): boolean {
  return Boolean(
    c.req.header("authorization") || c.req.header("x-api-key") || c.req.query("key") !== undefined,
  );
}

/** The key the request presents: a header first, else `?key=` where the path accepts it. */
function keyOf(c: Parameters<MiddlewareHandler>[0]): { token?: string; fromUrl: boolean } {
  const header = presentedKey(c.req.header("authorization"), c.req.header("x-api-key"));
  if (header) return { token: header, fromUrl: false };
  const inUrl = c.req.query("key");
  if (inUrl === undefined) return { fromUrl: false };
  if (c.req.method !== "POST" || !urlKeyPaths.has(c.req.path))
    throw new HttpProblem(
      401,
      "unauthorized",
      "Unauthorized",
      "API keys go in the Authorization header; only POST /v1/capture/form and /v1/capture/typeform read ?key=.",
      [],
      challenge,
    );
  return { token: inUrl.trim(), fromUrl: true };
}

/**
 * Resolves the caller from `Authorization: Bearer <key>` or `X-Api-Key` (or `?key=` on the
 * paths above). An unknown or revoked key is a 401 at once; a missing key is left for the
 * route to refuse, so public routes work. Stored API keys are checked before the bootstrap
 * key, so they keep working while the bootstrap key's secret cannot be read
 * (`bootstrapAdminKey()` throws then: a 503).
 */
export function authenticate(
  apiKeys: Pick<ApiKeyStore, "get">,
  bootstrapAdminKey: () => string | undefined,
): MiddlewareHandler {
  return async (c, next) => {
    const { token, fromUrl } = keyOf(c);
    if (!token) {
      c.set("principal", undefined);
      return next();
    }
    const parsed = parseApiKey(token);
    const record = parsed ? await apiKeys.get(parsed.id) : undefined;
    if (!parsed || !record || record.revokedAt || !secretMatches(parsed.secret, record.secretHash)) {
      const bootstrap = bootstrapAdminKey();
      if (bootstrap && constantTimeEquals(token, bootstrap)) {
        if (fromUrl) throw keyInUrl();
        c.set("principal", {
          id: "bootstrap",
          kind: "bootstrap",
          name: "bootstrap admin",
          scopes: ["admin"],
        });
        return next();
      }
      throw new HttpProblem(401, "unauthorized", "Unauthorized", "The API key is unknown or revoked.", [], {
        "WWW-Authenticate": 'Bearer realm="rebound"',
      });
    }
    if (fromUrl && keyKindOf(record) !== "ingest") throw keyInUrl();
    const origins = originPolicyOf(record);
    c.set("principal", {
      id: record.id,
      kind: "api_key",
      name: record.name,
      scopes: record.scopes,
      ...(record.repId ? { repId: record.repId } : {}),
      ...(record.rateLimit ? { rateLimit: record.rateLimit } : {}),
      ...(origins ? { origins } : {}),
      ...(record.ingest?.redirectUrl ? { redirectUrl: record.ingest.redirectUrl } : {}),
      ...(record.ingest?.formUrl ? { formUrl: record.ingest.formUrl } : {}),
      ...(record.typeformSecret ? { typeformSecret: record.typeformSecret } : {}),
    });
    return next();
  };
}

function keyInUrl(): HttpProblem {
  return new HttpProblem(
    403,
    "key-in-url",
    "This key may not be sent in the URL",
    "Only ingest keys may be sent as ?key=: a URL ends up in logs and browser history. This key has been exposed that way: revoke it and create another.",
  );
}

/** 401 without a key, 403 with a key that lacks every one of the scopes. */
export function authorize(principal: Principal | undefined, anyOf: readonly Scope[]): Principal {
  if (!principal) {
    throw new HttpProblem(
      401,
      "unauthorized",
      "Unauthorized",
      "Send an API key as 'Authorization: Bearer <key>'.",
      [],
      { "WWW-Authenticate": 'Bearer realm="rebound"' },
    );
  }
  if (!hasScope(principal, anyOf)) {
    throw new HttpProblem(
      403,
      "forbidden",
      "Forbidden",
      `This API key lacks the scope for this operation (one of: ${anyOf.join(", ")}).`,
    );
  }
  return principal;
}

const kindNames: Record<KeyKind, string> = {
  ingest: "ingest keys",
  rep: "reps' keys",
  manager: "sales managers (a sales key without a repId)",
  automation: "automation",
  admin: "admins",
};

/** 403 for a key of a kind the route does not serve (a rep on every lead's listing, say). */
export function authorizeKind(principal: Principal, kinds: readonly KeyKind[]): void {
  const kind = keyKindOf(principal);
  if (kinds.includes(kind)) return;
  const served = `This operation is for ${kinds.map((k) => kindNames[k]).join(", ")}`;
  throw new HttpProblem(
    403,
    "forbidden",
    "Forbidden",
    kind === "rep"
      ? `${served}. A rep's key reads and acts on the leads handed to that rep only: use /v1/reps/{repId}/leads for your queue.`
      : `${served}; this is a${kind === "ingest" || kind === "automation" || kind === "admin" ? "n" : ""} ${kind} key.`,
  );
}

/** A rep's key reads only leads handed to its rep (any other key that got past the scopes reads any lead). */
export function assertMayRead(principal: Principal, lead: Pick<Lead, "ownerId">): void {
  if (keyKindOf(principal) !== "rep" || lead.ownerId === principal.repId) return;
  throw new HttpProblem(
    403,
    "forbidden",
    "Forbidden",
    `This rep's key reads only leads handed to ${principal.repId}.`,
  );
}
