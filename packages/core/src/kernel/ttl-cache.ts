/**
 * A small read-through cache with a time to live, for values every request reads and that
 * change rarely (the policy in force, API keys). Entries expire by elapsed time on a monotonic
 * timer (not the domain clock, which tests move by months); concurrent misses of one key share
 * one load; failed loads and absent values are not cached, so a key created a moment ago on
 * another instance is found at once. `forget` drops an entry when this process changes it.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  private readonly loading = new Map<K, Promise<V | undefined>>();

  constructor(
    private readonly ttlMs: number,
    private readonly timer: () => number = () => performance.now(),
    private readonly maxEntries = 1_000,
  ) {}

  async get(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (this.ttlMs <= 0) return load();
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.timer()) return hit.value;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = load().then(
      (value) => {
        this.loading.delete(key);
        if (value !== undefined) {
          // Bounded: the oldest entry goes first (Map keeps insertion order).
          if (this.entries.size >= this.maxEntries)
            this.entries.delete(this.entries.keys().next().value as K);
          this.entries.set(key, { value, expires: this.timer() + this.ttlMs });
        }
        return value;
      },
      (error: unknown) => {
        this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }

  forget(key: K): void {
    this.entries.delete(key);
  }
}
