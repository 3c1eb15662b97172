import type { LeadEvent } from "../events/envelope";

/** What erasure needs beyond the lead's own transaction: the copies a lead may have more of than one transaction holds. */
export interface ErasureStore {
  /**
   * Rewrites every event of the lead's timeline that `redact` changes (in batches; safe to
   * repeat: redacting a redacted event changes nothing). Returns how many were rewritten.
   */
  redactTimeline(leadId: string, redact: (event: LeadEvent) => LeadEvent): Promise<number>;
  /**
   * Deletes every stored response about the lead (found through the references its changes
   * wrote into its partition), and the references. Returns how many records were deleted.
   */
  forgetResponses(leadId: string): Promise<number>;
}

/** Keyed hashes of erased addresses (privacy/suppression.ts); never the addresses. */
export interface SuppressionList {
  /** Strongly consistent: an erasure must be seen by the very next capture. */
  has(hash: string): Promise<boolean>;
  /** The ones among `hashes` that are suppressed (one batch read for an import). */
  which(hashes: string[]): Promise<Set<string>>;
}
