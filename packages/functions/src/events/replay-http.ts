import { createEventBridgeClient, createEventBridgePublisher } from "@rebound/core/events/eventbridge";
import { handle } from "hono/aws-lambda";
import { createApp } from "../api/app";
import { createApiDeps } from "../api/runtime";
import { createSqsClient, sqsDeadLetterQueue } from "../aws/sqs-dead-letters";
import { loadConfig } from "../config";

// Built at init. The same app as the API Lambda (auth, errors, routes), plus the dead-letter
// queue and the bus: API Gateway sends only POST /v1/admin/dead-letters/replay here
// (infra/api.ts), which keeps the SQS and EventBridge clients out of the API's bundle.
const config = loadConfig();
if (!config.busName || !config.deadLetterQueueUrl)
  throw new Error("REBOUND_BUS_NAME and REBOUND_DEAD_LETTER_QUEUE_URL are required by the replay function");
const app = createApp({
  ...createApiDeps(config),
  deadLetters: {
    queue: sqsDeadLetterQueue({ client: createSqsClient(), queueUrl: config.deadLetterQueueUrl }),
    publisher: createEventBridgePublisher({
      client: createEventBridgeClient(),
      eventBusName: config.busName,
    }),
  },
});

export const handler = handle(app);
