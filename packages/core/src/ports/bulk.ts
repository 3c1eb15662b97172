import type { Lead } from "../lead/lead";
import type { StoredResponse } from "./idempotency";

/** Strongly consistent reads of many items at once: what single capture reads, per import. */
export interface BulkReads {
  /** Stored responses by key, skipping expired ones. */
  idempotencyRecords(
    principalId: string,
    keys: string[],
    nowEpochSeconds: number,
  ): Promise<Map<string, StoredResponse>>;
  /** Lead id by normalized email, for the emails that have a lead. */
  leadIdsByEmail(emails: string[]): Promise<Map<string, string>>;
  /** The ids, of those given, whose lead holds marketing consent now. */
  withMarketingConsent(ids: string[]): Promise<Set<string>>;
  leads(ids: string[]): Promise<Map<string, Lead>>;
}
