import { describe, expect, it } from "vitest";
import { runLoad, summarizeLoad } from "./load";
import { percentile } from "./stats";

/** A clock that only moves when a request "takes" time, so nothing here depends on real time. */
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("load generator", () => {
  it("keeps every worker busy until the deadline and numbers requests uniquely", async () => {
    const clock = fakeClock();
    const seen: number[] = [];
    const result = await runLoad({ concurrency: 4, durationMs: 100, now: clock.now }, async (i) => {
      seen.push(i);
      clock.advance(10);
      await Promise.resolve();
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(result.requests).toBe(seen.length);
    expect(result.errors).toBe(0);
    expect(result.latenciesMs.length).toBe(seen.length);
    // No request starts at or after the deadline.
    expect(result.elapsedMs).toBeGreaterThanOrEqual(100);
    expect(seen.length).toBeGreaterThan(4);
  });

  it("counts errors apart, keeps a few messages, and leaves them out of throughput and latency", async () => {
    const clock = fakeClock();
    const result = await runLoad({ concurrency: 2, durationMs: 50, now: clock.now }, async (i) => {
      clock.advance(5);
      await Promise.resolve();
      if (i % 3 === 0) throw new Error(`boom ${i}`);
    });
    const failed = Math.ceil(result.requests / 3);
    expect(result.errors).toBe(failed);
    expect(result.errorSamples[0]).toBe("Error: boom 0");
    expect(result.latenciesMs.length).toBe(result.requests - failed);
    const summary = summarizeLoad(result);
    expect(summary.perSecond).toBeCloseTo(((result.requests - failed) * 1000) / result.elapsedMs);
  });

  it("summarises nearest-rank percentiles", () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(latencies, 50)).toBe(50);
    expect(percentile(latencies, 99)).toBe(99);
    expect(
      summarizeLoad({ requests: 100, errors: 0, errorSamples: [], elapsedMs: 2000, latenciesMs: latencies }),
    ).toEqual({ requests: 100, errors: 0, perSecond: 50, p50: 50, p99: 99 });
  });
});
