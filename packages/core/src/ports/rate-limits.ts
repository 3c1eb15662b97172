import type { RateLimit } from "../auth/rate-limit";

/** What one counted request learnt: whether it is within the key's budget, and when the window resets. */
export interface RateVerdict {
  allowed: boolean;
  /** Requests counted in this window, this one included when allowed. */
  count: number;
  /** Epoch seconds at which the window ends and the budget is full again. */
  resetAt: number;
  /** The store throttled the counter itself: the key is sending far more than any budget. */
  throttled?: true;
}

/** Per-key request counters shared by every instance of the API. */
export interface RateLimiter {
  /** Counts one request of `keyId` in the window `now` falls in, unless the budget is spent. */
  hit(keyId: string, limit: RateLimit, now: Date): Promise<RateVerdict>;
}
