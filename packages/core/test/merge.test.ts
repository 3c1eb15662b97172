import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTable, type TestTable } from "../../../test/dynamo";
import { queryMerged } from "../src/store/merge";

let table: TestTable;
const shards = ["S#0", "S#1", "S#2", "S#3"];
const all: string[] = [];

beforeAll(async () => {
  table = await createTestTable("merge");
  // 90 items spread unevenly over four shards (one shard empty), prefixes "a#" and "b#".
  const items = Array.from({ length: 90 }, (_, i) => {
    const sk = `${i % 3 === 0 ? "a" : "b"}#${String(i).padStart(4, "0")}`;
    all.push(sk);
    return {
      pk: `ITEM#${i}`,
      sk: "X",
      gsi5pk: shards[i % 7 === 0 ? 0 : i % 2 === 0 ? 1 : 2],
      gsi5sk: sk,
      n: i,
    };
  });
  for (let i = 0; i < items.length; i += 25) {
    await table.client.send(
      new BatchWriteCommand({
        RequestItems: { [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  all.sort();
});
afterAll(() => table.drop());

async function drain(limit: number, options: { descending?: boolean; prefix?: string; filterOdd?: boolean }) {
  const seen: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 200; page++) {
    const result = await queryMerged(table.client, table.tableName, {
      // gsi5 projects every attribute, so the filter below sees `n`.
      index: "gsi5",
      partitions: shards,
      limit,
      ...(after !== undefined ? { after } : {}),
      ...(options.descending ? { descending: true } : {}),
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(options.filterOdd
        ? {
            filter: {
              FilterExpression: "#n > :min",
              ExpressionAttributeNames: { "#n": "n" },
              ExpressionAttributeValues: { ":min": 40 },
            },
          }
        : {}),
    });
    expect(result.items.length).toBeLessThanOrEqual(limit);
    seen.push(...result.items.map((i) => String(i.gsi5sk)));
    if (result.lastSortKey === undefined) return seen;
    after = result.lastSortKey;
  }
  throw new Error("did not finish");
}

describe("queryMerged over write shards", () => {
  it("returns every item exactly once in global sort order, for any page size, direction and prefix (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 40 }),
        fc.boolean(),
        fc.constantFrom(undefined, "a#", "b#"),
        async (limit, descending, prefix) => {
          const expected = all.filter((sk) => !prefix || sk.startsWith(prefix));
          if (descending) expected.reverse();
          expect(await drain(limit, { descending, ...(prefix ? { prefix } : {}) })).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("keeps order and completeness when a filter drops items after the read", async () => {
    const expected = all.filter((sk) => Number(sk.slice(2)) > 40);
    expect(await drain(5, { filterOdd: true })).toEqual(expected);
  });
});
