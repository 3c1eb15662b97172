import type { Lead } from "./lead";
import type { ReboundEntry, SegmentMember } from "./records";
import type { ClockKind } from "./vocabulary";

/** A change's event before it gets its id, version and time. */
export interface EventDraft {
  type: string;
  data: Record<string, unknown>;
  why?: string;
}

/**
 * A side item a decision writes or removes together with the lead, in the lead's own
 * transaction. This list is the one place such an item is named: decisions say what should
 * happen, the store (store/effects.ts) says how, with which keys and conditions.
 */
export type Effect =
  /** Put a due-queue entry; it must not exist yet (each cycle is scheduled once). */
  | { type: "rebound.schedule"; entry: ReboundEntry; scheduledAt: string }
  /**
   * Delete a pending entry, unconditionally: the lead's version check already proves that no
   * sweep resurfaced the lead in between (a sweep changes the lead in the same transaction).
   */
  | { type: "rebound.cancel"; leadId: string; cycle: number }
  /** Delete the entry being resurfaced; it must still exist (an overlapping sweep lost the race). */
  | { type: "rebound.consume"; leadId: string; cycle: number }
  /** Put a segment membership; it must not exist yet (a cycle enters the segment once). */
  | { type: "segment.add"; member: SegmentMember }
  /**
   * Delete a segment membership, unconditionally (absent is fine): consent was withdrawn or the
   * lead erased, so no copy of it may stay where campaigns pull from.
   */
  | { type: "segment.remove"; leadId: string; cycle: number }
  /** Delete the lead's email-uniqueness item (erasure): the address no longer leads anywhere. */
  | { type: "email.release"; leadId: string; email: string }
  /** Put the keyed hash of an erased address on the suppression list (idempotent). */
  | { type: "suppression.add"; hash: string; at: string }
  /** Start an SLA clock; replaces any clock of that kind (a lead has at most one per kind). */
  | { type: "sla.open"; leadId: string; kind: ClockKind; dueAt: string; handoffId: string }
  /** Stop an SLA clock; a no-op when a sweep already removed it. */
  | { type: "sla.close"; leadId: string; kind: ClockKind };

/** What a pure decision returns: the lead's next state, the events that explain it, its side effects. */
export interface Decision {
  lead: Lead;
  events: EventDraft[];
  /** The lead's previous email, when the decision moves it to another one. */
  previousEmail?: string;
  effects?: Effect[];
}
