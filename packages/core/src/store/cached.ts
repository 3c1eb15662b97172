import type { ApiKeyRecord } from "../auth";
import { TtlCache } from "../kernel/ttl-cache";
import type { ApiKeyRepository } from "../ports/api-keys";
import type { PolicyVersions } from "../ports/policies";

/*
 * Read-through caches for what every request reads and almost nothing changes: the policy in
 * force and API keys. Each Lambda instance (or local process) keeps its own, for a few
 * seconds (REBOUND_CACHE_TTL_MS):
 *
 * - a new policy version is used at once by the instance that published it (publishing
 *   forgets the cached pointer) and by every other instance within the TTL; captures judged in
 *   between name the version that judged them in their verdict, so the record stays exact;
 * - a revoked key stops working at once on the instance that revoked it, and on the others
 *   within the TTL. A key that does not exist is never cached, so a new key works everywhere
 *   at once. With 5 s, a leaked key revoked by an admin keeps working at most 5 s longer on
 *   warm instances: the price of not reading the key (0.5 RCU, one round trip) per request.
 * - strongly consistent reads (publishing builds on them) always go to the table.
 */

/** The policy pointer, cached; `create` forgets it, so this instance sees its own publish at once. */
export function cachedPolicies<P extends { version: number }>(
  inner: PolicyVersions<P>,
  ttlMs: number,
  timer?: () => number,
): PolicyVersions<P> {
  const cache = new TtlCache<"current", P>(ttlMs, timer);
  return {
    current: (consistent = false) =>
      consistent ? inner.current(true) : cache.get("current", () => inner.current()),
    version: (version) => inner.version(version),
    async create(policy, previousVersion) {
      try {
        await inner.create(policy, previousVersion);
      } finally {
        cache.forget("current");
      }
    },
  };
}

/** API keys by id, cached; revoking forgets the key, so this instance refuses it at once. */
export function cachedApiKeys(
  inner: ApiKeyRepository,
  ttlMs: number,
  timer?: () => number,
): ApiKeyRepository {
  const cache = new TtlCache<string, ApiKeyRecord>(ttlMs, timer);
  return {
    create: (record, idempotency) => inner.create(record, idempotency),
    get: (id) => cache.get(id, () => inner.get(id)),
    async revoke(id, at) {
      try {
        return await inner.revoke(id, at);
      } finally {
        cache.forget(id);
      }
    },
    list: (limit, after) => inner.list(limit, after),
  };
}
