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

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Parses a duration; undefined when it is not one (or is empty, like `P` or `PT`). */
export function parseDuration(text: string): Duration | undefined {
  const match = PATTERN.exec(text);
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
