import { eventDeadLetters } from "./dead-letters";
import { runtimeEnvironment, runtimeLinks } from "./environment";
import { lambdaNodejs, tracing, tracingPermissions } from "./lambda";
import { stageSettings } from "./stage";
import { table } from "./storage";

const settings = stageSettings($app.stage);

/** Stream batches the forwarder gave up on (after retries), kept for replay by hand. */
export const forwarderDeadLetters = new sst.aws.Queue("ForwarderDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 60 * 60 } },
});

/**
 * The outbox relay: timeline records appear on the table stream and the forwarder
 * publishes them to the bus. Timeline records are append-only, so only INSERTs matter.
 * Events the bus rejects for good go to EventDeadLetters (infra/dead-letters.ts).
 */
export const forwarder = table.subscribe(
  "Forwarder",
  {
    handler: "packages/functions/src/events/forwarder.handler",
    runtime: "nodejs22.x",
    nodejs: lambdaNodejs,
    architecture: "arm64",
    memory: "256 MB",
    timeout: "1 minute",
    logging: { retention: settings.logRetention, format: "json" },
    environment: runtimeEnvironment,
    // runtimeLinks include the bus: the link is what grants events:PutEvents.
    link: runtimeLinks,
    permissions: [
      { actions: ["sqs:SendMessage"], resources: [forwarderDeadLetters.arn, eventDeadLetters.arn] },
      tracingPermissions,
    ],
    transform: { function: tracing },
  },
  {
    filters: [{ eventName: ["INSERT"] }],
    transform: {
      eventSourceMapping: {
        // Without these, one poison record blocks its shard until it ages out (24 h).
        // With ReportBatchItemFailures, the handler may return { batchItemFailures } to retry
        // from the first failed record; returning nothing means the whole batch succeeded.
        functionResponseTypes: ["ReportBatchItemFailures"],
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 10,
        destinationConfig: { onFailure: { destinationArn: forwarderDeadLetters.arn } },
      },
    },
  },
);
