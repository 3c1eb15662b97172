import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LeadEvent } from "../src/events/envelope";
import {
  attributeTimeline,
  buildFunnel,
  buildRebounds,
  buildReps,
  buildSources,
  type DayRange,
  MemoryCounters,
  project,
} from "../src/reports";
import { LeadSimulator, simOpArb } from "./support/lead-simulator";
import { oracleFunnel, oracleRebounds, oracleReps, oracleSources } from "./support/oracle-reports";
import { expectSameFigures } from "./support/report-compare";
import { recount } from "./support/report-oracle";

/** Deliveries as a stream consumer sees them: every event at least once, some twice, any order. */
function deliveries(events: LeadEvent[], seed: number, duplicateEvery: number): LeadEvent[] {
  const out = [...events, ...events.filter((_, i) => i % duplicateEvery === 0)];
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A period cutting through the history: both ends anywhere from a week before its first event to a week after its last. */
const cutArb = fc.tuple(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
);
function rangeWithin(events: LeadEvent[], [a, b]: [number, number]): DayRange {
  const first = Date.parse(events[0]?.at ?? "2026-01-05T00:00:00Z") - 7 * 86_400_000;
  const last = Date.parse(events.at(-1)?.at ?? "2026-01-05T00:00:00Z") + 7 * 86_400_000;
  const day = (f: number) => new Date(first + f * (last - first)).toISOString().slice(0, 10);
  return { from: day(Math.min(a, b)), to: day(Math.max(a, b)) };
}

describe("report projection", () => {
  it("every figure equals a brute-force recount from the timelines, whatever the delivery order and duplicates", () => {
    fc.assert(
      fc.property(
        fc.array(simOpArb, { minLength: 20, maxLength: 200, size: "max" }),
        fc.integer(),
        fc.integer({ min: 1, max: 7 }),
        fc.array(cutArb, { minLength: 1, maxLength: 3 }),
        (ops, seed, duplicateEvery, cuts) => {
          const sim = new LeadSimulator().run(ops);
          const events = sim.events();
          const counters = new MemoryCounters();
          for (const event of deliveries(events, seed, duplicateEvery))
            counters.apply(event.eventId, project(event));
          const rc = recount(sim.timelines.values());
          const everything = rangeWithin(events, [0, 1]);
          for (const range of [everything, ...cuts.map((cut) => rangeWithin(events, cut))]) {
            const funnelRows = counters.read("funnel", range.from, range.to);
            for (const groupBy of ["week", "month", "source", "campaign"] as const)
              expectSameFigures(buildFunnel(funnelRows, range, groupBy), oracleFunnel(rc, range, groupBy));
            for (const groupBy of ["source", "type", "campaign"] as const)
              expectSameFigures(buildSources(funnelRows, range, groupBy), oracleSources(rc, range, groupBy));
            const repRows = counters.read("rep", range.from, range.to);
            for (const groupBy of ["rep", "week", "month"] as const)
              expectSameFigures(buildReps(repRows, range, groupBy), oracleReps(rc, range, groupBy));
            const reboundRows = counters.read("rebound", range.from, range.to);
            for (const groupBy of ["cycle", "week", "month"] as const)
              expectSameFigures(
                buildRebounds(reboundRows, funnelRows, range, groupBy),
                oracleRebounds(rc, range, groupBy),
              );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the simulated histories reach every figure the reports count (the property above is not vacuous)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(simOpArb, { minLength: 100, maxLength: 200, size: "max" }), (ops) => {
        for (const event of new LeadSimulator().run(ops).events())
          for (const inc of project(event)) seen.add(`${inc.family}:${inc.metric.replace(/\.\d+$/, "")}`);
      }),
      { numRuns: 60 },
    );
    for (const metric of [
      "funnel:reached.entered",
      "funnel:reached.sales_ready",
      "funnel:reached.handed_off",
      "funnel:reached.accepted",
      "funnel:reached.won",
      "funnel:overrides",
      "funnel:rejected.unspecified",
      "funnel:hist.accept",
      "funnel:lost.timing",
      "funnel:qualified_out.spam",
      "rep:sla.accept.kept",
      "rep:sla.accept.missed",
      "rep:sla.outcome.kept",
      "rep:sla.outcome.missed",
      "rep:breaches.accept",
      "rep:returned",
      "rep:appointments.missed_by_rep",
      "rep:appointments.rescheduled",
      "rep:followups.logged",
      "rep:followups.met",
      "rep:followups.overdue",
      "rep:rejected.no_potential",
      "rep:hist.first_follow_up",
      "rep:outcomes.recycled",
      "rebound:scheduled",
      "rebound:due",
      "rebound:cancelled.returned",
      "rebound:rebounded",
      "rebound:returned.lost",
    ])
      expect(seen, metric).toContain(metric);
  });
});

describe("attributing a timeline recorded before report facts (the backfill)", () => {
  const strip = (event: LeadEvent): LeadEvent => {
    const { attribution: _drop, ...data } = event.data as Record<string, unknown>;
    return { ...event, data };
  };

  it("tells the same facts from the events as the decisions stamped, and the same final pass", () => {
    fc.assert(
      fc.property(
        fc.array(simOpArb, { minLength: 20, maxLength: 200, size: "max" }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ops, legacyShare) => {
          const sim = new LeadSimulator().run(ops);
          for (const lead of sim.leads) {
            const timeline = sim.timelines.get(lead.id)!;
            // All of it, or its oldest part, was recorded before report facts existed.
            const legacyVersion = Math.floor(legacyShare * (timeline.at(-1)!.version + 1));
            for (const recorded of [
              timeline.map(strip),
              timeline.map((e) => (e.version <= legacyVersion ? strip(e) : e)),
            ]) {
              const { events, journey } = attributeTimeline(recorded);
              expect(events.map((e) => e.data.attribution)).toEqual(timeline.map((e) => e.data.attribution));
              expect(journey).toEqual(lead.journey);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
