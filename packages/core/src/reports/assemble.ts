import * as z from "../kernel/zod";
import type { CounterRow } from "./counters";
import { histogramFrom, type Median, medianOf } from "./histogram";
import { type DayRange, monthOf, weekOf } from "./range";

/** Summed counts with readers for plain counts, prefixed families of counts and histograms. */
export class Sums {
  readonly counts: Record<string, number> = {};

  add(row: Readonly<Record<string, number>>): void {
    for (const [metric, n] of Object.entries(row)) this.counts[metric] = (this.counts[metric] ?? 0) + n;
  }

  get(metric: string): number {
    return this.counts[metric] ?? 0;
  }

  /** `prefix.<key>` counts as a record by key (zeros dropped), keys sorted. */
  byKey(prefix: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const metric of Object.keys(this.counts).sort()) {
      if (!metric.startsWith(`${prefix}.`)) continue;
      const n = this.counts[metric]!;
      if (n !== 0) out[metric.slice(prefix.length + 1)] = n;
    }
    return out;
  }

  total(prefix: string): number {
    return Object.values(this.byKey(prefix)).reduce((a, b) => a + b, 0);
  }

  median(name: string): Median | null {
    return medianOf(histogramFrom(this.counts, name));
  }
}

/** n / d to four decimals; null when there is nothing to divide by. */
export const rate = (n: number, d: number): number | null =>
  d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null;

export type TimeGrouping = "week" | "month";

/** Every week or month key a range touches, in order: time series keep their empty periods. */
export function periodKeys(range: DayRange, grouping: TimeGrouping): string[] {
  const keys: string[] = [];
  const last = Date.parse(`${range.to}T00:00:00Z`);
  for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= last; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const key = grouping === "week" ? weekOf(day) : monthOf(day);
    if (keys.at(-1) !== key) keys.push(key);
  }
  return keys;
}

export const periodKey = (day: string, grouping: TimeGrouping) =>
  grouping === "week" ? weekOf(day) : monthOf(day);

/**
 * Sums rows into groups by key (and a total). Time groupings list every period of the range;
 * other groupings list the keys that have data, sorted.
 */
export function groupRows(
  rows: readonly CounterRow[],
  keyOf: (row: CounterRow) => string,
  periods?: string[],
): { total: Sums; groups: Map<string, Sums> } {
  const total = new Sums();
  const groups = new Map<string, Sums>((periods ?? []).map((k) => [k, new Sums()]));
  for (const row of rows) {
    total.add(row.counts);
    const key = keyOf(row);
    let sums = groups.get(key);
    if (!sums) {
      sums = new Sums();
      groups.set(key, sums);
    }
    sums.add(row.counts);
  }
  const ordered = periods
    ? groups
    : new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { total, groups: ordered };
}

/* Schema building blocks shared by the four reports. */

export const count = () => z.int().check(z.nonnegative());
/** Some counts are net figures (a forecast less its cancellations) and may dip below zero in a period. */
export const netCount = () => z.int();
export const ratio = () =>
  z.nullable(
    z
      .number()
      .check(z.minimum(0), z.describe("A share between 0 and 1 (4 decimals); null when the base is 0.")),
  );
export const byReason = () =>
  z
    .record(z.string(), z.int())
    .check(z.describe("Counts by reason (taxonomy values; only reasons that occurred)."));
export const medianSchema = z
  .nullable(
    z.object({
      hours: z.number().check(z.describe("Estimate: the geometric middle of the bucket holding the median.")),
      low: z.number().check(z.describe("The median is at least this (hours).")),
      high: z.number().check(z.describe("The median is less than this (hours).")),
      count: count(),
    }),
  )
  .check(
    z.describe("Median from a histogram with 4 buckets per doubling: within ±9.1 % of the true median."),
  );
export const periodSchema = {
  from: z.string().check(z.describe("First day of the period (UTC, inclusive).")),
  to: z.string().check(z.describe("Last day of the period (UTC, inclusive).")),
};
