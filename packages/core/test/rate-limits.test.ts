import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTable, type TestTable } from "../../../test/dynamo";
import { parseRateLimit, rateWindowOf, secondsUntilReset } from "../src/auth";
import { createDocumentClient, keys, RateLimitStore } from "../src/store";

let table: TestTable;
beforeAll(async () => (table = await createTestTable("rate")));
afterAll(() => table.drop());

const at = (iso: string) => new Date(iso);

describe("rate windows (pure)", () => {
  it("are fixed, aligned to the epoch, and say how long until they reset", () => {
    expect(rateWindowOf(at("2026-03-02T09:00:59.999Z"), 60)).toEqual(
      rateWindowOf(at("2026-03-02T09:00:00Z"), 60),
    );
    expect(rateWindowOf(at("2026-03-02T09:01:00Z"), 60).start).toBe(
      rateWindowOf(at("2026-03-02T09:00:00Z"), 60).end,
    );
    expect(secondsUntilReset(at("2026-03-02T09:00:15.200Z"), 60)).toBe(45);
    expect(secondsUntilReset(at("2026-03-02T09:00:59.999Z"), 60)).toBe(1);
    expect(parseRateLimit("120/60")).toEqual({ requests: 120, windowSeconds: 60 });
    expect(parseRateLimit(" 5 / 1s ")).toEqual({ requests: 5, windowSeconds: 1 });
    for (const bad of ["", "0/60", "10/0", "10/100000", "ten/60", "10 per minute"])
      expect(parseRateLimit(bad)).toBeUndefined();
  });
});

describe("RateLimitStore (DynamoDB Local)", () => {
  it("counts one window, refuses past the budget, and starts afresh in the next window", async () => {
    const store = new RateLimitStore(table.client, table.tableName);
    const limit = { requests: 3, windowSeconds: 60 };
    const now = at("2026-03-02T09:00:10Z");
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await store.hit("key-seq", limit, now));
    expect(verdicts.map((v) => [v.allowed, v.count])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
      [false, 3],
      [false, 3],
    ]);
    const window = rateWindowOf(now, 60);
    expect(new Set(verdicts.map((v) => v.resetAt))).toEqual(new Set([window.end]));
    // Refused requests did not push the counter past the budget, and the item expires after its window.
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.rateWindow("key-seq", window.start) }),
    );
    expect(Item?.count).toBe(3);
    expect(Item?.expiresAt).toBeGreaterThan(window.end);
    expect((await store.hit("key-seq", limit, at("2026-03-02T09:01:00Z"))).allowed).toBe(true);
    // Another key has its own budget.
    expect((await store.hit("key-other", limit, now)).allowed).toBe(true);
  });

  it("holds across instances: concurrent requests through two clients get exactly the budget", async () => {
    const clients = [
      createDocumentClient({ endpoint: table.endpoint }),
      createDocumentClient({ endpoint: table.endpoint }),
    ];
    const instances = clients.map((client) => new RateLimitStore(client, table.tableName));
    const limit = { requests: 17, windowSeconds: 60 };
    const now = at("2026-03-02T09:30:00Z");
    try {
      const verdicts = await Promise.all(
        Array.from({ length: 60 }, (_, i) => instances[i % 2]!.hit("key-race", limit, now)),
      );
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(17);
      // Each allowed request saw a distinct count: no two were granted the same slot.
      expect(new Set(verdicts.filter((v) => v.allowed).map((v) => v.count)).size).toBe(17);
    } finally {
      for (const client of clients) client.destroy();
    }
  });
});
