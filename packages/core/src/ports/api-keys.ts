import type { ApiKeyRecord } from "../auth";
import type { StoredResponse } from "./idempotency";
import type { KeyPage } from "./leads";

export interface ApiKeyRepository {
  /**
   * Stores a new key; with `idempotency`, the response is stored in the same transaction.
   * Throws `WriteConflict("idempotency_key_used")` (with the stored response as `found`)
   * when a twin request with the same key won.
   */
  create(record: ApiKeyRecord, idempotency?: StoredResponse): Promise<void>;
  /** Eventually consistent on purpose: half the cost on every request; a revocation is seen within a second. */
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Marks the key revoked (kept for the audit trail); undefined when there is no such key. */
  revoke(id: string, at: string): Promise<ApiKeyRecord | undefined>;
  list(limit: number, after: string | undefined): Promise<KeyPage<ApiKeyRecord>>;
}
