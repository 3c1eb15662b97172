import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { LeadEvent } from "./envelope";
import type { EventPublisher } from "./publisher";

/** A DynamoDB stream record as both Lambda and the Streams API deliver it. */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown>; SequenceNumber?: string };
}

export interface ForwardResult {
  published: number;
  /** Events the bus refused for good; logged for the dead-letter path, never retried. */
  rejected: { eventId: string; code: string; message: string }[];
  /** Sequence number to resume from (the earliest record not published), when any failed transiently. */
  retryFrom?: string;
}

const KEY_ATTRIBUTES = new Set([
  "pk",
  "sk",
  "entity",
  "gsi1pk",
  "gsi1sk",
  "gsi2pk",
  "gsi2sk",
  "gsi3pk",
  "gsi3sk",
  "gsi4pk",
  "gsi4sk",
  "expiresAt",
]);

/**
 * The DynamoDB Streams SDK client deserialises an empty map attribute (`{"M":{}}`) as `{}`,
 * which unmarshall cannot read; Lambda's stream JSON keeps it intact. An attribute value is
 * never legitimately empty, so `{}` can only be an empty map.
 */
function repairAttribute(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const av = value as { M?: Record<string, unknown>; L?: unknown[] };
  if (Object.keys(av).length === 0) return { M: {} };
  if (av.M) return { M: repairEmptyMaps(av.M) };
  if (av.L) return { L: av.L.map(repairAttribute) };
  return value;
}

function repairEmptyMaps(image: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repairAttribute(value)]));
}

/** The timeline events among the records: inserts of `entity = event` items (the outbox). */
export function outboxEvents(records: StreamRecord[]): { event: LeadEvent; sequenceNumber: string }[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== "INSERT" || !image) return [];
    if ((image.entity as { S?: string } | undefined)?.S !== "event") return [];
    const item = unmarshall(repairEmptyMaps(image) as Parameters<typeof unmarshall>[0]);
    const event = Object.fromEntries(
      Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k)),
    ) as LeadEvent;
    return [{ event, sequenceNumber: String(record.dynamodb?.SequenceNumber ?? "") }];
  });
}

/**
 * Publishes one stream batch. Events are immutable and inserted exactly once, so the stream
 * is the outbox: nothing needs marking as sent, and a crash anywhere before the checkpoint
 * means the batch is delivered again (at least once; consumers dedupe on eventId).
 * Transient failures name the earliest unpublished record so the caller resumes there;
 * permanent rejections are reported, not retried, so one bad event cannot stall the stream.
 */
export async function forwardStreamBatch(
  records: StreamRecord[],
  publisher: EventPublisher,
): Promise<ForwardResult> {
  const events = outboxEvents(records);
  if (events.length === 0) return { published: 0, rejected: [] };
  const result = await publisher.publish(events.map((e) => e.event));
  const rejected = result.failed
    .filter((f) => f.kind === "rejected")
    .map((f) => ({ eventId: f.eventId, code: f.code, message: f.message }));
  const retryIds = new Set(result.failed.filter((f) => f.kind !== "rejected").map((f) => f.eventId));
  const firstRetry = events.find((e) => retryIds.has(e.event.eventId));
  return firstRetry
    ? { published: result.published.length, rejected, retryFrom: firstRetry.sequenceNumber }
    : { published: result.published.length, rejected };
}
