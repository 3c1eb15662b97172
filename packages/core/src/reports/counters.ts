/**
 * Report counters: one row per (family, UTC day, dimensions), holding named counts that the
 * projection only ever adds to. A report reads the rows of a day range and sums them, so its
 * cost is O(days × dimension values), whatever the number of leads.
 *
 * - `funnel`: credited to the day the lead's pass through the funnel began (its cohort), by
 *   source, campaign and entry (new, rebound, returning). Funnel, source quality, cohorts.
 * - `rep`: credited to the day it happened, by rep. Hand-offs, SLAs, appointments, follow-ups.
 * - `rebound`: credited to the day it happened (rebound due dates: to the due day), by cycle.
 */
export const counterFamilies = ["funnel", "rep", "rebound"] as const;
export type CounterFamily = (typeof counterFamilies)[number];

export type Dims = Readonly<Record<string, string>>;

/** One addition to one count of one row. */
export interface Increment {
  family: CounterFamily;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  dims: Dims;
  metric: string;
  by: number;
}

/** A row as stored and read back: the sums of every increment with the same family, day and dims. */
export interface CounterRow {
  family: CounterFamily;
  day: string;
  dims: Dims;
  counts: Record<string, number>;
}

/** The UTC day of an ISO instant. */
export const dayOf = (instant: string): string => new Date(instant).toISOString().slice(0, 10);

/** A stable identity of a row: dims sorted by name, values escaped so no separator leaks in. */
export function rowId(family: CounterFamily, day: string, dims: Dims): string {
  return `${family}|${day}|${dimsKey(dims)}`;
}

export function dimsKey(dims: Dims): string {
  return Object.keys(dims)
    .sort()
    .map((k) => `${k}=${encodeURIComponent(dims[k]!)}`)
    .join("&");
}

/** The dimensions back from `dimsKey`. */
export function parseDimsKey(key: string): Record<string, string> {
  if (!key) return {};
  return Object.fromEntries(
    key.split("&").map((pair) => {
      const [k, v = ""] = pair.split("=");
      return [k!, decodeURIComponent(v)];
    }),
  );
}

/** Groups increments by row, summing the amounts of the same metric (one write per row). */
export function mergeIncrements(increments: readonly Increment[]): CounterRow[] {
  const rows = new Map<string, CounterRow>();
  for (const inc of increments) {
    if (inc.by === 0) continue;
    const id = rowId(inc.family, inc.day, inc.dims);
    let row = rows.get(id);
    if (!row) {
      row = { family: inc.family, day: inc.day, dims: inc.dims, counts: {} };
      rows.set(id, row);
    }
    row.counts[inc.metric] = (row.counts[inc.metric] ?? 0) + inc.by;
  }
  return [...rows.values()];
}

/**
 * The counters in memory, applied exactly once per event id: what the store does with a
 * conditional dedupe marker, for tests, the demo's checks and the backfill's planning.
 */
export class MemoryCounters {
  readonly rows = new Map<string, CounterRow>();
  readonly seen = new Set<string>();

  /** Adds the event's increments unless the event id was applied before; true when applied. */
  apply(eventId: string, increments: readonly Increment[]): boolean {
    if (this.seen.has(eventId)) return false;
    this.seen.add(eventId);
    for (const row of mergeIncrements(increments)) {
      const id = rowId(row.family, row.day, row.dims);
      const existing = this.rows.get(id);
      if (!existing) this.rows.set(id, { ...row, counts: { ...row.counts } });
      else
        for (const [m, v] of Object.entries(row.counts)) existing.counts[m] = (existing.counts[m] ?? 0) + v;
    }
    return true;
  }

  /** Rows of a family whose day is within [from, to] (inclusive), as a report reads them. */
  read(family: CounterFamily, from: string, to: string): CounterRow[] {
    return [...this.rows.values()].filter((r) => r.family === family && r.day >= from && r.day <= to);
  }
}
