import { describe, expect, it } from "vitest";
import { addIsoDuration, parseDuration } from "../src/kernel/duration";
import type { Lead } from "../src/lead";
import { defaultReboundPolicy, delaysFor, planRebound } from "../src/rebound";

describe("ISO-8601 durations", () => {
  it("parses calendar and clock parts and rejects empty or malformed ones", () => {
    expect(parseDuration("P1Y2M3W4DT5H6M7S")).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7,
    });
    expect(parseDuration("PT30S")).toMatchObject({ seconds: 30 });
    for (const bad of ["", "P", "PT", "6M", "P6", "PT5", "P-1M", "P1.5M", "P0D", "P1MT"])
      expect(parseDuration(bad), bad).toBeUndefined();
  });

  it("adds calendar months, clamping to the end of shorter months", () => {
    expect(addIsoDuration(new Date("2026-01-31T10:00:00Z"), "P1M").toISOString()).toBe(
      "2026-02-28T10:00:00.000Z",
    );
    expect(addIsoDuration(new Date("2024-01-31T00:00:00Z"), "P1M").toISOString()).toBe(
      "2024-02-29T00:00:00.000Z",
    );
    expect(addIsoDuration(new Date("2026-03-02T09:00:00Z"), "P6M").toISOString()).toBe(
      "2026-09-02T09:00:00.000Z",
    );
    expect(addIsoDuration(new Date("2026-03-02T09:00:00Z"), "P1Y").toISOString()).toBe(
      "2027-03-02T09:00:00.000Z",
    );
    expect(addIsoDuration(new Date("2026-12-15T00:00:00Z"), "P3M").toISOString()).toBe(
      "2027-03-15T00:00:00.000Z",
    );
  });

  it("adds days, weeks, hours, minutes and seconds", () => {
    expect(addIsoDuration(new Date("2026-03-02T09:00:00Z"), "PT30S").toISOString()).toBe(
      "2026-03-02T09:00:30.000Z",
    );
    expect(addIsoDuration(new Date("2026-03-02T09:00:00Z"), "PT5M").toISOString()).toBe(
      "2026-03-02T09:05:00.000Z",
    );
    expect(addIsoDuration(new Date("2026-03-30T23:00:00Z"), "P1DT2H").toISOString()).toBe(
      "2026-04-01T01:00:00.000Z",
    );
    expect(addIsoDuration(new Date("2026-03-02T00:00:00Z"), "P2W").toISOString()).toBe(
      "2026-03-16T00:00:00.000Z",
    );
  });
});

const lead = (over: Partial<Lead> = {}): Lead => ({
  id: "01JAAAAAAAAAAAAAAAAAAAAAAA",
  email: "a@example.com",
  consent: { marketing: true, updatedAt: "2026-01-01T00:00:00.000Z" },
  status: "accepted",
  origin: { type: "form", at: "2026-01-01T00:00:00.000Z" },
  lastSource: { type: "form", at: "2026-01-01T00:00:00.000Z" },
  touchCount: 1,
  sourceKeys: ["form"],
  signals: {},
  custom: {},
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  version: 3,
  ...over,
});

describe("planRebound (pure)", () => {
  const now = "2026-03-02T09:00:00.000Z";
  it("schedules one entry per delay of the reason, numbered as cycles", () => {
    const plan = planRebound({
      lead: lead(),
      kind: "lost",
      reason: "no_budget",
      policy: defaultReboundPolicy,
      now,
    });
    expect(plan.entries.map((e) => [e.cycle, e.dueAt])).toEqual([
      [1, "2026-09-02T09:00:00.000Z"],
      [2, "2027-03-02T09:00:00.000Z"],
    ]);
    expect(plan.events.map((e) => e.type)).toEqual(["lead.rebound_scheduled", "lead.rebound_scheduled"]);
    expect(plan.effects).toHaveLength(2);
    expect(plan.rebound).toMatchObject({ cycles: 2, pending: [{ cycle: 1 }, { cycle: 2 }] });
  });

  it("schedules nothing for a permanent reason or without marketing consent; default delay otherwise", () => {
    expect(
      planRebound({ lead: lead(), kind: "qualified_out", reason: "spam", policy: defaultReboundPolicy, now })
        .entries,
    ).toEqual([]);
    expect(
      planRebound({
        lead: lead({ consent: { marketing: false, updatedAt: now } }),
        kind: "lost",
        reason: "timing",
        policy: defaultReboundPolicy,
        now,
      }).entries,
    ).toEqual([]);
    expect(
      planRebound({
        lead: lead({ consent: undefined as never }),
        kind: "lost",
        reason: "timing",
        policy: defaultReboundPolicy,
        now,
      }).entries,
    ).toEqual([]);
    expect(delaysFor(defaultReboundPolicy, "other")).toEqual(["P6M"]);
  });

  it("honours a per-lead override and supersedes pending rebounds of an earlier outcome", () => {
    const first = planRebound({
      lead: lead(),
      kind: "lost",
      reason: "timing",
      policy: defaultReboundPolicy,
      now,
      override: { reboundAfter: "PT30S" },
    });
    expect(first.entries.map((e) => e.dueAt)).toEqual(["2026-03-02T09:00:30.000Z"]);
    const again = planRebound({
      lead: lead({ rebound: first.rebound }),
      kind: "lost",
      reason: "timing",
      policy: defaultReboundPolicy,
      now,
      override: { reboundAt: "2026-05-01T00:00:00Z" },
    });
    expect(again.entries).toMatchObject([{ cycle: 2, dueAt: "2026-05-01T00:00:00.000Z" }]);
    expect(again.events.map((e) => e.type)).toEqual(["lead.rebound_cancelled", "lead.rebound_scheduled"]);
    expect(again.effects.map((x) => x.type)).toEqual(["rebound.cancel", "rebound.schedule"]);
  });
});
