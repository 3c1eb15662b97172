import { parseRateLimit, type RateLimit } from "@rebound/core/auth";
import { parseSlaPolicy, type SlaAction } from "@rebound/core/handoff";
import { parseWith } from "@rebound/core/kernel";
import type { SlaKind } from "@rebound/core/lead";
import { configSchema } from "./schema";

export { runtimeEnv } from "./runtime";
export { configSchema } from "./schema";

/** Where a secret comes from: its value (local runner, tests) or a Secrets Manager secret id. */
export type SecretSetting = { value: string } | { secretId: string };

export interface Config {
  stage: string;
  tableName: string;
  busName?: string;
  dynamoEndpoint?: string;
  dynamo: { requestTimeoutMs: number; maxAttempts: number };
  logLevel: "debug" | "info" | "warn" | "error";
  secrets: {
    /** Absent: no bootstrap admin key (only stored API keys are accepted). */
    bootstrapAdminKey?: SecretSetting;
    cursorSecret: SecretSetting;
    /** Keys the suppression list's hashes of erased addresses; never rotated (docs/operations.md). */
    suppressionSecret: SecretSetting;
    cacheMs: number;
    cursorGraceMs: number;
  };
  deadLetterQueueUrl?: string;
  corsOrigins: string[];
  maxBodyBytes: number;
  imports: { maxBytes: number; budgetMs: number; concurrency: number };
  slaPolicy: Record<SlaKind, SlaAction>;
  segmentSettleMs: number;
  sweepBudgetMs: number;
  /** How long each instance caches the policy in force and API keys (0: never). */
  cacheTtlMs: number;
  /** Request budgets: the default of public (ingest-only) keys created without their own. */
  rateLimits: { ingest: RateLimit };
  /** Settings only the local runner (npm start) uses. */
  local: {
    port: number;
    forwardEveryMs: number;
    reboundSweepEveryMs: number;
    slaSweepEveryMs: number;
    slaSweepBudgetMs: number;
    requalifyEveryMs: number;
  };
}

/** A configuration the process cannot run with; the message names every offending variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function secretSetting(
  name: string,
  value: string | undefined,
  secretId: string | undefined,
): SecretSetting | undefined {
  if (value !== undefined && secretId !== undefined)
    throw new ConfigError(`Invalid configuration: set ${name} or ${name}_ID, not both`);
  if (value !== undefined) return { value };
  if (secretId !== undefined) return { secretId };
  return undefined;
}

/**
 * The one place runtime configuration is read and validated. Infra (SST) and the local runner
 * set these environment variables; everything else receives a validated Config.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  let raw: ReturnType<typeof configSchema.parse>;
  try {
    raw = parseWith(configSchema, env, "Invalid configuration");
  } catch (error) {
    const issues = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues ?? [];
    const details = issues.map((i) => {
      const name = String(i.path[0] ?? "");
      const given = env[name];
      return `${name}: ${i.message}${given === undefined ? " (not set)" : ` (got ${JSON.stringify(given)})`}`;
    });
    throw new ConfigError(`Invalid configuration: ${details.join("; ") || String(error)}`);
  }
  const cursorSecret = secretSetting(
    "REBOUND_CURSOR_SECRET",
    raw.REBOUND_CURSOR_SECRET,
    raw.REBOUND_CURSOR_SECRET_ID,
  );
  if (!cursorSecret)
    throw new ConfigError(
      "Invalid configuration: REBOUND_CURSOR_SECRET or REBOUND_CURSOR_SECRET_ID is required",
    );
  const suppressionSecret = secretSetting(
    "REBOUND_SUPPRESSION_SECRET",
    raw.REBOUND_SUPPRESSION_SECRET,
    raw.REBOUND_SUPPRESSION_SECRET_ID,
  );
  if (!suppressionSecret)
    throw new ConfigError(
      "Invalid configuration: REBOUND_SUPPRESSION_SECRET or REBOUND_SUPPRESSION_SECRET_ID is required",
    );
  const bootstrapAdminKey = secretSetting(
    "REBOUND_BOOTSTRAP_ADMIN_KEY",
    raw.REBOUND_BOOTSTRAP_ADMIN_KEY,
    raw.REBOUND_BOOTSTRAP_ADMIN_KEY_ID,
  );
  return {
    stage: raw.REBOUND_STAGE,
    tableName: raw.REBOUND_TABLE_NAME,
    ...(raw.REBOUND_BUS_NAME ? { busName: raw.REBOUND_BUS_NAME } : {}),
    ...(raw.DYNAMODB_ENDPOINT ? { dynamoEndpoint: raw.DYNAMODB_ENDPOINT } : {}),
    dynamo: {
      requestTimeoutMs: raw.REBOUND_DYNAMODB_TIMEOUT_MS,
      maxAttempts: raw.REBOUND_DYNAMODB_MAX_ATTEMPTS,
    },
    logLevel: raw.REBOUND_LOG_LEVEL,
    secrets: {
      ...(bootstrapAdminKey ? { bootstrapAdminKey } : {}),
      cursorSecret,
      suppressionSecret,
      cacheMs: raw.REBOUND_SECRETS_CACHE_MS,
      cursorGraceMs: raw.REBOUND_CURSOR_SECRET_GRACE_MS,
    },
    ...(raw.REBOUND_DEAD_LETTER_QUEUE_URL ? { deadLetterQueueUrl: raw.REBOUND_DEAD_LETTER_QUEUE_URL } : {}),
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
    cacheTtlMs: raw.REBOUND_CACHE_TTL_MS,
    rateLimits: { ingest: parseRateLimit(raw.REBOUND_INGEST_RATE_LIMIT)! },
    local: {
      port: raw.PORT,
      forwardEveryMs: raw.REBOUND_FORWARD_EVERY_MS,
      reboundSweepEveryMs: raw.REBOUND_SWEEP_EVERY_MS,
      slaSweepEveryMs: raw.REBOUND_SLA_SWEEP_EVERY_MS,
      slaSweepBudgetMs: raw.REBOUND_SLA_SWEEP_BUDGET_MS,
      requalifyEveryMs: raw.REBOUND_REQUALIFY_EVERY_MS,
    },
  };
}
