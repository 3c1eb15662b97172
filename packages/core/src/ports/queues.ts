import type { ReboundEntry } from "../lead/records";
import type { ClockKind } from "../lead/vocabulary";
import type { KeyPage } from "./leads";

/** One open clock (an SLA, or the next agreed follow-up): the lead, which clock, which hand-off started it, and when it runs out. */
export interface SlaEntry {
  leadId: string;
  kind: ClockKind;
  handoffId: string;
  dueAt: string;
  /** Queue position; deleting a stale entry is conditioned on it. */
  position: string;
}

/** The SLA deadline queue (written by the `sla.open` / `sla.close` effects). */
export interface SlaQueue {
  /** Entries whose deadline is before `now`, oldest deadline first. */
  due(now: string, limit: number, after?: string): Promise<KeyPage<SlaEntry>>;
  /** Removes an entry the lead no longer backs, unless it was replaced meanwhile. False if it was. */
  removeStale(entry: SlaEntry): Promise<boolean>;
}

/** The rebound due queue (written by the `rebound.*` effects). */
export interface ReboundQueue {
  /** Entries due at or before `now`, oldest first. */
  due(now: Date, limit: number, after?: string): Promise<KeyPage<ReboundEntry>>;
  /** Removes an entry unconditionally (one its lead no longer lists). */
  remove(leadId: string, cycle: number): Promise<void>;
  /** Entries due before `before`, oldest first, at most `max` (`truncated` beyond). */
  upcoming(before: Date, max: number): Promise<{ entries: ReboundEntry[]; truncated: boolean }>;
}
