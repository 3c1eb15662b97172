import type { EventPublisher, LeadEvent } from "@rebound/core/events";
import { republishEvents } from "@rebound/core/events/forward";
import type { DeadLetterQueue, ReceivedDeadLetter } from "./dead-letters";

export interface ReplayDeps {
  queue: DeadLetterQueue;
  /** The bus (EventBridge in AWS, the local sink under npm start). */
  publisher: EventPublisher;
}

export interface ReplayReport {
  /** Letters taken from the queue in this run. */
  received: number;
  /** Events published again; their letters were removed. */
  republished: number;
  /** Refused again, or failed transiently: the letters stay queued (visible again after SQS's visibility timeout). */
  failed: { eventId: string; code: string; message: string }[];
  /** Letters without an event body (it was over the queue's size limit): they stay queued, for a person. */
  unreplayable: { eventId: string; leadId: string; version: number }[];
  /** True when the run stopped at `max`: there may be more. */
  more: boolean;
}

/** Letters taken per receive (SQS returns at most 10). */
const RECEIVE_BATCH = 10;

/**
 * Republishes dead letters: receives up to `max`, publishes their events in per-lead version
 * order, and removes only the letters whose event was published. Consumers see a replayed
 * event with its original `eventId` and `version`, so one replayed twice (a crash between
 * publish and remove) is dropped by their deduplication, and one replayed after newer events
 * of its lead is placed by `version`.
 */
export async function replayDeadLetters(deps: ReplayDeps, max: number): Promise<ReplayReport> {
  const report: ReplayReport = { received: 0, republished: 0, failed: [], unreplayable: [], more: false };
  while (report.received < max) {
    const batch = await deps.queue.receive(Math.min(RECEIVE_BATCH, max - report.received));
    if (batch.length === 0) return report;
    report.received += batch.length;
    const withEvent = batch.filter((r): r is ReceivedDeadLetter & { letter: { event: LeadEvent } } =>
      Boolean(r.letter.event),
    );
    for (const r of batch)
      if (!r.letter.event) {
        const { eventId, leadId, version } = r.letter.eventRef;
        report.unreplayable.push({ eventId, leadId, version });
      }
    const result = await republishEvents(
      withEvent.map((r) => r.letter.event),
      deps.publisher,
    );
    const published = new Set(result.published);
    const done = withEvent.filter((r) => published.has(r.letter.event.eventId));
    if (done.length > 0) await deps.queue.remove(done.map((r) => r.receipt));
    report.republished += done.length;
    report.failed.push(...result.rejected, ...result.failed);
  }
  report.more = true;
  return report;
}
