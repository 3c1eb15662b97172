import { runtimeEnvironment, runtimeLinks } from "./environment";
import { lambdaNodejs } from "./lambda";
import { stageSettings } from "./stage";
import { table } from "./storage";

const settings = stageSettings($app.stage);

/** Stream batches the report projector gave up on (after retries); replayed by hand or rebuilt by the backfill. */
export const reportDeadLetters = new sst.aws.Queue("ReportProjectorDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 60 * 60 } },
});

/**
 * The report projector: the table stream's second reader (beside the event forwarder; a
 * stream serves at most two). It adds each timeline event to the report counters, once per
 * event id. Only event inserts reach it: its own counter writes are on the stream too.
 */
export const reportProjector = table.subscribe(
  "ReportProjector",
  {
    handler: "packages/functions/src/reports/projector.handler",
    runtime: "nodejs22.x",
    nodejs: lambdaNodejs,
    architecture: "arm64",
    memory: "256 MB",
    timeout: "1 minute",
    logging: { retention: settings.logRetention, format: "json" },
    environment: runtimeEnvironment,
    link: runtimeLinks,
    permissions: [{ actions: ["sqs:SendMessage"], resources: [reportDeadLetters.arn] }],
  },
  {
    filters: [{ dynamodb: { NewImage: { entity: { S: ["event"] } } } }],
    transform: {
      eventSourceMapping: {
        functionResponseTypes: ["ReportBatchItemFailures"],
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 10,
        destinationConfig: { onFailure: { destinationArn: reportDeadLetters.arn } },
      },
    },
  },
);

/**
 * Re-qualification after a sales-ready policy is published: each run walks a bounded number
 * of captured and nurturing leads from where the last run stopped (a job item holds the
 * cursor), so a new definition reaches every open lead without re-capture.
 */
export const requalification = new sst.aws.CronV2("Requalification", {
  schedule: settings.sweeps.slaSchedule,
  retries: 3,
  function: {
    handler: "packages/functions/src/reports/requalify.handler",
    runtime: "nodejs22.x",
    nodejs: lambdaNodejs,
    architecture: "arm64",
    memory: "512 MB",
    timeout: "5 minutes",
    retries: 2,
    logging: { retention: settings.logRetention, format: "json" },
    environment: runtimeEnvironment,
    link: runtimeLinks,
  },
});
