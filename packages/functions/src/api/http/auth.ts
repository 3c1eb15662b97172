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
 * Resolves the caller from `Authorization: Bearer <key>` or `X-Api-Key`. An unknown or revoked
 * key is a 401 at once; a missing key is left for the route to refuse, so public routes work.
 */
export function authenticate(
  apiKeys: Pick<ApiKeyStore, "get">,
  bootstrapAdminKey: string | undefined,
): MiddlewareHandler {
  return async (c, next) => {
    const token = presentedKey(c.req.header("authorization"), c.req.header("x-api-key"));
    if (!token) {
      c.set("principal", undefined);
      return next();
    }
    if (bootstrapAdminKey && constantTimeEquals(token, bootstrapAdminKey)) {
      c.set("principal", { id: "bootstrap", kind: "bootstrap", name: "bootstrap admin", scopes: ["admin"] });
      return next();
    }
    const parsed = parseApiKey(token);
    const record = parsed ? await apiKeys.get(parsed.id) : undefined;
    if (!parsed || !record || record.revokedAt || !secretMatches(parsed.secret, record.secretHash)) {
      throw new HttpProblem(401, "unauthorized", "Unauthorized", "The API key is unknown or revoked.", [], {
        "WWW-Authenticate": 'Bearer realm="rebound"',
      });
    }
    const origins = originPolicyOf(record);
    c.set("principal", {
      id: record.id,
      kind: "api_key",
      name: record.name,
      scopes: record.scopes,
      ...(record.repId ? { repId: record.repId } : {}),
      ...(record.rateLimit ? { rateLimit: record.rateLimit } : {}),
      ...(origins ? { origins } : {}),
    });
    return next();
  };
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

/** 403 for a key of a kind the route does not serve (a rep on every lead's listing, say). */
export function authorizeKind(principal: Principal, kinds: readonly KeyKind[]): void {
  const kind = keyKindOf(principal);
  if (kinds.includes(kind)) return;
  throw new HttpProblem(
    403,
    "forbidden",
    "Forbidden",
    kind === "rep"
      ? "A rep's key reads and acts on the leads handed to that rep only: use /v1/reps/{repId}/leads for your queue."
      : `This operation is for ${kinds.join(", ")} keys; this is a${kind === "ingest" || kind === "automation" || kind === "admin" ? "n" : ""} ${kind} key.`,
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
