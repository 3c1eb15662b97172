import { describe, expect, it } from "vitest";
import { withJourney } from "../src/lead/journey";
import type { Lead } from "../src/lead/lead";
import {
  bucketBounds,
  bucketOf,
  buildFunnel,
  medianOf,
  parseDayBound,
  reportCsv,
  resolveRange,
  weekOf,
} from "../src/reports";

const HOUR = 3_600_000;

function handedOff(
  at: string,
  acceptDueAt: string,
  breaches: { kind: "accept"; dueAt: string; at: string }[] = [],
): Lead {
  return {
    id: "L1",
    email: "a@example.com",
    status: "handed_off",
    ownerId: "rep-1",
    origin: { type: "webinar", id: "w1", at },
    lastSource: { type: "webinar", id: "w1", at },
    touchCount: 1,
    sourceKeys: ["webinar:w1"],
    signals: {},
    custom: {},
    handoff: {
      id: "H1",
      repId: "rep-1",
      at,
      by: "k",
      policyVersion: 1,
      acceptDueAt,
      outcomeAfter: "P30D",
      breaches,
    },
    journey: { n: 0, entry: "new", at, reached: ["entered", "sales_ready", "handed_off"] },
    createdAt: at,
    updatedAt: at,
    version: 3,
  };
}

const accept = (lead: Lead, at: string) =>
  withJourney(
    lead,
    { ...lead, status: "accepted", version: lead.version + 1 },
    [{ type: "lead.accepted", data: {} }],
    at,
  );

describe("report facts at the decision (withJourney)", () => {
  const due = "2026-03-03T09:00:00.000Z";
  const lead = handedOff("2026-03-02T09:00:00.000Z", due);

  it("an answer exactly at the deadline keeps it; a millisecond later misses it", () => {
    expect(accept(lead, due).events[0]!.data.attribution).toMatchObject({
      sla: { kind: "accept", kept: true },
    });
    expect(accept(lead, "2026-03-03T09:00:00.001Z").events[0]!.data.attribution).toMatchObject({
      sla: { kind: "accept", kept: false },
    });
  });

  it("a late answer after a recorded breach settles nothing: the breach was the miss", () => {
    const breached = handedOff("2026-03-02T09:00:00.000Z", due, [{ kind: "accept", dueAt: due, at: due }]);
    expect(accept(breached, "2026-03-04T09:00:00.000Z").events[0]!.data.attribution).not.toHaveProperty(
      "sla",
    );
  });

  it("reaching a stage is counted once per pass, on the event that explains it", () => {
    const first = accept(lead, due);
    expect(first.events[0]!.data.attribution).toMatchObject({ reached: ["accepted"] });
    expect(first.lead.journey?.reached).toEqual(["entered", "sales_ready", "handed_off", "accepted"]);
    const again = withJourney(
      first.lead,
      { ...first.lead, version: 5 },
      [{ type: "lead.follow_up_logged", data: { at: due } }],
      due,
    );
    expect(again.events[0]!.data.attribution).not.toHaveProperty("reached");
  });

  it("a rebounded lead that comes back by itself stays in its rebound pass", () => {
    const rebounded: Lead = {
      ...lead,
      status: "rebounded",
      journey: { n: 1, entry: "rebound", at: "2026-09-01T00:00:00.000Z", reached: ["entered"] },
    };
    const back = withJourney(
      rebounded,
      { ...rebounded, status: "nurturing" },
      [
        { type: "lead.touched", data: {} },
        { type: "lead.returned", data: {} },
      ],
      "2026-09-10T00:00:00.000Z",
    );
    expect(back.lead.journey).toMatchObject({ n: 1, entry: "rebound" });
    const lost: Lead = { ...rebounded, status: "lost" };
    const returning = withJourney(
      lost,
      { ...lost, status: "nurturing" },
      [{ type: "lead.returned", data: {} }],
      "2026-09-10T00:00:00.000Z",
    );
    expect(returning.lead.journey).toMatchObject({ n: 2, entry: "returning", reached: ["entered"] });
  });
});

