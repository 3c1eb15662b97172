/**
 * A versioned policy (sales-ready, rebound): immutable versions plus a pointer to the one in
 * force, moved in one transaction with the new version.
 */
export interface PolicyVersions<P extends { version: number }> {
  /**
   * The policy in force. Eventually consistent unless `consistent`: the hot paths (capture,
   * outcomes) read it cheaply; publishing reads it strongly, since it builds on it.
   */
  current(consistent?: boolean): Promise<P | undefined>;
  version(version: number): Promise<P | undefined>;
  /**
   * Stores `policy` as the version after `previousVersion` (null: the first stored one).
   * Throws `WriteConflict("version_changed")` when another writer got there first.
   */
  create(policy: P, previousVersion: number | null): Promise<void>;
}
