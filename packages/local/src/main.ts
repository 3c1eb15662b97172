import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { createLocalEventSink } from "@rebound/core/events/local-sink";
import { createDocumentClient, ensureTable } from "@rebound/core/store";
import { runSlaSweep, sweepRebounds } from "@rebound/core/usecases";
import { createApiDeps, createApp, leadDeps, liveOpenApi, slaSweepDeps } from "@rebound/functions/api";
import { loadConfig } from "@rebound/functions/config";
import { startDynamoLocal } from "./dynamo-local";
import { type LocalSchedule, startSchedules } from "./schedules";
import { localSecret } from "./secrets";
import { StreamPoller } from "./stream-poller";

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
    REBOUND_BOOTSTRAP_ADMIN_KEY: localSecret(
      process.env.REBOUND_BOOTSTRAP_ADMIN_KEY,
      secretFile("dev-admin-key"),
    ),
    REBOUND_CURSOR_SECRET: localSecret(process.env.REBOUND_CURSOR_SECRET, secretFile("cursor-secret")),
    REBOUND_SUPPRESSION_SECRET: localSecret(
      process.env.REBOUND_SUPPRESSION_SECRET,
      secretFile("suppression-secret"),
    ),
    REBOUND_CORS_ORIGINS: process.env.REBOUND_CORS_ORIGINS ?? "*",
  };
  const config = loadConfig(env);
  await ensureTable(createDocumentClient({ endpoint: dynamo.endpoint }), config.tableName);
  const eventSink = createLocalEventSink(inMemory ? {} : { file: join(dataDir, "events.jsonl") });
  const deps = { ...createApiDeps(config), eventSink, openApi: liveOpenApi };
  const app = createApp(deps);
  // Stands in for the Lambda the table's stream triggers in AWS: same forwarder, local sink.
  const forwarder = new StreamPoller({
    endpoint: dynamo.endpoint,
    tableName: config.tableName,
    publisher: eventSink,
    ...(inMemory ? {} : { checkpointFile: join(dataDir, "stream-checkpoint.json") }),
  });
  const schedules: LocalSchedule[] = [
    {
      name: "event-forwarder",
      everyMs: Number(process.env.REBOUND_FORWARD_EVERY_MS ?? 1_000),
      run: () => forwarder.poll(),
    },
    // Stands in for the EventBridge Scheduler rule that runs packages/functions/src/sweeps/rebound.ts.
    {
      name: "rebound-sweep",
      everyMs: Number(process.env.REBOUND_SWEEP_EVERY_MS ?? 10_000),
      run: () =>
        sweepRebounds({ ...leadDeps(deps), ...deps.stores.table }, { budgetMs: config.sweepBudgetMs }).then(
          ({ rebounded, dropped }) => ({ rebounded, dropped }),
        ),
    },
    // Stands in for the EventBridge Scheduler rule that runs packages/functions/src/sweeps/sla.ts.
    {
      name: "sla-sweep",
      everyMs: Number(process.env.REBOUND_SLA_SWEEP_EVERY_MS ?? 60_000),
      run: () => runSlaSweep(slaSweepDeps(deps, { budgetMs: 50_000 })),
    },
  ];
  const stopSchedules = startSchedules(schedules);

  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? "127.0.0.1" });
  await new Promise<void>((ready, fail) => {
    server.once("listening", ready);
    server.once("error", fail);
  });
  console.log(`Rebound is ready on http://localhost:${port}  (docs: http://localhost:${port}/docs)`);
  console.log(`Dev admin API key: ${config.bootstrapAdminKey}`);
  console.log(
    `DynamoDB Local: ${dynamo.endpoint} (${inMemory ? "in memory" : `data in ${dataDir}`}); Ctrl-C to stop.`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stopSchedules();
    forwarder.close();
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
