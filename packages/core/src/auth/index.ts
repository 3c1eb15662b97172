import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { nonEmptyText } from "../kernel/text";
import * as z from "../kernel/zod";
import { repIdSchema } from "../lead/schema";
import { ingestSettingsInputSchema, type OriginPolicy } from "./origins";
import { type RateLimit, rateLimitSchema } from "./rate-limit";

export const scopes = ["ingest", "sales", "automation", "admin"] as const;
export type Scope = (typeof scopes)[number];

/** Who is calling. `admin` implies every other scope. */
export interface Principal {
  id: string;
  kind: "api_key" | "bootstrap";
  name: string;
  scopes: Scope[];
  /** The sales rep this key belongs to: required to act on that rep's hand-offs. */
  repId?: string;
  /** This key's own request budget; absent: the default for its kind (ingest keys), or none. */
  rateLimit?: RateLimit;
  /** Where a public key may be used from; absent: not checked (trusted keys, and ingest keys made before policies). */
  origins?: OriginPolicy;
  /** Ingest keys: where a plain HTML form's submitter is sent after a capture (303); the API's thank-you page when absent. */
  redirectUrl?: string;
  /** Ingest keys: the page of the form, for "back to the form" when the browser sent no Referer. */
  formUrl?: string;
  /** The Typeform webhook's secret: with it, every Typeform delivery must carry a valid Typeform-Signature. */
  typeformSecret?: string;
}

/** An ingest key's settings as stored and shown (input: `ingestSettingsInputSchema`). */
export const ingestSettingsSchema = z.object({
  /** The origins allowed to use the key from a browser (checked against `Origin`). */
  allowedOrigins: z.array(z.string()),
  /** Whether requests without `Origin` (server-to-server) are accepted. */
  serverToServer: z.boolean(),
  redirectUrl: z.optional(z.string()),
  formUrl: z.optional(z.string()),
});

/** A stored API key: never the secret, only its hash. */
export const apiKeyRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(scopes)),
  /** The sales rep who uses this key (their id in the CRM); hand-off actions check it. */
  repId: z.optional(z.string()),
  /** Requests allowed per window across all instances; absent: the stage's default for the key's kind. */
  rateLimit: z.optional(rateLimitSchema),
  /** An ingest key's settings (absent on other keys, and on ingest keys made before these existed). */
  ingest: z.optional(ingestSettingsSchema),
  /**
   * The Typeform webhook's signing secret, kept as given (verifying an HMAC needs the secret
   * itself, unlike the key's own secret, of which only a hash is kept); never shown back.
   */
  typeformSecret: z.optional(z.string()),
  /** SHA-256 of the secret. A fast hash is enough: secrets are 256 random bits, not passwords. */
  secretHash: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.optional(z.string()),
});
export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

/** What an admin sends to create a key. */
export const apiKeyInputSchema = z.strictObject({
  name: nonEmptyText(100),
  scopes: z.array(z.enum(scopes)).check(z.minLength(1), z.maxLength(scopes.length)),
  /** The sales rep who will use the key; a `sales` key needs one to act on that rep's hand-offs. */
  repId: z.optional(repIdSchema),
  /** This key's request budget across all instances; ingest keys without one get the stage default. */
  rateLimit: z.optional(rateLimitSchema),
  /** An ingest-only key's settings: where it may be used from, and where its plain HTML form leads. */
  ingest: z.optional(ingestSettingsInputSchema),
  /** The secret set on the Typeform webhook (Typeform → Connect → Webhooks → Secret). */
  typeformSecret: z.optional(z.string().check(z.minLength(16), z.maxLength(256))),
});

const PREFIX = "rbk";

/** A new key: the token is shown once; only the id and the hash are stored. */
export function generateApiKey(): { id: string; secret: string; token: string } {
  // Lower-case base32-ish id without separators so the token splits unambiguously.
  const id = randomBytes(9).toString("base64url").replace(/[-_]/g, "x").toLowerCase();
  const secret = randomBytes(32).toString("base64url");
  return { id, secret, token: `${PREFIX}_${id}_${secret}` };
}

export function parseApiKey(token: string): { id: string; secret: string } | undefined {
  const match = /^rbk_([a-z0-9]{6,32})_([A-Za-z0-9_-]{20,128})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time comparison so response timing does not leak how much of a secret matched. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(secretHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export function constantTimeEquals(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function hasScope(principal: Pick<Principal, "scopes">, anyOf: readonly Scope[]): boolean {
  return principal.scopes.includes("admin") || anyOf.some((scope) => principal.scopes.includes(scope));
}

/**
 * A key that may only add (capture): the kind embedded in web pages, so anyone may hold it.
 * Such keys get the public-key protections (default rate limit, origin check, honeypot answers).
 */
export function isPublicKey(principal: Pick<Principal, "scopes">): boolean {
  return !hasScope(principal, readerScopes);
}

/** The origin policy a key record carries; undefined when the record predates policies or is a trusted key's. */
export function originPolicyOf(record: Pick<ApiKeyRecord, "ingest">): OriginPolicy | undefined {
  if (!record.ingest) return undefined;
  return { allowedOrigins: record.ingest.allowedOrigins, serverToServer: record.ingest.serverToServer };
}

/** Scopes that may read leads back. `ingest` alone never can: it may be embedded in a public web page. */
export const readerScopes: readonly Scope[] = ["sales", "automation", "admin"];
export * from "./kinds";
export * from "./origins";
export * from "./rate-limit";
