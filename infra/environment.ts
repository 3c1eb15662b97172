import { bus } from "./bus";
import { secrets } from "./secrets";
import { stageSettings } from "./stage";
import { table } from "./storage";

const settings = stageSettings($app.stage);

/**
 * The runtime contract every function gets: the config module in core reads these names
 * (the local runner sets the same ones), so handlers never depend on SST's Resource object.
 */
export const runtimeEnvironment = {
  REBOUND_STAGE: $app.stage,
  REBOUND_TABLE_NAME: table.name,
  REBOUND_BUS_NAME: bus.name,
  REBOUND_BOOTSTRAP_ADMIN_KEY: secrets.bootstrapAdminKey.value,
  REBOUND_CURSOR_SECRET: secrets.cursorSecret.value,
  REBOUND_SUPPRESSION_SECRET: secrets.suppressionSecret.value,
  REBOUND_CORS_ORIGINS: settings.api.corsOrigins.join(","),
  REBOUND_SLA_POLICY: settings.slaPolicy,
};

/** Linking grants the IAM access (table and its indexes, PutEvents on the bus). */
export const runtimeLinks = [
  table,
  bus,
  secrets.bootstrapAdminKey,
  secrets.cursorSecret,
  secrets.suppressionSecret,
];
