/**
 * Report periods: whole UTC days, both ends included. A bound is a date (2026-03-01), an
 * instant (its UTC day), `today`, or an offset from today in days, weeks, months or years
 * (`-90d`, `-12w`, `-6m`, `+26w`: a forecast looks ahead).
 */
export const DEFAULT_REPORT_DAYS = 90;
/** About three years: a report reads one row per day and dimension, so the span bounds its cost. */
export const MAX_REPORT_DAYS = 1_100;

export const DAY_BOUND_PATTERN =
  /^(today|[+-]\d{1,4}[dwmy]|\d{4}-\d{2}-\d{2}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))$/;

export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function addMonths(day: Date, months: number): Date {
  const result = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day.getUTCDate(), last));
  return result;
}

/** Days this API reads and writes: 1970–9999 (a four-digit year keeps days sortable as text). */
const inYears = (day: Date) => day.getUTCFullYear() >= 1970 && day.getUTCFullYear() <= 9999;

/** One bound as a UTC day, or undefined when it is not one of the accepted forms. */
export function parseDayBound(text: string, now: Date): string | undefined {
  if (!DAY_BOUND_PATTERN.test(text)) return undefined;
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (text === "today") return isoDay(today);
  const offset = /^([+-]\d+)([dwmy])$/.exec(text);
  if (offset) {
    const n = Number(offset[1]);
    const unit = offset[2];
    const day =
      unit === "d"
        ? new Date(today.getTime() + n * DAY_MS)
        : unit === "w"
          ? new Date(today.getTime() + 7 * n * DAY_MS)
          : addMonths(today, unit === "m" ? n : 12 * n);
    return inYears(day) ? isoDay(day) : undefined;
  }
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  // Date accepts 2026-02-31 as 3 March; a day that does not exist is an error, not a guess.
  if (Number.isNaN(date.getTime()) || !inYears(date)) return undefined;
  if (text.length === 10 && isoDay(date) !== text) return undefined;
  return isoDay(date);
}

export type RangeIssue = { field: "from" | "to"; message: string };

/** The period a query asks for: by default the last 90 days up to today. */
export function resolveRange(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
): { range: DayRange } | { issues: RangeIssue[] } {
  const issues: RangeIssue[] = [];
  const bound = (field: "from" | "to", text: string | undefined) => {
    if (text === undefined) return undefined;
    const day = parseDayBound(text, now);
    if (!day)
      issues.push({ field, message: "a date (2026-03-01), an instant, today, or an offset such as -90d" });
    return day;
  };
  const toDay = bound("to", query.to);
  const fromDay = bound("from", query.from);
  if (issues.length) return { issues };
  const to = toDay ?? isoDay(now);
  const from =
    fromDay ?? isoDay(new Date(new Date(`${to}T00:00:00Z`).getTime() - (DEFAULT_REPORT_DAYS - 1) * DAY_MS));
  if (from > to) return { issues: [{ field: "from", message: `must not be after to (${to})` }] };
  if (daysIn({ from, to }) > MAX_REPORT_DAYS)
    return { issues: [{ field: "from", message: `the period is longer than ${MAX_REPORT_DAYS} days` }] };
  return { range: { from, to } };
}

/** Days in a range, both ends included. */
export function daysIn(range: DayRange): number {
  return (
    Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / DAY_MS) + 1
  );
}

/** The Monday of a day's ISO week. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return isoDay(new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS));
}

export const monthOf = (day: string): string => day.slice(0, 7);
