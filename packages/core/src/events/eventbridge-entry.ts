import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { LeadEvent } from "./envelope";

/** PutEvents accepts at most 10 entries per request. */
export const maxEntriesPerRequest = 10;
/**
 * 256 KiB: the PutEvents limit for one entry and for the sum of a request's entries, as
 * "Calculating PutEvents event entry size" in the EventBridge guide computes them.
 */
export const maxRequestBytes = 256 * 1024;

export interface EntryOptions {
  source: string;
  eventBusName: string;
}

/**
 * One LeadEvent as one bus entry. The whole envelope is the detail, so rules can match on
 * `detail.leadId`, `detail.data.reason` and so on, and consumers get `eventId` and
 * `version` for deduplication and ordering. `Time` is the change's time, not the send time,
 * so a retried or replayed event keeps the time it happened.
 */
export function toEntry(event: LeadEvent, options: EntryOptions): PutEventsRequestEntry {
  return {
    Source: options.source,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    EventBusName: options.eventBusName,
    Time: new Date(event.at),
  };
}

const utf8 = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, "utf8"));

/** Entry size the way EventBridge computes it: UTF-8 bytes of the strings, 14 for Time. */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  size += utf8(entry.Source) + utf8(entry.DetailType) + utf8(entry.Detail);
  for (const resource of entry.Resources ?? []) size += utf8(resource);
  return size;
}

/**
 * Packs sized items into requests of at most `maxEntries` items and `maxBytes` total, in
 * the given order (first fit, never reordering: order across leads is kept as given).
 * Callers reject items larger than `maxBytes` before packing.
 */
export function packRequests<T extends { size: number }>(
  items: readonly T[],
  maxEntries = maxEntriesPerRequest,
  maxBytes = maxRequestBytes,
): T[][] {
  const requests: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length === maxEntries || bytes + item.size > maxBytes)) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
