import type { LocalEventSink } from "@rebound/core/events/local-sink";
import type { Clock, IdGenerator } from "@rebound/core/kernel";
import type { CursorCodec } from "@rebound/core/paging";
import type { Stores } from "@rebound/core/store";
import type { SlaSweepDeps, UseCaseDeps } from "@rebound/core/usecases";
import type { Config } from "../config";
import type { OpenApiSource } from "./routes/meta";

/** Everything the API needs, built once per process (Lambda init or local runner). */
export interface ApiDeps {
  config: Config;
  stores: Stores;
  clock: Clock;
  ids: IdGenerator;
  cursors: CursorCodec;
  /** Only under `npm start`: where the local forwarder delivers events. */
  eventSink?: LocalEventSink;
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
    suppression: { secret: deps.config.suppressionSecret, list: stores.erasure },
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
