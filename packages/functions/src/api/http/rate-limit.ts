import { isPublicKey, type Principal, type RateLimit, secondsUntilReset } from "@rebound/core/auth";
import type { Clock } from "@rebound/core/kernel";
import type { RateLimiter } from "@rebound/core/ports";
import type { MiddlewareHandler } from "hono";
import { HttpProblem } from "./problem";

/** The budget a principal is held to: its key's own, else the default for public (ingest) keys, else none. */
export function rateLimitOf(principal: Principal, defaults: { ingest: RateLimit }): RateLimit | undefined {
  if (principal.kind !== "api_key") return undefined;
  return principal.rateLimit ?? (isPublicKey(principal) ? defaults.ingest : undefined);
}

// Bounds the memory of the in-process "spent" cache below; far more keys than any stage has.
const MAX_SPENT_KEYS = 10_000;

/**
 * Keys known to have spent their window, per process. Counts only grow within a window, so
 * "spent until the window ends" learnt from DynamoDB stays true until then, and refusing those
 * requests here is exactly what the counter would answer, without its write (the attack case:
 * a leaked key hammering us costs one write per instance and window, not one per request).
 * The opposite shortcut (skipping the write for keys far under their budget) cannot stay correct
 * across instances without reserving blocks of the budget, so it is not done.
 */
class SpentWindows {
  private readonly spent = new Map<string, { until: number; limit: RateLimit }>();

  isSpent(keyId: string, limit: RateLimit, nowSeconds: number): { until: number } | undefined {
    const entry = this.spent.get(keyId);
    if (!entry) return undefined;
    // A raised or reshaped budget since (key edited, deploy) is not covered by what we learnt.
    const same = entry.limit.windowSeconds === limit.windowSeconds && entry.limit.requests >= limit.requests;
    if (nowSeconds >= entry.until || !same) {
      this.spent.delete(keyId);
      return undefined;
    }
    return { until: entry.until };
  }

  remember(keyId: string, limit: RateLimit, until: number, nowSeconds: number): void {
    if (this.spent.size >= MAX_SPENT_KEYS) {
      for (const [id, entry] of this.spent) if (nowSeconds >= entry.until) this.spent.delete(id);
      if (this.spent.size >= MAX_SPENT_KEYS) this.spent.clear();
    }
    this.spent.set(keyId, { until, limit });
  }
}

function tooManyRequests(limit: RateLimit, retryAfter: number): HttpProblem {
  return new HttpProblem(
    429,
    "rate-limited",
    "Too many requests",
    `This API key may make ${limit.requests} requests per ${limit.windowSeconds} s; retry in ${retryAfter} s.`,
    [],
    { "Retry-After": String(retryAfter) },
  );
}

/**
 * Enforces per-key request budgets across Lambda instances with a DynamoDB counter per key and
 * fixed window (store/rate-limits.ts). Runs after authentication, so only requests with a
 * valid key are counted; requests without a key reach only public routes or a 401.
 */
export function rateLimit(
  counter: RateLimiter,
  clock: Clock,
  defaults: { ingest: RateLimit },
): MiddlewareHandler {
  const spent = new SpentWindows();
  return async (c, next) => {
    const principal = c.get("principal");
    const limit = principal ? rateLimitOf(principal, defaults) : undefined;
    if (!principal || !limit) return next();
    const now = clock.now();
    const nowSeconds = now.getTime() / 1000;
    if (spent.isSpent(principal.id, limit, nowSeconds))
      throw tooManyRequests(limit, secondsUntilReset(now, limit.windowSeconds));
    const verdict = await counter.hit(principal.id, limit, now);
    if (!verdict.allowed) {
      // A throttled counter did not say the budget is spent, only that it could not count: not remembered.
      if (!verdict.throttled) spent.remember(principal.id, limit, verdict.resetAt, nowSeconds);
      throw tooManyRequests(limit, verdict.throttled ? 1 : secondsUntilReset(now, limit.windowSeconds));
    }
    return next();
  };
}
