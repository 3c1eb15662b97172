import { join, resolve } from "node:path";
import { createLocalEventSink } from "@rebound/core/events/local-sink";
import { createDocumentClient, ensureTable } from "@rebound/core/store";
import { runRequalification, runSlaSweep, sweepRebounds } from "@rebound/core/usecases";
import { createApiDeps, createApp, leadDeps, liveOpenApi, slaSweepDeps } from "@rebound/functions/api";
import { type Config, loadConfig } from "@rebound/functions/config";
import { recordForwarded } from "@rebound/functions/events";
import { createMetrics } from "@rebound/functions/observability";
import { reportProjectorPublisher } from "@rebound/functions/reports";
import { recordSweep } from "@rebound/functions/sweeps";
import { localDeadLetterQueue } from "./dead-letters-file";
import { loadDemo } from "./demo";
import { startDynamoLocal } from "./dynamo-local";
import { listen } from "./http-server";
import { describe, Lifecycle } from "./lifecycle";
import { type LocalSchedule, startSchedules } from "./schedules";
import { localSecret } from "./secrets";
import { StreamPoller } from "./stream-poller";

/**
 * `npm start`: the whole product on a laptop. DynamoDB Local (data under .data/, or
 * --in-memory), the table from the shared definition, the Hono app on PORT (3000), and the
 * schedules on timers. However it stops (Ctrl-C, SIGTERM, a failed start-up, an uncaught
 * error, DynamoDB Local dying), it stops DynamoDB Local too and says why.
 */
async function main(life: Lifecycle) {
  const inMemory = process.argv.includes("--in-memory");
  const dataDir = resolve(process.env.REBOUND_DATA_DIR ?? ".data");
  const secretFile = (name: string) => (inMemory ? undefined : join(dataDir, name));

  // Configuration first: a bad setting is reported before Java starts.
  const baseConfig = loadConfig({
    ...process.env,
    REBOUND_STAGE: process.env.REBOUND_STAGE ?? "local",
    REBOUND_TABLE_NAME: process.env.REBOUND_TABLE_NAME ?? "rebound-local",
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
  });

  const dynamo = await startDynamoLocal(inMemory ? {} : { dataDir: join(dataDir, "dynamodb") });
  life.onExit("DynamoDB Local", () => dynamo.stop(), dynamo.kill);
  // Decided: exit rather than serve 503s. Every route needs the table, so a server without it
  // only hides the failure; exiting frees the port and the message says what happened.
  dynamo.onUnexpectedExit(
    (reason) => void life.shutdown(1, `${reason}\nRebound stopped with it; run npm start again.`),
  );
  console.log(`DynamoDB Local started: ${dynamo.endpoint} (pid ${dynamo.pid})`);

  const config: Config = { ...baseConfig, dynamoEndpoint: dynamo.endpoint };
  await ensureTable(createDocumentClient({ endpoint: dynamo.endpoint }), config.tableName);
  if (process.argv.includes("--demo")) {
    console.log("Loading the demo year (an empty table only)…");
    const demo = await loadDemo(config, { log: console.log });
    console.log(
      `Demo loaded in ${demo.seconds} s: ${demo.leads} leads (${demo.captures} captures), ${demo.handoffs} hand-offs, ${demo.won} won, ${demo.lost} lost, ${demo.rebounded} rebounded, ${demo.returned} came back by themselves.`,
    );
  }
  const eventSink = createLocalEventSink(inMemory ? {} : { file: join(dataDir, "events.jsonl") });
  const deadLetters = localDeadLetterQueue(inMemory ? undefined : join(dataDir, "dead-letters.jsonl"));
  // Stands in for the Lambda the table's stream triggers in AWS: same forwarder, local sink.
  const deps = {
    ...createApiDeps(config),
    // The same JSON log lines as in Lambda; metrics are left out: EMF lines mean something to
    // CloudWatch only, and their counts are in the log lines already.
    metrics: createMetrics(config.stage, () => {}),
    eventSink,
    deadLetters: { queue: deadLetters, publisher: eventSink },
    openApi: liveOpenApi,
  };
  const forwarder = new StreamPoller({
    endpoint: dynamo.endpoint,
    tableName: config.tableName,
    publisher: eventSink,
    deadLetters,
    observe: (result) => recordForwarded(deps, result),
    ...(inMemory ? {} : { checkpointFile: join(dataDir, "stream-checkpoint.json") }),
  });
  life.onExit("the stream poller", () => forwarder.close());
  // The stream's second reader, as in AWS: the report projector, with its own checkpoint.
  const projector = new StreamPoller({
    endpoint: dynamo.endpoint,
    tableName: config.tableName,
    publisher: reportProjectorPublisher(leadDeps(deps)),
    ...(inMemory ? {} : { checkpointFile: join(dataDir, "report-checkpoint.json") }),
  });
  life.onExit("the report projector", () => projector.close());

  const host = process.env.HOST ?? "127.0.0.1";
  const server = await listen(createApp(deps).fetch, config.local.port, host);
  life.onExit("the HTTP server", () => server.close());

  const schedules: LocalSchedule[] = [
    { name: "event-forwarder", everyMs: config.local.forwardEveryMs, run: () => forwarder.poll() },
    { name: "report-projector", everyMs: config.local.forwardEveryMs, run: () => projector.poll() },
    // Stands in for the EventBridge Scheduler rule that runs packages/functions/src/sweeps/rebound.ts.
    {
      name: "rebound-sweep",
      everyMs: config.local.reboundSweepEveryMs,
      run: async (correlationId) =>
        recordSweep(
          deps,
          "rebound",
          await sweepRebounds(leadDeps(deps), { budgetMs: config.sweepBudgetMs, correlationId }),
        ),
    },
    // Stands in for the EventBridge Scheduler rule that runs packages/functions/src/sweeps/sla.ts.
    {
      name: "sla-sweep",
      everyMs: config.local.slaSweepEveryMs,
      run: async (correlationId) =>
        recordSweep(
          deps,
          "sla",
          await runSlaSweep({
            ...slaSweepDeps(deps, { budgetMs: config.local.slaSweepBudgetMs }),
            correlationId,
          }),
        ),
    },
    // Stands in for the rule that runs packages/functions/src/reports/requalify.ts (infra/reports.ts).
    {
      name: "requalification",
      everyMs: config.local.requalifyEveryMs,
      run: () =>
        runRequalification({ ...leadDeps(deps), budgetMs: 20_000 }).then(({ processed, changed }) => ({
          processed,
          changed,
        })),
    },
  ];
  // Registered after the server: on exit the timers stop first, then the server, then the store.
  life.onExit("the schedules", startSchedules(schedules, deps.log));

  const port = config.local.port;
  console.log(`Rebound is ready on http://localhost:${port}  (docs: http://localhost:${port}/docs)`);
  console.log(`Dev admin API key: ${deps.secrets.bootstrapAdminKey()}`);
  console.log(
    `DynamoDB Local: ${dynamo.endpoint} (${inMemory ? "in memory" : `data in ${dataDir}`}); Ctrl-C to stop.`,
  );
}

const life = new Lifecycle();
life.install();
main(life).catch((error) => {
  // Expected failures (configuration, port, checkpoint…) carry their own explanation;
  // anything else is a bug and keeps its stack.
  const known = ["ConfigError", "ListenError", "CheckpointError", "DataDirInUseError", "TableNotEmptyError"];
  void life.shutdown(1, describe(error, !(error instanceof Error && known.includes(error.name))));
});
