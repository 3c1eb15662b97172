/** Sleeps; injected so tests of retry loops do not wait for real. */
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): a uniform pause in [0, min(cap, base·2^retry)), `retry` counting from 0 for the
 * pause after the first failed attempt. Drawing the whole range, not a fixed delay plus a
 * little noise, is what spreads racing writers (and throttled clients) apart.
 */
export function backoffDelay(
  retry: number,
  baseMs = 10,
  capMs = 1_000,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/** How hard one kind of loop tries: attempts in all (the first included) and its pauses. */
export interface RetryLimits {
  attempts: number;
  /** Ceiling of the first pause (ms); it doubles per retry up to `capMs`. */
  baseMs: number;
  capMs: number;
}

/**
 * One limit per kind of loop, and the only place these numbers live.
 * - `leadWrite`: read → decide → conditional write of one lead (mutateLead, capture). Losing
 *   a race costs one short pause; 40 attempts with pauses ≤ 250 ms outlast dozens of writers
 *   hammering one lead (a few seconds) before the caller gets a 409 "retry shortly".
 * - `policyWrite`: seeding or publishing a policy version. Admins rarely race; each lost race
 *   is retried as the next version, so 20 attempts is far more than a real race needs.
 * - `importRow`: one person of an import. Few attempts with longer pauses: the import has
 *   thousands of other rows to write meanwhile, and its time budget stops retries anyway
 *   (an unwritten row is reported `pending`, to finish by a re-post).
 * - `batchRead`: unprocessed keys of a batch request (DynamoDB returns them under load): BatchGetItem
 *   reads, and the deletes of a replaced report-counter generation.
 * - `batchWrite`: unprocessed items of a BatchWriteItem (erasure rewriting a timeline), likewise.
 * - `eventPublish`: sends of one event to EventBridge within one forwarder call; a failed
 *   batch is redelivered by the stream, so this only smooths over short throttling.
 * - `counterWrite`: one transaction of report counters (a group of stream events). Busy
 *   counter rows are shared by many events, so transaction conflicts are expected under
 *   load; a run that gives up is redelivered by the stream, then lands in the dead letters.
 */
export const retryLimits = {
  leadWrite: { attempts: 40, baseMs: 5, capMs: 250 },
  policyWrite: { attempts: 20, baseMs: 5, capMs: 250 },
  importRow: { attempts: 8, baseMs: 25, capMs: 2_000 },
  batchRead: { attempts: 8, baseMs: 25, capMs: 2_000 },
  batchWrite: { attempts: 8, baseMs: 25, capMs: 2_000 },
  eventPublish: { attempts: 5, baseMs: 100, capMs: 5_000 },
  counterWrite: { attempts: 12, baseMs: 20, capMs: 2_000 },
} as const satisfies Record<string, RetryLimits>;

/** Returned by an attempt that did not succeed but may on the next one (a lost race). */
export const AGAIN: unique symbol = Symbol("retry again");
export type Again = typeof AGAIN;

export interface RetryOptions<T> {
  /** Errors thrown by an attempt that are worth another one (throttling, transaction conflicts). */
  retryable?: (error: unknown) => boolean;
  /** Checked before each retry; true ends the loop (a time budget running out). */
  stop?: () => boolean;
  sleep?: Sleep | undefined;
  random?: (() => number) | undefined;
  /** The answer when attempts run out or `stop` said so: a value, or a thrown error. */
  exhausted(why: "attempts" | "stopped"): T;
}

/**
 * The one retry loop: runs `attempt` until it returns a value, pausing with full-jitter
 * backoff between attempts. An attempt asks for another by returning AGAIN (a lost
 * conditional write it recognised) or by throwing an error `retryable` accepts; any other
 * error ends the loop at once.
 */
export async function retry<T>(
  limits: RetryLimits,
  options: RetryOptions<T>,
  attempt: (n: number) => Promise<T | Again>,
): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  for (let n = 0; n < limits.attempts; n++) {
    if (n > 0) {
      if (options.stop?.()) return options.exhausted("stopped");
      await sleep(backoffDelay(n - 1, limits.baseMs, limits.capMs, options.random));
    }
    try {
      const result = await attempt(n);
      if (result !== AGAIN) return result;
    } catch (error) {
      if (!options.retryable?.(error)) throw error;
    }
  }
  return options.exhausted("attempts");
}
