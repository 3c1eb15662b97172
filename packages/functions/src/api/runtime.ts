import { type Clock, systemClock, ulidGenerator } from "@rebound/core/kernel";
import { CursorCodec } from "@rebound/core/paging";
import { createDocumentClient, createStores } from "@rebound/core/store";
import type { Config } from "../config";
import type { ApiDeps } from "./deps";

/** Wires real parts from configuration (Lambda init, local runner). */
export function createApiDeps(config: Config, clock: Clock = systemClock): ApiDeps {
  const client = createDocumentClient(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {});
  return {
    config,
    stores: createStores(client, config.tableName, { cacheTtlMs: config.cacheTtlMs }),
    clock,
    ids: ulidGenerator(clock),
    cursors: new CursorCodec(config.cursorSecret),
  };
}
