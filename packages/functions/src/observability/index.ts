import type { Config } from "../config";
import { createLogger, type Logger } from "./log";
import { createMetrics, type Metrics } from "./metrics";

export * from "./log";
export * from "./metric-names";
export * from "./metrics";

export interface Observability {
  log: Logger;
  metrics: Metrics;
}

/** The process's logger and metrics, from configuration (Lambda init, local runner). */
export function observability(config: Pick<Config, "stage" | "logLevel">): Observability {
  return {
    log: createLogger({ level: config.logLevel, base: { service: "rebound", stage: config.stage } }),
    metrics: createMetrics(config.stage),
  };
}
