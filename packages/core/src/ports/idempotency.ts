/** The first response to a request, kept so a retry with the same key gets it back verbatim. */
export interface StoredResponse {
  principalId: string;
  key: string;
  /** Hash of method, path and body: the same key on a different request is an error, not a replay. */
  fingerprint: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  createdAt: string;
  /** How long the record is kept, when not the default day (an import row's replay window is longer). */
  ttlSeconds?: number;
}

/**
 * Stored responses of requests made with an Idempotency-Key. A change that is one
 * transaction stores its response inside that transaction (LeadRepository.commit,
 * ApiKeyRepository.create); a request that is not one transaction claims its key first and
 * completes the record when it has its answer.
 */
export interface IdempotencyRepository {
  /** The stored response, unless absent or past its TTL (the table deletes expired items lazily). */
  find(principalId: string, key: string, nowEpochSeconds: number): Promise<StoredResponse | undefined>;
  /**
   * Records `record` under its key unless the key is already held; then the holder's record
   * is returned, for the caller to compare fingerprints. Expired records do not hold a key.
   */
  claim(record: StoredResponse, nowEpochSeconds: number): Promise<StoredResponse | undefined>;
  /** Replaces a claimed record with the request's final response (same key and fingerprint). */
  complete(record: StoredResponse, nowEpochSeconds: number): Promise<void>;
}
