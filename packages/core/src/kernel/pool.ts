/**
 * Runs `work` over the items with at most `limit` in flight: bounded concurrency keeps a
 * 10,000-row import within DynamoDB's request rates and the SDK's socket pool. A failure
 * stops new work and rejects once the items in flight have settled.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
}

/** `forEachLimit` that keeps each item's result, in the items' order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const indexed = items.map((item, index) => ({ item, index }));
  await forEachLimit(indexed, limit, async ({ item, index }) => {
    results[index] = await work(item);
  });
  return results;
}
