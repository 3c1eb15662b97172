import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTable, type TestTable } from "../../../test/dynamo";
import { type CounterRow, counterFamilies, MemoryCounters, project, rowId } from "../src/reports";
import { ReportCounterStore } from "../src/store/report-counters";
import { LeadSimulator, simOpArb } from "./support/lead-simulator";

const byId = (rows: CounterRow[]) =>
  new Map(
    rows.map((r) => [rowId(r.family, r.day, r.dims), Object.fromEntries(Object.entries(r.counts).sort())]),
  );

describe("report counters in DynamoDB", () => {
  let table: TestTable;
  let store: ReportCounterStore;
  const now = new Date("2026-06-01T00:00:00.000Z");

  beforeAll(async () => {
    table = await createTestTable("report-counters");
    store = new ReportCounterStore(table.client, table.tableName);
  });
  afterAll(() => table?.drop());

  it("counts each event once, delivered twice, concurrently and in overlapping batches", async () => {
    const ops = fc.sample(fc.array(simOpArb, { minLength: 150, maxLength: 150 }), {
      numRuns: 1,
      seed: 3,
    })[0]!;
    const events = new LeadSimulator().run(ops).events();
    const entries = events.map((e) => ({ eventId: e.eventId, increments: project(e) }));
    const expected = new MemoryCounters();
    for (const e of entries) expected.apply(e.eventId, e.increments);
    // Overlapping windows of the stream, three at a time, plus the whole stream again.
    const windows = [0, 1, 2, 3].map((i) =>
      entries.slice(Math.floor((i * entries.length) / 5), Math.floor(((i + 2) * entries.length) / 5)),
    );
    const results = await Promise.all(windows.map((w) => store.apply(1, w, now)));
    const again = await store.apply(1, entries, now);
    const countable = entries.filter((e) => e.increments.length).length;
    expect(results.reduce((n, r) => n + r.applied, 0) + again.applied).toBe(countable);
    expect(again.duplicates).toBeGreaterThan(0);
    for (const family of counterFamilies) {
      const { rows } = await store.read(1, family, "2000-01-01", "2100-01-01");
      expect(byId(rows), family).toEqual(byId(expected.read(family, "2000-01-01", "2100-01-01")));
    }
  });

  it("reads only the days asked for, and reports the read capacity", async () => {
    const all = (await store.read(1, "rep", "2000-01-01", "2100-01-01")).rows;
    const days = [...new Set(all.map((r) => r.day))].sort();
    expect(days.length).toBeGreaterThan(2);
    const [from, to] = [days[1]!, days.at(-2)!];
    const { rows, readUnits } = await store.read(1, "rep", from, to);
    expect(byId(rows)).toEqual(byId(all.filter((r) => r.day >= from && r.day <= to)));
    expect(readUnits).toBeGreaterThan(0);
  });

  it("rebuilds into a new generation and drops the old one", async () => {
    expect(await store.generations()).toEqual({ current: 1 });
    const building = await store.beginRebuild();
    expect(building).toBe(2);
    // A second backfill resumes the open generation instead of opening another.
    expect(await store.beginRebuild()).toBe(2);
    expect(await store.generations()).toEqual({ current: 1, building: 2 });
    await store.apply(
      2,
      [
        {
          eventId: "E1",
          increments: [{ family: "rep", day: "2026-02-02", dims: { rep: "r" }, metric: "handoffs", by: 1 }],
        },
      ],
      now,
    );
    expect(await store.finishRebuild(2)).toEqual({ current: 2 });
    await expect(store.finishRebuild(2)).rejects.toThrow(/not being built/);
    expect(await store.dropGeneration(1)).toBeGreaterThan(0);
    expect((await store.read(1, "funnel", "2000-01-01", "2100-01-01")).rows).toEqual([]);
    expect((await store.read(2, "rep", "2000-01-01", "2100-01-01")).rows).toEqual([
      { family: "rep", day: "2026-02-02", dims: { rep: "r" }, counts: { handoffs: 1 } },
    ]);
  });
});
