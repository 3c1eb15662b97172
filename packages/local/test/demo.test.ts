import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTable, type TestTable } from "../../../test/dynamo";
import { loadConfig } from "../../functions/src/config";
import { loadDemo, TableNotEmptyError } from "../src/demo";

const start = new Date("2025-09-01T00:00:00.000Z");
let tables: TestTable[];

const configOf = (table: TestTable) =>
  loadConfig({
    REBOUND_TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    REBOUND_CURSOR_SECRET: "demo-test-cursor-secret",
    REBOUND_SUPPRESSION_SECRET: "demo-test-suppression-secret",
  });

/** Every lead and its timeline, as ids and event types: what two runs of the same seed must share. */
async function contents(table: TestTable) {
  const { LeadStore } = await import("../../core/src/store");
  const leads = new LeadStore(table.client, table.tableName);
  const out: string[] = [];
  let after: string | undefined;
  do {
    const page = await leads.list({}, 100, after);
    for (const lead of page.items) {
      const events = (await leads.timeline(lead.id, 100, undefined)).items;
      out.push(`${lead.id} ${lead.status} ${events.map((e) => `${e.eventId}:${e.type}`).join(",")}`);
    }
    after = page.lastSortKey;
  } while (after);
  return out.sort();
}

beforeAll(async () => {
  tables = [await createTestTable("demo-a"), await createTestTable("demo-b")];
});
afterAll(async () => {
  for (const table of tables) await table.drop();
});

describe("the demo year (npm run demo)", () => {
  it("plays the same weeks the same way for the same seed, through the use cases", async () => {
    const [a, b] = await Promise.all(tables.map((table) => loadDemo(configOf(table), { start, weeks: 3 })));
    expect(a!.leads).toBeGreaterThan(20);
    expect(a!.handoffs).toBeGreaterThan(0);
    expect({ ...b, seconds: 0 }).toEqual({ ...a, seconds: 0 });
    const [first, second] = await Promise.all(tables.map(contents));
    expect(first!.length).toBe(a!.leads);
    expect(second).toEqual(first);
  });

  it("refuses a table that already holds leads", async () => {
    await expect(loadDemo(configOf(tables[0]!), { start, weeks: 1 })).rejects.toBeInstanceOf(
      TableNotEmptyError,
    );
  });
});
