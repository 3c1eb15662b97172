import { createEventBridgeClient, createEventBridgePublisher } from "@rebound/core/events/eventbridge";
import { forwardStreamBatch, type StreamRecord } from "@rebound/core/events/forward";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { loadConfig } from "../config";

// Built once per container: the SDK client and its connection pool are reused across batches.
const config = loadConfig();
if (!config.busName) throw new Error("REBOUND_BUS_NAME is required by the event forwarder");
const publisher = createEventBridgePublisher({
  client: createEventBridgeClient(),
  eventBusName: config.busName,
});

/**
 * The table's stream → EventBridge. Runs with ReportBatchItemFailures: a transient failure
 * returns the earliest unpublished record, so Lambda retries from there and nothing is lost
 * (records before it may be published again: at least once). Rejections are logged as
 * errors for the alarm and the dead-letter path, and the stream moves on.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const result = await forwardStreamBatch(event.Records as StreamRecord[], publisher);
  for (const rejected of result.rejected)
    console.error(JSON.stringify({ level: "error", what: "event rejected by EventBridge", ...rejected }));
  return { batchItemFailures: result.retryFrom ? [{ itemIdentifier: result.retryFrom }] : [] };
}
