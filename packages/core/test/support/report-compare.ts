import { expect } from "vitest";
import { bucketBounds, bucketOf } from "../../src/reports";

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The first difference between a report and the oracle's figures, or undefined when they
 * agree. Medians are the exception to plain equality: the oracle has the exact median, the
 * report its bucket; the bucket must be the one that holds the exact median, with the same
 * count behind it. (A plain function, not one expect per figure: thousands per run.)
 */
export function difference(actual: unknown, expected: unknown, path = "report"): string | undefined {
  if (expected && typeof expected === "object" && "exactMs" in expected) {
    const { exactMs, count } = expected as { exactMs: number; count: number };
    const bounds = bucketBounds(bucketOf(exactMs));
    if (exactMs < bounds.low * 3_600_000 - 1 || exactMs >= bounds.high * 3_600_000 + 1)
      return `${path}: ${exactMs} ms outside its bucket [${bounds.low}, ${bounds.high}) h`;
    const m = actual as { count?: number; low?: number; high?: number } | null;
    return m?.count === count && m.low === round4(bounds.low) && m.high === round4(bounds.high)
      ? undefined
      : `${path}: ${JSON.stringify(actual)} does not hold the exact median ${exactMs} ms of ${count}`;
  }
  if (expected && typeof expected === "object") {
    if (!actual || typeof actual !== "object") return `${path}: ${JSON.stringify(actual)} is not an object`;
    const keys = Object.keys(expected).sort().join();
    if (Object.keys(actual).sort().join() !== keys)
      return `${path}: keys ${Object.keys(actual).sort().join()} ≠ ${keys}`;
    for (const [key, value] of Object.entries(expected)) {
      const found = difference((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  return Object.is(actual, expected)
    ? undefined
    : `${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`;
}

export function expectSameFigures(actual: unknown, expected: unknown): void {
  const found = difference(actual, expected);
  if (found) expect.fail(found);
}
