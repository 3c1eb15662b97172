import { describe, expect, it } from "vitest";
import { createLogger, currentCorrelationId, withLogContext } from "../src/observability/log";
import { createMetrics } from "../src/observability/metrics";

const at = () => new Date("2026-05-01T10:00:00.000Z");

describe("structured logs", () => {
  it("writes one JSON object per line with level, time, message, correlation id and fields", async () => {
    // Prepare
    const lines: string[] = [];
    const log = createLogger({
      base: { service: "rebound", stage: "test" },
      write: (l) => lines.push(l),
      now: at,
    });
    // Act
    await withLogContext({ correlationId: "req-1" }, async () => {
      await Promise.resolve();
      log.info("request", { status: 200 });
    });
    log.warn("outside");
    // Assess
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        level: "INFO",
        timestamp: "2026-05-01T10:00:00.000Z",
        message: "request",
        service: "rebound",
        stage: "test",
        correlationId: "req-1",
        status: 200,
      },
      {
        level: "WARN",
        timestamp: "2026-05-01T10:00:00.000Z",
        message: "outside",
        service: "rebound",
        stage: "test",
      },
    ]);
  });

  it("drops lines below the configured level", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "warn", write: (l) => lines.push(l), now: at });
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(["WARN", "ERROR"]);
  });

  it("keeps each concurrent request's correlation id apart", async () => {
    const seen = await Promise.all(
      ["a", "b", "c"].map((id) =>
        withLogContext({ correlationId: id }, async () => {
          await new Promise((r) => setTimeout(r, 5));
          return currentCorrelationId();
        }),
      ),
    );
    expect(seen).toEqual(["a", "b", "c"]);
  });
});

describe("CloudWatch Embedded Metric Format", () => {
  it("writes a datapoint CloudWatch can extract: namespace, dimension names and values, unit", () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics(
      "production",
      (l) => lines.push(l),
      () => 1_777_000_000_000,
    );
    // Act
    metrics.put("SweepLagSeconds", 42, "Seconds", { Sweep: "rebound" });
    // Assess
    expect(JSON.parse(lines[0]!)).toEqual({
      _aws: {
        Timestamp: 1_777_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: "Rebound",
            Dimensions: [["Stage", "Sweep"]],
            Metrics: [{ Name: "SweepLagSeconds", Unit: "Seconds" }],
          },
        ],
      },
      Stage: "production",
      Sweep: "rebound",
      SweepLagSeconds: 42,
    });
  });
});
