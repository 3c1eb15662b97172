import type { LocalEventSink } from "@rebound/core/events/local-sink";
import type { Clock, IdGenerator } from "@rebound/core/kernel";
import type { CursorCodec } from "@rebound/core/paging";
import type { Stores } from "@rebound/core/store";
import type { SlaSweepDeps, UseCaseDeps } from "@rebound/core/usecases";
import type { Config } from "../config";
import type { ReplayDeps } from "../events/replay";
import type { Logger, Metrics } from "../observability";
import type { RuntimeSecrets } from "../secrets";
import type { OpenApiSource } from "./routes/meta";

/** Everything the API needs, built once per process (Lambda init or local runner). */
export interface ApiDeps {
  config: Config;
  stores: Stores;
  clock: Clock;
  ids: IdGenerator;
  /** Read at run time in deployed stages; `cursors` signs with the cursor secret held here. */
  secrets: RuntimeSecrets;
  cursors: CursorCodec;
  /** Structured logs and CloudWatch metrics (EMF), to stdout. */
  log: Logger;
  metrics: Metrics;
  /** Only under `npm start`: where the local forwarder delivers events. */
  eventSink?: LocalEventSink;
  /** The dead-letter queue and the bus, for the replay route (npm start; the replay Lambda in AWS). */
  deadLetters?: ReplayDeps;
  /** Builds /openapi.json from the routes (local runner, tests); absent in Lambda, which serves the prebuilt file. */
  openApi?: OpenApiSource;
}

/** The ports (the stores) and runtime parts the use cases take. */
export function leadDeps(deps: ApiDeps): UseCaseDeps {
  const { stores } = deps;
  return {
    leads: stores.leads,
    idempotency: stores.idempotency,
    policies: stores.policies,
    reboundPolicies: stores.reboundPolicies,
    reboundQueue: stores.reboundQueue,
    slaQueue: stores.slaQueue,
    segments: stores.segments,
    bulk: stores.bulk,
    apiKeys: stores.apiKeys,
    erasure: stores.erasure,
    suppression: { secret: () => deps.secrets.suppressionSecret(), list: stores.erasure },
    reportCounters: stores.reportCounters,
    jobs: stores.jobs,
    clock: deps.clock,
    ids: deps.ids,
  };
}

/** The SLA sweep's parts, shared by the admin route, the Lambda handler and the local timer. */
export function slaSweepDeps(
  deps: ApiDeps,
  options: Pick<SlaSweepDeps, "budgetMs" | "timer"> = {},
): SlaSweepDeps {
  return {
    ...leadDeps(deps),
    slaPolicy: deps.config.slaPolicy,
    ...options,
  };
}
