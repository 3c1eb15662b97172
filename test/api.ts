import type { Hono } from "hono";
import { createLocalEventSink } from "../packages/core/src/events/local-sink";
import { ManualClock, ulidGenerator } from "../packages/core/src/kernel";
import { createStores, type Stores } from "../packages/core/src/store";
import { createApp } from "../packages/functions/src/api/app";
import type { ApiDeps } from "../packages/functions/src/api/deps";
import { liveOpenApi } from "../packages/functions/src/api/openapi/live";
import { loadConfig } from "../packages/functions/src/config";
import { createLogger, createMetrics } from "../packages/functions/src/observability";
import { runtimeSecrets } from "../packages/functions/src/secrets";
import { localDeadLetterQueue } from "../packages/local/src/dead-letters-file";
import { createTestTable, type TestTable } from "./dynamo";

export const ADMIN_KEY = "test-bootstrap-admin-key-0123456789";

export interface TestApi {
  app: Hono;
  deps: ApiDeps;
  stores: Stores;
  clock: ManualClock;
  table: TestTable;
  /** app.request with the given key and a JSON body. */
  call(
    method: string,
    path: string,
    options?: { key?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Creates an API key with these scopes and returns its token. */
  keyWith(...scopes: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function createTestApi(prefix: string, env: Record<string, string> = {}): Promise<TestApi> {
  const table = await createTestTable(prefix);
  const clock = new ManualClock("2026-03-02T09:00:00.000Z");
  const config = loadConfig({
    REBOUND_TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    REBOUND_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    REBOUND_CURSOR_SECRET: "test-cursor-secret-0123456789",
    REBOUND_SUPPRESSION_SECRET: "test-suppression-secret-0123456789",
    ...env,
  });
  // As deployed: the policy in force and API keys cached for REBOUND_CACHE_TTL_MS (store/cached.ts).
  const stores = createStores(table.client, table.tableName, { cacheTtlMs: config.cacheTtlMs });
  const deps: ApiDeps = {
    config,
    stores,
    clock,
    ids: ulidGenerator(clock),
    ...runtimeSecrets(config),
    // Tests keep warnings and errors on the console; request lines and metrics would drown them.
    log: createLogger({ level: "warn" }),
    metrics: createMetrics(config.stage, () => {}),
    openApi: liveOpenApi,
    // As npm start wires it (in AWS the replay route runs on its own Lambda): an in-memory
    // dead-letter queue and the local sink, so every operation of the spec answers here.
    deadLetters: { queue: localDeadLetterQueue(undefined), publisher: createLocalEventSink({}) },
  };
  const app = createApp(deps);
  const call: TestApi["call"] = (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? ADMIN_KEY : options.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    return Promise.resolve(app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }));
  };
  return {
    app,
    deps,
    stores,
    clock,
    table,
    call,
    async keyWith(...scopes) {
      // An ingest-only key must state where it is used; tests call from "servers" (no Origin).
      const publicKey = scopes.every((scope) => scope === "ingest");
      const response = await call("POST", "/v1/api-keys", {
        body: {
          name: `test ${scopes.join("+")}`,
          scopes,
          ...(publicKey ? { ingest: { serverToServer: true } } : {}),
        },
      });
      if (response.status !== 201)
        throw new Error(`key creation failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    close: () => table.drop(),
  };
}
