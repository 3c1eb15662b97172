/** Percentile of a sample (nearest-rank), in the sample's unit. */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

/** A benchmark's contribution to docs/benchmarks.md. */
export interface BenchSection {
  name: string;
  title: string;
  markdown: string;
  /** Lines for the closing note (its ratios and units, with the command that printed them). */
  summary?: string[];
}
