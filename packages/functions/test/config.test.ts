import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";

const base = {
  REBOUND_TABLE_NAME: "t-config",
  REBOUND_CURSOR_SECRET: "0123456789abcdef",
  REBOUND_SUPPRESSION_SECRET: "fedcba9876543210",
};

describe("configuration", () => {
  it("gives every timer and limit a default", () => {
    // Act
    const config = loadConfig(base);
    // Assess
    expect(config.local).toEqual({
      port: 3000,
      forwardEveryMs: 1_000,
      reboundSweepEveryMs: 10_000,
      slaSweepEveryMs: 60_000,
      slaSweepBudgetMs: 50_000,
      requalifyEveryMs: 30_000,
    });
    expect(config.sweepBudgetMs).toBe(60_000);
  });

  it.each([
    ["REBOUND_SWEEP_EVERY_MS", "0", "must be between 1000 and 86400000 ms"],
    ["REBOUND_SLA_SWEEP_EVERY_MS", "-5", "must be between 1000 and 86400000 ms"],
    ["REBOUND_FORWARD_EVERY_MS", "ten", "must be a whole number between 100 and 3600000 ms"],
    ["REBOUND_SWEEP_BUDGET_MS", "0", "must be between 1000 and 900000 ms"],
    ["REBOUND_IMPORT_CONCURRENCY", "1.5", "must be a whole number between 1 and 256"],
    ["PORT", "70000", "must be between 1 and 65535"],
  ])("refuses %s=%s, naming the variable, the range and the value", (name, value, message) => {
    // Act + Assess
    expect(() => loadConfig({ ...base, [name]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrowError(
      `Invalid configuration: ${name}: ${message} (got ${JSON.stringify(value)})`,
    );
  });

  it("lists every bad variable at once", () => {
    // Act + Assess
    expect(() =>
      loadConfig({ ...base, REBOUND_SWEEP_EVERY_MS: "0", REBOUND_FORWARD_EVERY_MS: "0" }),
    ).toThrowError(/REBOUND_FORWARD_EVERY_MS: .*; REBOUND_SWEEP_EVERY_MS: /);
  });

  it("needs the suppression secret as a value or a Secrets Manager id (not both), and checks the ingest rate limit", () => {
    // Prepare
    const { REBOUND_SUPPRESSION_SECRET: _value, ...without } = base;
    const id = "rebound/test/suppression-secret";
    // Act + Assess
    expect(() => loadConfig(without)).toThrowError(
      "REBOUND_SUPPRESSION_SECRET or REBOUND_SUPPRESSION_SECRET_ID is required",
    );
    expect(() => loadConfig({ ...base, REBOUND_SUPPRESSION_SECRET_ID: id })).toThrowError(
      "set REBOUND_SUPPRESSION_SECRET or REBOUND_SUPPRESSION_SECRET_ID, not both",
    );
    expect(loadConfig({ ...without, REBOUND_SUPPRESSION_SECRET_ID: id }).secrets.suppressionSecret).toEqual({
      secretId: id,
    });
    expect(loadConfig(base).rateLimits.ingest).toEqual({ requests: 60, windowSeconds: 60 });
    expect(() => loadConfig({ ...base, REBOUND_INGEST_RATE_LIMIT: "lots" })).toThrowError(
      /REBOUND_INGEST_RATE_LIMIT: use "<requests>\/<seconds>"/,
    );
  });

  it("reads the local timers from the environment", () => {
    // Act
    const config = loadConfig({ ...base, REBOUND_SWEEP_EVERY_MS: "2500", PORT: "8080" });
    // Assess
    expect(config.local.reboundSweepEveryMs).toBe(2_500);
    expect(config.local.port).toBe(8_080);
  });
});
