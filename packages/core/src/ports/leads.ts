import type { LeadEvent } from "../events/envelope";
import type { Effect } from "../lead/decision";
import type { Journey } from "../lead/journey";
import type { Lead } from "../lead/lead";
import type { StoredResponse } from "./idempotency";

/** One atomic change to a lead: its new state, the events that explain it, and side items. */
export interface LeadChange {
  lead: Lead;
  /** The version the change was computed from; `null` creates the lead. */
  expectedVersion: number | null;
  events: LeadEvent[];
  /** The lead's previous email when this change moves it to another one. */
  previousEmail?: string;
  /** Stored with the change so a retried request replays instead of writing again. */
  idempotency?: StoredResponse;
  /** Side items written or removed in the same transaction. */
  effects?: Effect[];
}

export interface LeadFilter {
  status?: string;
  ownerId?: string;
  /** Origin source type, optionally with its id ("webinar" or "webinar:wb-42"). */
  source?: { type: string; id?: string };
}

/** A page read by sort key: `lastSortKey` (opaque to callers) continues it; absent on the last page. */
export interface KeyPage<T> {
  items: T[];
  lastSortKey?: string;
}

/**
 * The leads, their email-uniqueness items and their timelines.
 *
 * `commit` writes the lead, its events, its email item, the idempotency record and the
 * effects in one transaction, so history never drifts from state and a retry never doubles.
 * It throws `WriteConflict` naming the condition that failed (`found`: `{ leadId }` for
 * `email_taken`, the stored response for `idempotency_key_used`), `TransientStoreError`
 * when the store was busy (throttled, a concurrent transaction: read again and retry), and
 * `StoreError` for any other refusal of the store.
 */
export interface LeadRepository {
  /** Strongly consistent: it feeds optimistic writes and read-your-writes. */
  get(leadId: string): Promise<Lead | undefined>;
  leadIdByEmail(normalizedEmail: string): Promise<string | undefined>;
  commit(change: LeadChange, now: Date): Promise<void>;
  /** Newest first, through the most selective index the filter allows (never a Scan). */
  list(filter: LeadFilter, limit: number, after: string | undefined): Promise<KeyPage<Lead>>;
  /** The lead's events in order, after the given position. */
  timeline(leadId: string, limit: number, after: string | undefined): Promise<KeyPage<LeadEvent>>;
  /**
   * Gives a lead stored before journeys existed the journey its timeline tells (the report
   * backfill), only while it is still at `version` and has none: not a change of the lead,
   * so no version bump and no event. False when the lead moved on or has one already.
   */
  adoptJourney(leadId: string, version: number, journey: Journey): Promise<boolean>;
}
