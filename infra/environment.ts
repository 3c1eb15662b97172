import { bus } from "./bus";
import { eventDeadLetters } from "./dead-letters";
import { secrets } from "./secrets";
import { stageSettings } from "./stage";
import { table } from "./storage";

const settings = stageSettings($app.stage);

/**
 * The runtime contract every function gets: the config module (packages/functions/src/config)
 * reads these names (the local runner sets the same ones), so handlers never depend on SST's
 * Resource object. Secrets are passed by ARN, never by value.
 */
export const runtimeEnvironment = {
  REBOUND_STAGE: $app.stage,
  REBOUND_TABLE_NAME: table.name,
  REBOUND_BUS_NAME: bus.name,
  REBOUND_BOOTSTRAP_ADMIN_KEY_ID: secrets.bootstrapAdminKey.arn,
  REBOUND_CURSOR_SECRET_ID: secrets.cursorSecret.arn,
  REBOUND_SUPPRESSION_SECRET_ID: secrets.suppressionSecret.arn,
  REBOUND_SECRETS_CACHE_MS: String(settings.secretsCacheMs),
  REBOUND_DEAD_LETTER_QUEUE_URL: eventDeadLetters.url,
  REBOUND_CORS_ORIGINS: settings.api.corsOrigins.join(","),
  REBOUND_SLA_POLICY: settings.slaPolicy,
};

/** Linking grants the IAM access (table and its indexes, PutEvents on the bus). */
export const runtimeLinks = [table, bus];
