import { outboxEvents, type StreamRecord } from "@rebound/core/events/forward";
import { projectEvents } from "@rebound/core/usecases";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { leadDeps } from "../api/deps";
import { createApiDeps } from "../api/runtime";
import { loadConfig } from "../config";

// Built once per container: the SDK client and its connection pool are reused across batches.
const deps = leadDeps(createApiDeps(loadConfig()));

/**
 * The table's stream → report counters (the stream's second reader, beside the forwarder).
 * The whole batch is applied or retried: every event counts once per event id, so replaying
 * the ones already applied is harmless. A failure reports the batch's first record, so
 * Lambda retries it (then bisects, then sends it to the dead-letter queue; the backfill
 * rebuilds anything a dead letter missed).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const events = outboxEvents(event.Records as StreamRecord[]);
  if (events.length === 0) return { batchItemFailures: [] };
  try {
    const result = await projectEvents(
      deps,
      events.map((e) => e.event),
    );
    console.log(
      JSON.stringify({ level: "info", message: "report projection", events: events.length, ...result }),
    );
    return { batchItemFailures: [] };
  } catch (error) {
    console.error(
      JSON.stringify({ level: "error", message: "report projection failed", error: String(error) }),
    );
    return { batchItemFailures: [{ itemIdentifier: events[0]!.sequenceNumber }] };
  }
}
