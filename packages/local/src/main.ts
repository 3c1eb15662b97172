import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { createDocumentClient, ensureTable } from "@rebound/core/store";
import { loadConfig } from "@rebound/functions/config";
import { createApiDeps, createApp, slaSweepDeps } from "@rebound/functions/api";
import { runSlaSweep } from "@rebound/core/handoff";
import { startDynamoLocal } from "./dynamo-local";
import { localSecret } from "./secrets";
import { startSchedules, type LocalSchedule } from "./schedules";

/**
 * `npm start`: the whole product on a laptop. DynamoDB Local (data under .data/, or
 * --in-memory), the table from the shared definition, the Hono app on PORT (3000), and the
 * schedules on timers. Ctrl-C stops everything cleanly.
 */
async function main() {
  const inMemory = process.argv.includes("--in-memory");
  const dataDir = resolve(process.env.REBOUND_DATA_DIR ?? ".data");
  const port = Number(process.env.PORT ?? 3000);

  const dynamo = await startDynamoLocal(inMemory ? {} : { dataDir: join(dataDir, "dynamodb") });
  const secretFile = (name: string) => (inMemory ? undefined : join(dataDir, name));
  const env = {
    ...process.env,
    REBOUND_STAGE: process.env.REBOUND_STAGE ?? "local",
    REBOUND_TABLE_NAME: process.env.REBOUND_TABLE_NAME ?? "rebound-local",
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    REBOUND_BOOTSTRAP_ADMIN_KEY: localSecret(process.env.REBOUND_BOOTSTRAP_ADMIN_KEY, secretFile("dev-admin-key")),
    REBOUND_CURSOR_SECRET: localSecret(process.env.REBOUND_CURSOR_SECRET, secretFile("cursor-secret")),
    REBOUND_CORS_ORIGINS: process.env.REBOUND_CORS_ORIGINS ?? "*",
  };
  const config = loadConfig(env);
  await ensureTable(createDocumentClient({ endpoint: dynamo.endpoint }), config.tableName);
  const deps = createApiDeps(config);
  const app = createApp(deps);
  // The same sweeps the stage runs on EventBridge Scheduler, on timers.
  const schedules: LocalSchedule[] = [{ name: "sla-sweep", everyMs: 60_000, run: () => runSlaSweep(slaSweepDeps(deps, { budgetMs: 50_000 })) }];
  const stopSchedules = startSchedules(schedules);

  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? "127.0.0.1" });
  await new Promise<void>((ready, fail) => {
    server.once("listening", ready);
    server.once("error", fail);
  });
  console.log(`Rebound is ready on http://localhost:${port}  (docs: http://localhost:${port}/docs)`);
  console.log(`Dev admin API key: ${config.bootstrapAdminKey}`);
  console.log(`DynamoDB Local: ${dynamo.endpoint} (${inMemory ? "in memory" : `data in ${dataDir}`}); Ctrl-C to stop.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stopSchedules();
    await new Promise((done) => server.close(done));
    await dynamo.stop();
    console.log("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
