/**
 * Durations as bucketed histograms, so medians can be added up across days and dimensions
 * (a median of medians is not a median; a sum of histograms is the histogram of the union).
 *
 * Buckets are geometric, four per doubling: bucket 0 holds everything under one minute,
 * bucket b ≥ 1 holds [2^((b-1)/4), 2^(b/4)) minutes. A median is reported as its bucket's
 * bounds and their geometric middle; the true median lies within the bounds, and the
 * middle is within ±9.1 % (2^(1/8)) of it. 70 buckets reach beyond two years.
 */
export const BUCKETS_PER_DOUBLING = 4;
const MINUTE = 60_000;

/** The bucket of a duration in milliseconds (negative durations count as zero). */
export function bucketOf(ms: number): number {
  const minutes = Math.max(0, ms) / MINUTE;
  if (minutes < 1) return 0;
  let b = Math.floor(BUCKETS_PER_DOUBLING * Math.log2(minutes)) + 1;
  // Floating-point log2 can land one off at exact bucket bounds: settle it with the bounds.
  while (b > 1 && lowerMinutes(b) > minutes) b--;
  while (lowerMinutes(b + 1) <= minutes) b++;
  return b;
}

function lowerMinutes(b: number): number {
  return b <= 0 ? 0 : 2 ** ((b - 1) / BUCKETS_PER_DOUBLING);
}

/** [low, high) of a bucket, in hours. */
export function bucketBounds(b: number): { low: number; high: number } {
  return { low: lowerMinutes(b) / 60, high: lowerMinutes(b + 1) / 60 };
}

export interface Median {
  /** The estimate: the geometric middle of the bucket that holds the median (30 s for bucket 0). */
  hours: number;
  /** The median lies in [low, high). */
  low: number;
  high: number;
  /** How many durations the histogram holds. */
  count: number;
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The median of a histogram (bucket → count): the lower median, i.e. the ⌈n/2⌉-th smallest
 * duration, located to its bucket. Null for an empty histogram.
 */
export function medianOf(histogram: ReadonlyMap<number, number>): Median | null {
  const buckets = [...histogram.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (count === 0) return null;
  const rank = Math.ceil(count / 2);
  let seen = 0;
  for (const [b, n] of buckets) {
    seen += n;
    if (seen < rank) continue;
    const { low, high } = bucketBounds(b);
    const hours = b === 0 ? 0.5 / 60 : Math.sqrt(low * high);
    return { hours: round(hours), low: round(low), high: round(high), count };
  }
  return null;
}

/** The metric name of a histogram bucket, and back. */
export const histogramMetric = (name: string, bucket: number) => `hist.${name}.${bucket}`;

/** The histogram `name` out of summed counts. */
export function histogramFrom(counts: Readonly<Record<string, number>>, name: string): Map<number, number> {
  const prefix = `hist.${name}.`;
  const out = new Map<number, number>();
  for (const [metric, n] of Object.entries(counts)) {
    if (!metric.startsWith(prefix)) continue;
    const b = Number(metric.slice(prefix.length));
    out.set(b, (out.get(b) ?? 0) + n);
  }
  return out;
}