describe("duration histogram", () => {
  it("puts every duration inside its bucket, bucket bounds included", () => {
    for (const minutes of [0, 0.5, 1, 1.19, 2, 3, 59, 60, 61, 1440, 43_200, 2 ** 10, 2 ** 10.25]) {
      const b = bucketOf(minutes * 60_000);
      const { low, high } = bucketBounds(b);
      expect(minutes / 60).toBeGreaterThanOrEqual(low);
      expect(minutes / 60).toBeLessThan(high);
    }
    expect(bucketOf(-5)).toBe(0);
  });

  it("the median is the lower median's bucket, with its bounds and count", () => {
    const hist = new Map([
      [bucketOf(2 * HOUR), 2],
      [bucketOf(30 * HOUR), 2],
    ]);
    const median = medianOf(hist)!;
    expect(median.count).toBe(4);
    expect(median.low).toBeLessThanOrEqual(2);
    expect(median.high).toBeGreaterThan(2);
    expect(median.hours / 2).toBeGreaterThan(1 / 1.1);
    expect(median.hours / 2).toBeLessThan(1.1);
    expect(medianOf(new Map())).toBeNull();
  });
});

describe("report periods", () => {
  const now = new Date("2026-03-15T17:00:00.000Z");

  it("accepts dates, instants, today and offsets", () => {
    expect(parseDayBound("2026-02-28", now)).toBe("2026-02-28");
    expect(parseDayBound("2026-03-01T23:30:00-02:00", now)).toBe("2026-03-02");
    expect(parseDayBound("today", now)).toBe("2026-03-15");
    expect(parseDayBound("-14d", now)).toBe("2026-03-01");
    expect(parseDayBound("+2w", now)).toBe("2026-03-29");
    expect(parseDayBound("-1m", now)).toBe("2026-02-15");
    expect(parseDayBound("-1y", now)).toBe("2025-03-15");
    expect(parseDayBound("2026-02-30", now)).toBeUndefined();
    expect(parseDayBound("yesterday", now)).toBeUndefined();
    expect(parseDayBound("+9999y", now)).toBeUndefined();
    expect(parseDayBound("1969-12-31", now)).toBeUndefined();
  });

  it("defaults to the last 90 days and refuses reversed or overlong periods", () => {
    expect(resolveRange({}, now)).toEqual({ range: { from: "2025-12-16", to: "2026-03-15" } });
    expect(resolveRange({ from: "2026-03-16", to: "2026-03-15" }, now)).toHaveProperty("issues");
    expect(resolveRange({ from: "2020-01-01" }, now)).toHaveProperty("issues");
    expect(resolveRange({ to: "nope" }, now)).toEqual({ issues: [expect.objectContaining({ field: "to" })] });
  });

  it("weeks start on Monday", () => {
    expect(weekOf("2026-03-15")).toBe("2026-03-09");
    expect(weekOf("2026-03-16")).toBe("2026-03-16");
  });
});

describe("report CSV", () => {
  it("is one table: a total row, then one row per group, nested figures as dotted columns", () => {
    const report = buildFunnel(
      [
        {
          family: "funnel",
          day: "2026-03-02",
          dims: { source: "form:a,b", campaign: "", entry: "new" },
          counts: { "reached.entered": 4, "reached.sales_ready": 1 },
        },
      ],
      { from: "2026-03-01", to: "2026-03-07" },
      "source",
    );
    const [header, total, group] = reportCsv(report).trimEnd().split("\r\n");
    expect(header!.split(",").slice(0, 3)).toEqual(["key", "entered", "enteredBy.new"]);
    expect(header).toContain("conversion.salesReady");
    expect(total!.startsWith("total,4,4,")).toBe(true);
    expect(group!.startsWith('"form:a,b",4,')).toBe(true);
    expect(group).toContain(",0.25,");
  });
});
