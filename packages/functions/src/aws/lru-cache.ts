/**
 * Stands in for `mnemonist/lru-cache` in Lambda bundles (see infra/esbuild-plugins.mjs). The
 * DynamoDB client builds an endpoint-discovery cache at start-up even though discovery is off
 * (its default, and ours), and mnemonist with its helpers is ~7 KB of the API bundle, which
 * has no room for it. A Map keeps insertion order, which is all an LRU needs: what the SDK
 * calls (get, set, has, peek, clear) behaves as mnemonist's does; packages/functions/test/lru-cache.test.ts
 * checks it against mnemonist itself.
 */
export default class LRUCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value without making it the most recently used. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  clear(): void {
    this.entries.clear();
  }
}
