import * as z from "../kernel/zod";

/**
 * A key's request budget: at most `requests` per fixed window of `windowSeconds`, counted
 * across every Lambda instance. Fixed windows aligned to the epoch (not sliding) so the
 * counter is one item per key and window, updated with one atomic ADD.
 */
export const rateLimitSchema = z.strictObject({
  requests: z.int().check(z.positive(), z.maximum(1_000_000)),
  windowSeconds: z.int().check(z.positive(), z.maximum(86_400)),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

/** The window `at` falls in: epoch seconds of its start and end (exclusive). */
export function rateWindowOf(at: Date, windowSeconds: number): { start: number; end: number } {
  const seconds = Math.floor(at.getTime() / 1000);
  const start = seconds - (seconds % windowSeconds);
  return { start, end: start + windowSeconds };
}

/** Whole seconds until the window ends, at least 1: what a refused caller is told to wait (Retry-After). */
export function secondsUntilReset(at: Date, windowSeconds: number): number {
  const { end } = rateWindowOf(at, windowSeconds);
  return Math.max(1, Math.ceil(end - at.getTime() / 1000));
}

/** "120/60" → 120 requests per 60 seconds (the configuration's notation); undefined when malformed. */
export function parseRateLimit(text: string): RateLimit | undefined {
  const match = /^\s*(\d{1,7})\s*\/\s*(\d{1,5})\s*s?\s*$/.exec(text);
  if (!match) return undefined;
  const parsed = rateLimitSchema.safeParse({ requests: Number(match[1]), windowSeconds: Number(match[2]) });
  return parsed.success ? parsed.data : undefined;
}
