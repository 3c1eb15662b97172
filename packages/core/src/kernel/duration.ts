import * as z from "./zod";

/**
 * ISO-8601 durations, the subset rebound policies need: years, months, weeks, days, hours,
 * minutes, seconds (`P6M`, `P1Y2M`, `P2W`, `PT30S`, `P1DT12H`). Months and years are
 * calendar units: adding `P1M` to 31 January lands on the last day of February, never in
 * March, so "six months after the loss" means what a person means by it.
 */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** The shape, with at most 6 digits per unit; `P` and `PT` alone match it but are not durations. */
export const DURATION_PATTERN =
  /^P(?:(\d{1,6})Y)?(?:(\d{1,6})M)?(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6})S)?)?$/;

/**
 * The longest delay anything may be planned with. Ten years keeps every computed date a
 * plain ISO instant (a P999999Y rebound would land beyond year 9999, which no event or
 * index can carry), and it is longer than any sales cycle worth a rebound.
 */
export const MAX_DURATION = "P10Y";
/** Seconds in an average Gregorian year and month: P10Y is exactly ten of these years. */
const YEAR_S = 31_556_952;
const MONTH_S = YEAR_S / 12;
const MAX_DURATION_S = 10 * YEAR_S;

/** Parses a duration; undefined when it is not one (or is empty, like `P` or `PT`). */
export function parseDuration(text: string): Duration | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match || text === "P" || text.endsWith("T")) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const duration = {
    years: years!,
    months: months!,
    weeks: weeks!,
    days: days!,
    hours: hours!,
    minutes: minutes!,
    seconds: seconds!,
  };
  return Object.values(duration).some((v) => v > 0) ? duration : undefined;
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}

/** Length in seconds, counting years and months at their Gregorian average. */
export function durationSeconds(d: Duration): number {
  return (
    d.years * YEAR_S +
    d.months * MONTH_S +
    ((d.weeks * 7 + d.days) * 24 + d.hours) * 3_600 +
    d.minutes * 60 +
    d.seconds
  );
}

/** A duration no longer than MAX_DURATION (P10Y, or P120M, or P3652D…). */
export function isBoundedDuration(text: string): boolean {
  const duration = parseDuration(text);
  return duration !== undefined && durationSeconds(duration) <= MAX_DURATION_S;
}

/** An ISO-8601 duration input: its shape as a pattern (documented), non-empty and at most P10Y. */
export const durationSchema = z
  .string()
  .check(
    z.regex(DURATION_PATTERN, "an ISO-8601 duration such as P6M, P1Y, P2W, PT30S"),
    z.refine(
      isBoundedDuration,
      `a non-empty ISO-8601 duration of at most ${MAX_DURATION}, e.g. P6M or PT30S`,
    ),
    z.meta({ examples: ["P6M", "P1Y", "P2W", "PT30S"] }),
  );

/** `at` plus the duration, in UTC; calendar units clamp to the end of a shorter month. */
export function addDuration(at: Date, duration: Duration): Date {
  const months = duration.years * 12 + duration.months;
  const result = new Date(at.getTime());
  if (months) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + months);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  const days = duration.weeks * 7 + duration.days;
  if (days) result.setUTCDate(result.getUTCDate() + days);
  const ms = ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
  return new Date(result.getTime() + ms);
}

/** Convenience: `at` plus an ISO-8601 duration string; throws on an invalid one. */
export function addIsoDuration(at: Date, text: string): Date {
  const duration = parseDuration(text);
  if (!duration) throw new RangeError(`not an ISO-8601 duration: ${text}`);
  return addDuration(at, duration);
}

/**
 * A duration's length in milliseconds, measured from a fixed instant (1 January 2001): for
 * bounds and order only (months and years vary in length; calendar arithmetic is addDuration).
 * Undefined when it is not a duration.
 */
export function durationMs(text: string): number | undefined {
  const duration = parseDuration(text);
  if (!duration) return undefined;
  const from = Date.UTC(2001, 0, 1);
  return addDuration(new Date(from), duration).getTime() - from;
}
