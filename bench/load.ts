import { percentile } from "./stats";

export interface LoadOptions {
  /** Workers sending one request after another. */
  concurrency: number;
  durationMs: number;
  /** Monotonic milliseconds; injectable so the loader's bookkeeping is testable without time. */
  now?: () => number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** The first few error messages, for the report. */
  errorSamples: string[];
  elapsedMs: number;
  latenciesMs: number[];
}

export interface LoadSummary {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * A closed-loop load generator: `concurrency` workers each send a request, wait for its answer,
 * and send the next, until the duration is over. `send(i)` resolves on success and throws on
 * an error (a non-2xx answer counts as one); `i` numbers requests uniquely across workers.
 */
export async function runLoad(options: LoadOptions, send: (i: number) => Promise<void>): Promise<LoadResult> {
  const now = options.now ?? (() => performance.now());
  const start = now();
  const deadline = start + options.durationMs;
  const result: LoadResult = { requests: 0, errors: 0, errorSamples: [], elapsedMs: 0, latenciesMs: [] };
  let next = 0;
  const worker = async () => {
    while (now() < deadline) {
      const i = next++;
      const sent = now();
      try {
        await send(i);
        result.latenciesMs.push(now() - sent);
      } catch (error) {
        result.errors++;
        if (result.errorSamples.length < 5) result.errorSamples.push(String(error));
      }
      result.requests++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.elapsedMs = now() - start;
  return result;
}

/** Throughput counts successful requests only: errors are not capacity. */
export function summarizeLoad(result: LoadResult): LoadSummary {
  const ok = result.requests - result.errors;
  return {
    requests: result.requests,
    errors: result.errors,
    perSecond: result.elapsedMs > 0 ? (ok * 1000) / result.elapsedMs : 0,
    p50: percentile(result.latenciesMs, 50),
    p99: percentile(result.latenciesMs, 99),
  };
}
