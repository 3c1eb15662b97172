import type { EventPublisher, LeadEvent } from "@rebound/core/events";
import {
  type ForwardResult,
  forwardStreamBatch,
  outboxEvents,
  type StreamRecord,
} from "@rebound/core/events/forward";

/**
 * An event the bus refused for good (too large, malformed, not authorised…), set aside with
 * the reason so that nothing leaves the outbox silently. Replaying it republishes `event`.
 */
export interface DeadLetter {
  /** The event as the outbox held it; absent only when it was too large to keep in the queue. */
  event?: LeadEvent;
  eventRef: { eventId: string; leadId: string; version: number; type: string };
  reason: { code: string; message: string };
  /** When it was refused (ISO 8601). */
  failedAt: string;
  /** Who set it aside: the stream forwarder, or a replay that was refused again. */
  source: "forwarder" | "replay";
}

export interface ReceivedDeadLetter {
  letter: DeadLetter;
  /** Pass to `remove` once the letter is dealt with. */
  receipt: string;
}

/**
 * The dead-letter queue port: SQS in AWS (aws/sqs-dead-letters.ts), a JSON-lines file under
 * `.data/` for npm start. A received letter stays in the queue, hidden for a while (SQS's
 * visibility timeout), until it is removed: a replay that dies halfway loses nothing.
 */
export interface DeadLetterQueue {
  /** Stores every letter or throws: callers treat a throw as "none stored" and retry. */
  send(letters: DeadLetter[]): Promise<void>;
  receive(max: number): Promise<ReceivedDeadLetter[]>;
  remove(receipts: string[]): Promise<void>;
}

/** SQS's message limit; a letter over it keeps the event's identity and reason, not its body. */
export const maxLetterBytes = 256 * 1024;

export function deadLetter(
  event: LeadEvent,
  reason: { code: string; message: string },
  failedAt: string,
  source: DeadLetter["source"],
): DeadLetter {
  const eventRef = { eventId: event.eventId, leadId: event.leadId, version: event.version, type: event.type };
  const letter: DeadLetter = { event, eventRef, reason, failedAt, source };
  if (Buffer.byteLength(JSON.stringify(letter)) <= maxLetterBytes) return letter;
  return {
    eventRef,
    reason: { ...reason, message: `${reason.message} (event body not kept: over ${maxLetterBytes} bytes)` },
    failedAt,
    source,
  };
}

export interface DeadLetteredResult extends ForwardResult {
  /** Rejections stored in the dead-letter queue. */
  deadLettered: number;
  /** Why the rejections could not be stored; the batch is then retried from the first of them. */
  deadLetterError?: string;
  /**
   * Events this batch is done with: published, before the record it resumes from. Events at
   * or after `retryFrom` come again with the redelivery and count then, so each counts once.
   */
  delivered: LeadEvent[];
  /** Events of the batch that were not published by this call (rejected, or to be retried). */
  notPublished: number;
}

/**
 * One stream batch through the forwarder, with rejections sent to the dead-letter queue.
 * If the queue cannot take them, the batch resumes (`retryFrom`) at the earliest rejected
 * record, so the stream redelivers it: a rejection is either dead-lettered or retried,
 * never dropped. Used by the Lambda forwarder and by npm start's stream poller alike.
 */
export async function forwardWithDeadLetters(
  records: StreamRecord[],
  publisher: EventPublisher,
  deadLetters: DeadLetterQueue,
  now: () => Date = () => new Date(),
): Promise<DeadLetteredResult> {
  const result = await forwardStreamBatch(records, publisher);
  const outbox = outboxEvents(records);
  const position = (sequence: string | undefined) =>
    records.findIndex((r) => r.dynamodb?.SequenceNumber === sequence);
  const summary = (retryFrom: string | undefined, rejected: Set<string>) => {
    const stop = retryFrom === undefined ? records.length : position(retryFrom);
    return {
      delivered: outbox
        .filter((e) => position(e.sequenceNumber) < stop && !rejected.has(e.event.eventId))
        .map((e) => e.event),
      notPublished: outbox.length - result.published,
    };
  };
  const rejectedIds = new Set(result.rejected.map((r) => r.eventId));
  if (result.rejected.length === 0)
    return { ...result, deadLettered: 0, ...summary(result.retryFrom, rejectedIds) };
  const byId = new Map(outbox.map((e) => [e.event.eventId, e]));
  const at = now().toISOString();
  const letters = result.rejected.map((r) =>
    deadLetter(byId.get(r.eventId)!.event, { code: r.code, message: r.message }, at, "forwarder"),
  );
  try {
    await deadLetters.send(letters);
    return { ...result, deadLettered: letters.length, ...summary(result.retryFrom, rejectedIds) };
  } catch (error) {
    const candidates = [
      ...result.rejected.map((r) => byId.get(r.eventId)!.sequenceNumber),
      ...(result.retryFrom ? [result.retryFrom] : []),
    ];
    const retryFrom = candidates.reduce((a, b) => (position(b) < position(a) ? b : a));
    return {
      ...result,
      retryFrom,
      deadLettered: 0,
      deadLetterError: error instanceof Error ? error.message : String(error),
      ...summary(retryFrom, rejectedIds),
    };
  }
}
