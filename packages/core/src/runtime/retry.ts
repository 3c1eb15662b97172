/** Sleeps; injected so tests of retry loops do not wait for real. */
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Exponential backoff with full jitter (AWS architecture blog): spreads racing retries
 * so contenders for one item stop colliding.
 */
export function backoffDelay(
  attempt: number,
  baseMs = 10,
  capMs = 1_000,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}
