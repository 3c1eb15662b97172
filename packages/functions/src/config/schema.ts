import { parseRateLimit } from "@rebound/core/auth";
import { parseSlaPolicy } from "@rebound/core/handoff";
import { text } from "@rebound/core/kernel";
import * as z from "@rebound/core/zod";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A whole number from an environment variable, within [min, max]. Every timer and limit goes
 * through this, so a zero or negative interval (a timer that runs back to back) or a typo is
 * refused at start-up with the variable's name and the allowed range.
 */
function bounded(min: number, max: number, fallback: number, unit: string) {
  const range = `between ${min} and ${max}${unit ? ` ${unit}` : ""}`;
  return z._default(
    z.coerce
      .number(`must be a whole number ${range}`)
      .check(
        z.int(`must be a whole number ${range}`),
        z.minimum(min, `must be ${range}`),
        z.maximum(max, `must be ${range}`),
      ),
    fallback,
  );
}

/**
 * The environment contract. Infra (SST) sets these for every function; the local runner sets
 * the same names. Secrets come either as values (the local runner, tests) or as the ids of
 * AWS Secrets Manager secrets read at run time (deployed stages; see secrets/). Secrets come either as values (the local runner, tests) or as the ids of
 * AWS Secrets Manager secrets read at run time (deployed stages; see secrets/).
 */
export const configSchema = z.object({
  REBOUND_STAGE: z._default(text(40), "local"),
  REBOUND_TABLE_NAME: z.string().check(z.minLength(3)),
  REBOUND_BUS_NAME: z.optional(z.string()),
  /** Only for DynamoDB Local; absent in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  /** Longest wait for one DynamoDB request; a frozen store fails fast instead of holding the Lambda. */
  REBOUND_DYNAMODB_TIMEOUT_MS: bounded(100, 20 * SECOND, 3 * SECOND, "ms"),
  /** Attempts per DynamoDB request (the SDK's retries), the first included. */
  REBOUND_DYNAMODB_MAX_ATTEMPTS: bounded(1, 5, 3, ""),
  /** Least severe log level written: debug, info, warn or error. */
  REBOUND_LOG_LEVEL: z._default(z.enum(["debug", "info", "warn", "error"]), "info"),
  REBOUND_BOOTSTRAP_ADMIN_KEY: z.optional(z.string().check(z.minLength(24, "use at least 24 characters"))),
  REBOUND_CURSOR_SECRET: z.optional(z.string().check(z.minLength(16, "use at least 16 characters"))),
  /**
   * HMAC key of the suppression list (erased addresses are kept only as keyed hashes). Never
   * rotate it: a new key forgets every address suppressed under the old one.
   */
  REBOUND_SUPPRESSION_SECRET: z.optional(z.string().check(z.minLength(16, "use at least 16 characters"))),
  /** Secrets Manager secret (ARN or name) holding the bootstrap admin key; instead of the value. */
  REBOUND_BOOTSTRAP_ADMIN_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  /** Secrets Manager secret (ARN or name) holding the cursor secret; instead of the value. */
  REBOUND_CURSOR_SECRET_ID: z.optional(z.string().check(z.minLength(1))),
  /** Secrets Manager secret (ARN or name) holding the suppression secret; instead of the value. */
  REBOUND_SUPPRESSION_SECRET_ID: z.optional(z.string().check(z.minLength(1))),
  /** How long a secret read from Secrets Manager is used before it is read again. */
  REBOUND_SECRETS_CACHE_MS: bounded(SECOND, HOUR, 5 * MINUTE, "ms"),
  /** After a cursor-secret rotation, cursors signed with the previous value stay valid this long. */
  REBOUND_CURSOR_SECRET_GRACE_MS: bounded(0, 30 * DAY, DAY, "ms"),
  /** SQS queue that events EventBridge rejects for good are sent to (deployed stages). */
  REBOUND_DEAD_LETTER_QUEUE_URL: z.optional(z.url()),
  /** Comma-separated origins allowed to call from browsers (forms), or "*". Empty: no CORS. */
  REBOUND_CORS_ORIGINS: z._default(z.string(), ""),
  REBOUND_MAX_BODY_BYTES: bounded(1_024, 6 * 1024 * 1024, 256 * 1024, "bytes"),
  /** Imports (POST /v1/imports) only: a 10,000-row export is a few MB; Lambda takes at most 6 MB per request. */
  REBOUND_MAX_IMPORT_BYTES: bounded(1_024, 6 * 1024 * 1024, 6 * 1024 * 1024, "bytes"),
  /** How long an import keeps starting writes before it answers with the rest pending (API Gateway gives up at 29 s). */
  REBOUND_IMPORT_BUDGET_MS: bounded(0, DAY, 25_000, "ms"),
  /** Conditional writes an import keeps in flight. */
  REBOUND_IMPORT_CONCURRENCY: bounded(1, 256, 32, ""),
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
  REBOUND_SEGMENT_SETTLE_MS: bounded(0, DAY, 30_000, "ms"),
  /** A rebound sweep stops taking entries after this long; the rest goes to the next run (Lambda allows 15 min). */
  REBOUND_SWEEP_BUDGET_MS: bounded(SECOND, 15 * MINUTE, 60_000, "ms"),
  /**
   * How long each instance caches the policy in force and API keys (0: never); what that
   * costs in staleness is in packages/core/src/store/cached.ts and docs/operations.md.
   */
  REBOUND_CACHE_TTL_MS: bounded(0, MINUTE, 5_000, "ms"),
  /** An SLA sweep run by the local timer stops after this long (the Lambda uses its remaining time). */
  REBOUND_SLA_SWEEP_BUDGET_MS: bounded(SECOND, 15 * MINUTE, 50_000, "ms"),

  // The local runner (npm start): its port and the timers that stand in for the schedules.
  PORT: bounded(1, 65_535, 3_000, ""),
  /** How often the local stream poller forwards timeline records (Lambda's event source mapping in AWS). */
  REBOUND_FORWARD_EVERY_MS: bounded(100, HOUR, SECOND, "ms"),
  /** Local rebound sweep interval (an EventBridge Scheduler rate in AWS). */
  REBOUND_SWEEP_EVERY_MS: bounded(SECOND, DAY, 10 * SECOND, "ms"),
  /** Local SLA sweep interval. */
  REBOUND_SLA_SWEEP_EVERY_MS: bounded(SECOND, DAY, MINUTE, "ms"),
  /** Local re-qualification interval (after a policy publish; infra/reports.ts in AWS). */
  REBOUND_REQUALIFY_EVERY_MS: bounded(SECOND, DAY, 30 * SECOND, "ms"),
});

export type RawConfig = z.infer<typeof configSchema>;
