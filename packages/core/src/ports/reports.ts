import type { CounterFamily, CounterRow, Increment } from "../reports/counters";

/** Which counter generation reports read, and which one a backfill is building. */
export interface ReportGenerations {
  current: number;
  building?: number;
}

/** One event's additions, applied once per event id. */
export interface CounterBatchEntry {
  eventId: string;
  increments: readonly Increment[];
}

/** The report counters (store/report-counters.ts): additions applied once per event id, read by day range. */
export interface ReportCounters {
  generations(): Promise<ReportGenerations>;
  /** Opens the next generation for a rebuild, or returns the one a crashed rebuild left open. */
  beginRebuild(): Promise<number>;
  /** Makes the rebuilt generation the one reports read. */
  finishRebuild(building: number): Promise<ReportGenerations>;
  apply(
    generation: number,
    entries: readonly CounterBatchEntry[],
    now: Date,
  ): Promise<{ applied: number; duplicates: number }>;
  read(
    generation: number,
    family: CounterFamily,
    from: string,
    to: string,
  ): Promise<{ rows: CounterRow[]; readUnits: number }>;
  /** Deletes a replaced generation's rows; returns how many. */
  dropGeneration(generation: number): Promise<number>;
}
