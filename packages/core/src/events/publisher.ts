import type { LeadEvent } from "./envelope";

/**
 * Why an event was not published by this call.
 * - `rejected`: the bus (or our own size check) refused the entry for good: retrying the same
 *   bytes cannot succeed (too large, malformed, not authorised). Goes to a dead-letter path.
 * - `exhausted`: every attempt hit a transient error (throttling, 5xx, network); a later call
 *   may well succeed.
 * - `blocked`: not attempted (or not retried) because an earlier event of the same lead in
 *   this call failed; publishing it would overtake that event. `blockedBy` names it.
 */
export type PublishFailureKind = "rejected" | "exhausted" | "blocked";

export interface PublishFailure {
  eventId: string;
  leadId: string;
  kind: PublishFailureKind;
  /** EventBridge's ErrorCode or exception name, or ours (`EntryTooLarge`, `Blocked`). */
  code: string;
  message: string;
  /** How many times this event was sent in this call (0 when never sent). */
  attempts: number;
  blockedBy?: string;
}

/** Every event given to `publish` ends up in exactly one of the two lists. */
export interface PublishResult {
  published: string[];
  failed: PublishFailure[];
}

/**
 * The port domain code and the forwarder publish through. Delivery is at-least-once: an
 * event may be published twice (a retried call, a redelivered stream batch), never silently
 * dropped; whatever could not be published is listed in `failed`.
 */
export interface EventPublisher {
  publish(events: LeadEvent[]): Promise<PublishResult>;
}

/**
 * Orders a batch so each lead's events are in `version` order while leads keep their
 * interleaving: each lead's events are sorted among the positions that lead already held.
 * The outbox (a DynamoDB stream) guarantees order per item, not per lead, so we do not
 * trust arrival order within a lead; `version` is the order of record.
 */
export function orderByLeadVersion(events: readonly LeadEvent[]): LeadEvent[] {
  const positions = new Map<string, number[]>();
  events.forEach((event, index) => {
    const list = positions.get(event.leadId);
    if (list) list.push(index);
    else positions.set(event.leadId, [index]);
  });
  const ordered: LeadEvent[] = new Array(events.length);
  for (const indexes of positions.values()) {
    const sorted = indexes.map((i) => events[i]!).sort((a, b) => a.version - b.version);
    indexes.forEach((slot, k) => {
      ordered[slot] = sorted[k]!;
    });
  }
  return ordered;
}
