import { parseRateLimit, type RateLimit } from "@rebound/core/auth";
import { parseSlaPolicy, type SlaAction } from "@rebound/core/handoff";
import { parseWith, text } from "@rebound/core/kernel";
import type { SlaKind } from "@rebound/core/lead";
import * as z from "@rebound/core/zod";

/**
 * The one place runtime configuration is read. Infra (SST) and the local runner set these
 * environment variables; everything else receives a validated Config.
 */
export const configSchema = z.object({
  REBOUND_STAGE: z._default(text(40), "local"),
  REBOUND_TABLE_NAME: z.string().check(z.minLength(3)),
  REBOUND_BUS_NAME: z.optional(z.string()),
  /** Only for DynamoDB Local; absent in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  REBOUND_BOOTSTRAP_ADMIN_KEY: z.optional(z.string().check(z.minLength(24, "use at least 24 characters"))),
  REBOUND_CURSOR_SECRET: z.string().check(z.minLength(16, "use at least 16 characters")),
  /**
   * HMAC key of the suppression list (erased addresses are kept only as keyed hashes). Never
   * rotate it: a new key forgets every address suppressed under the old one.
   */
  REBOUND_SUPPRESSION_SECRET: z.string().check(z.minLength(16, "use at least 16 characters")),
  /** Comma-separated origins allowed to call from browsers (forms), or "*". Empty: no CORS. */
  REBOUND_CORS_ORIGINS: z._default(z.string(), ""),
  REBOUND_MAX_BODY_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 256 * 1024),
  /** Imports (POST /v1/imports) only: a 10,000-row export is a few MB; Lambda takes at most 6 MB per request. */
  REBOUND_MAX_IMPORT_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 6 * 1024 * 1024),
  /** How long an import keeps starting writes before it answers with the rest pending (API Gateway gives up at 29 s). */
  REBOUND_IMPORT_BUDGET_MS: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 25_000),
  /** Conditional writes an import keeps in flight. */
  REBOUND_IMPORT_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.positive(), z.maximum(256)), 32),
  /** What an SLA breach does: "flag" or "return_to_marketing" for both clocks, or per clock: "accept=return_to_marketing,outcome=flag". */
  REBOUND_SLA_POLICY: z._default(
    z
      .string()
      .check(
        z.refine(
          (value) => parseSlaPolicy(value) !== undefined,
          'use "flag", "return_to_marketing", or "accept=<action>,outcome=<action>"',
        ),
      ),
    "flag",
  ),
  /** Default budget of public (ingest-only) keys without their own: "<requests>/<seconds>", across all instances. */
  REBOUND_INGEST_RATE_LIMIT: z._default(
    z
      .string()
      .check(
        z.refine((value) => parseRateLimit(value) !== undefined, 'use "<requests>/<seconds>", e.g. "60/60"'),
      ),
    "60/60",
  ),
  /** Rebound segment pulls only return members older than this (see rebound/segment.ts). */
  REBOUND_SEGMENT_SETTLE_MS: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 30_000),
  /** A rebound sweep stops taking entries after this long; the rest goes to the next run. */
  REBOUND_SWEEP_BUDGET_MS: z._default(z.coerce.number().check(z.int(), z.positive()), 60_000),
});

export interface Config {
  stage: string;
  tableName: string;
  busName?: string;
  dynamoEndpoint?: string;
  bootstrapAdminKey?: string;
  cursorSecret: string;
  suppressionSecret: string;
  corsOrigins: string[];
  maxBodyBytes: number;
  imports: { maxBytes: number; budgetMs: number; concurrency: number };
  slaPolicy: Record<SlaKind, SlaAction>;
  segmentSettleMs: number;
  sweepBudgetMs: number;
  rateLimits: { ingest: RateLimit };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = parseWith(configSchema, env, "Invalid configuration");
  return {
    stage: raw.REBOUND_STAGE,
    tableName: raw.REBOUND_TABLE_NAME,
    ...(raw.REBOUND_BUS_NAME ? { busName: raw.REBOUND_BUS_NAME } : {}),
    ...(raw.DYNAMODB_ENDPOINT ? { dynamoEndpoint: raw.DYNAMODB_ENDPOINT } : {}),
    ...(raw.REBOUND_BOOTSTRAP_ADMIN_KEY ? { bootstrapAdminKey: raw.REBOUND_BOOTSTRAP_ADMIN_KEY } : {}),
    cursorSecret: raw.REBOUND_CURSOR_SECRET,
    suppressionSecret: raw.REBOUND_SUPPRESSION_SECRET,
    corsOrigins: raw.REBOUND_CORS_ORIGINS.split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    maxBodyBytes: raw.REBOUND_MAX_BODY_BYTES,
    imports: {
      maxBytes: raw.REBOUND_MAX_IMPORT_BYTES,
      budgetMs: raw.REBOUND_IMPORT_BUDGET_MS,
      concurrency: raw.REBOUND_IMPORT_CONCURRENCY,
    },
    slaPolicy: parseSlaPolicy(raw.REBOUND_SLA_POLICY)!,
    segmentSettleMs: raw.REBOUND_SEGMENT_SETTLE_MS,
    sweepBudgetMs: raw.REBOUND_SWEEP_BUDGET_MS,
    rateLimits: { ingest: parseRateLimit(raw.REBOUND_INGEST_RATE_LIMIT)! },
  };
}
