import type { Clock, IdGenerator } from "@rebound/core/runtime";
import type { Stores } from "@rebound/core/store";
import type { CursorCodec } from "@rebound/core/paging";
import type { LeadDeps } from "@rebound/core/lead";
import type { Config } from "../config";

/** Everything the API needs, built once per process (Lambda init or local runner). */
export interface ApiDeps {
  config: Config;
  stores: Stores;
  clock: Clock;
  ids: IdGenerator;
  cursors: CursorCodec;
}

export function leadDeps(deps: ApiDeps): LeadDeps {
  return { leads: deps.stores.leads, idempotency: deps.stores.idempotency, clock: deps.clock, ids: deps.ids };
}
