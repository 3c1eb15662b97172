import { randomUUID } from "node:crypto";
import { createEventBridgeClient, createEventBridgePublisher } from "@rebound/core/events/eventbridge";
import type { StreamRecord } from "@rebound/core/events/forward";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { createSqsClient, sqsDeadLetterQueue } from "../aws/sqs-dead-letters";
import { loadConfig } from "../config";
import { observability, withLogContext } from "../observability";
import { forwardWithDeadLetters } from "./dead-letters";
import { recordForwarded } from "./observe";

// Built once per container: the SDK clients and their connection pools are reused across batches.
const config = loadConfig();
if (!config.busName) throw new Error("REBOUND_BUS_NAME is required by the event forwarder");
if (!config.deadLetterQueueUrl)
  throw new Error("REBOUND_DEAD_LETTER_QUEUE_URL is required by the event forwarder");
const publisher = createEventBridgePublisher({
  client: createEventBridgeClient(),
  eventBusName: config.busName,
});
const deadLetters = sqsDeadLetterQueue({ client: createSqsClient(), queueUrl: config.deadLetterQueueUrl });
const observed = observability(config);

/**
 * The table's stream → EventBridge. Runs with ReportBatchItemFailures: a transient failure
 * returns the earliest unpublished record, so Lambda retries from there and nothing is lost
 * (records before it may be published again: at least once). Events the bus rejects for good
 * go to the dead-letter queue with the reason (replay: POST /v1/admin/dead-letters/replay);
 * if that queue cannot take them, the batch is retried from the first of them instead.
 */
export async function handler(
  event: DynamoDBStreamEvent,
  context?: { awsRequestId?: string },
): Promise<DynamoDBBatchResponse> {
  return withLogContext({ correlationId: context?.awsRequestId ?? randomUUID() }, async () => {
    const result = await forwardWithDeadLetters(event.Records as StreamRecord[], publisher, deadLetters);
    recordForwarded(observed, result);
    return { batchItemFailures: result.retryFrom ? [{ itemIdentifier: result.retryFrom }] : [] };
  });
}
