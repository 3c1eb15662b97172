import type { LocalEventSink } from "@rebound/core/events/local-sink";
import type { Clock, IdGenerator } from "@rebound/core/kernel";
import type { CursorCodec } from "@rebound/core/paging";
import type { Stores } from "@rebound/core/store";
import { ReboundPolicyStore } from "@rebound/core/store";
import type { HandoffDeps, LeadDeps, SlaSweepDeps } from "@rebound/core/usecases";
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

export function leadDeps(deps: ApiDeps): LeadDeps {
  return {
    leads: deps.stores.leads,
    idempotency: deps.stores.idempotency,
    policies: deps.stores.policies,
    clock: deps.clock,
    ids: deps.ids,
  };
}

export function handoffDeps(deps: ApiDeps): HandoffDeps {
  return {
    ...leadDeps(deps),
    reboundPolicies: new ReboundPolicyStore(deps.stores.table.client, deps.stores.table.tableName),
  };
}

/** The SLA sweep's parts, shared by the admin route, the Lambda handler and the local timer. */
export function slaSweepDeps(
  deps: ApiDeps,
  options: Pick<SlaSweepDeps, "budgetMs" | "timer"> = {},
): SlaSweepDeps {
  return {
    ...handoffDeps(deps),
    slaQueue: deps.stores.slaQueue,
    slaPolicy: deps.config.slaPolicy,
    ...options,
  };
}
