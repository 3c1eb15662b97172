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

/** A DynamoDB attribute value as stream records carry it (the types event items use). */
type AttributeValue = {
  S?: string;
  N?: string;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  SS?: string[];
  NS?: string[];
};

/**
 * An attribute value as plain data. Event items hold JSON-shaped data (strings, numbers,
 * booleans, null, maps, lists; sets become lists, as JSON has none), so this small mapping
 * is the whole format we need, written out here
 * rather than taken from `@aws-sdk/util-dynamodb`: AWS stays behind store/ and the EventBridge
 * adapter, and the forwarder Lambda, which never talks to DynamoDB, does not carry it.
 * An empty object is an empty map: the DynamoDB Streams SDK client deserialises `{"M":{}}` as
 * `{}` (Lambda's stream JSON keeps it intact), and an attribute value is never otherwise empty.
 */
function plain(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL) return null;
  if (value.L) return value.L.map(plain);
  if (value.SS) return [...value.SS];
  if (value.NS) return value.NS.map(Number);
  if (value.M || Object.keys(value).length === 0) return fromImage(value.M ?? {});
  // Never thrown on: one odd attribute must not stall the stream. Passed on as it came.
  return value;
}

function fromImage(image: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, plain(value)]));
}

/** The timeline events among the records: inserts of `entity = event` items (the outbox). */
export function outboxEvents(records: StreamRecord[]): { event: LeadEvent; sequenceNumber: string }[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== "INSERT" || !image) return [];
    if ((image.entity as { S?: string } | undefined)?.S !== "event") return [];
    const item = fromImage(image as Record<string, AttributeValue>);
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

export interface RepublishResult {
  published: string[];
  /** Refused for good again (the cause is not fixed yet). */
  rejected: { eventId: string; code: string; message: string }[];
  /** Failed transiently, or blocked behind a failed event of the same lead: try again later. */
  failed: { eventId: string; code: string; message: string }[];
}

/**
 * Publishes events that left the outbox earlier and were set aside (dead letters being
 * replayed). Kept here, beside the stream path, so this module stays the one place events
 * are handed to a publisher.
 */
export async function republishEvents(
  events: LeadEvent[],
  publisher: EventPublisher,
): Promise<RepublishResult> {
  if (events.length === 0) return { published: [], rejected: [], failed: [] };
  const result = await publisher.publish(events);
  const pick = (f: { eventId: string; code: string; message: string }) => ({
    eventId: f.eventId,
    code: f.code,
    message: f.message,
  });
  return {
    published: result.published,
    rejected: result.failed.filter((f) => f.kind === "rejected").map(pick),
    failed: result.failed.filter((f) => f.kind !== "rejected").map(pick),
  };
}
