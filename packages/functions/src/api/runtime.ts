import { type Clock, systemClock, ulidGenerator } from "@rebound/core/kernel";
import { createDocumentClient, createStores } from "@rebound/core/store";
import { createSecretsManagerClient, secretsManagerStore } from "../aws/secrets-manager";
import type { Config } from "../config";
import { observability } from "../observability";
import { runtimeSecrets } from "../secrets";
import type { ApiDeps } from "./deps";

/** Wires real parts from configuration (Lambda init, local runner). */
export function createApiDeps(config: Config, clock: Clock = systemClock): ApiDeps {
  const client = createDocumentClient({
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    ...config.dynamo,
  });
  const observed = observability(config);
  return {
    config,
    stores: createStores(client, config.tableName, { cacheTtlMs: config.cacheTtlMs }),
    clock,
    ids: ulidGenerator(clock),
    ...observed,
    ...runtimeSecrets(config, {
      store: needsSecretStore(config) ? secretsManagerStore(createSecretsManagerClient()) : undefined,
      log: observed.log,
    }),
  };
}

/** Deployed stages name their secrets; npm start and tests give values and need no store. */
function needsSecretStore(config: Config): boolean {
  const { cursorSecret, suppressionSecret, bootstrapAdminKey } = config.secrets;
  return [cursorSecret, suppressionSecret, bootstrapAdminKey].some((s) => s && "secretId" in s);
}
