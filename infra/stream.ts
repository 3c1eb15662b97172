import { runtimeEnvironment, runtimeLinks } from "./environment";
import { lambdaNodejs, tracing, tracingPermissions } from "./lambda";
import { stageSettings } from "./stage";
import { table } from "./storage";

const settings = stageSettings($app.stage);

/**
 * A reader of the table's stream (a stream serves at most two: the event forwarder and the
 * report projector). Each gets its own queue for the batches it finally gave up on, and the
 * same failure handling: without it, one poison record blocks its shard until it ages out
 * (24 h). With ReportBatchItemFailures the handler may return { batchItemFailures } to retry
 * from the first failed record; returning nothing means the whole batch succeeded.
 */
export function streamReader(
  name: string,
  options: {
    handler: string;
    /** Which stream records reach the function (the rest cost nothing). */
    filters: Record<string, unknown>[];
    /** Queues the function itself sends to, besides its own dead letters. */
    sendsTo?: $util.Input<string>[];
  },
) {
  const deadLetters = new sst.aws.Queue(`${name}DeadLetters`, {
    transform: { queue: { messageRetentionSeconds: 14 * 24 * 60 * 60 } },
  });
  const reader = table.subscribe(
    name,
    {
      handler: options.handler,
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
        { actions: ["sqs:SendMessage"], resources: [deadLetters.arn, ...(options.sendsTo ?? [])] },
        tracingPermissions,
      ],
      transform: { function: tracing },
    },
    {
      filters: options.filters,
      transform: {
        eventSourceMapping: {
          functionResponseTypes: ["ReportBatchItemFailures"],
          bisectBatchOnFunctionError: true,
          maximumRetryAttempts: 10,
          destinationConfig: { onFailure: { destinationArn: deadLetters.arn } },
        },
      },
    },
  );
  return { reader, deadLetters };
}
