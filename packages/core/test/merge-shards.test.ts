import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeShards, type ShardPage } from "../src/store/merge";

interface Entry {
  sk: string;
  match: boolean;
}

/**
 * A shard as DynamoDB serves one: sorted by sort key, read from a cursor (exclusive), `Limit`
 * items evaluated before the filter, LastEvaluatedKey whenever the read stopped at its limit.
 */
function shardReader(shards: Map<string, Entry[]>, descending: boolean, after: string | undefined) {
  return async (partition: string, start: Record<string, unknown> | undefined, limit: number) => {
    const sorted = [...(shards.get(partition) ?? [])].sort((a, b) =>
      descending ? b.sk.localeCompare(a.sk) : a.sk.localeCompare(b.sk),
    );
    const from = (start?.sk as string | undefined) ?? after;
    const rest = from === undefined ? sorted : sorted.filter((e) => (descending ? e.sk < from : e.sk > from));
    const read = rest.slice(0, limit);
    const more = rest.length > limit || (rest.length === limit && limit > 0);
    const last = read.at(-1);
    const page: ShardPage<Entry> = { items: read.filter((e) => e.match), scanned: read.length };
    if (more && last) Object.assign(page, { lastKey: { sk: last.sk }, lastSortKey: last.sk });
    return page;
  };
}

async function pageAll(
  shards: Map<string, Entry[]>,
  options: { limit: number; descending: boolean; budget?: { queries?: number; scanned?: number } },
) {
  const seen: string[] = [];
  let cursor: string | undefined;
  let requests = 0;
  let emptyPagesWithCursor = 0;
  do {
    const page = await mergeShards<Entry>({
      partitions: [...shards.keys()],
      limit: options.limit,
      descending: options.descending,
      sortKeyOf: (e) => e.sk,
      read: shardReader(shards, options.descending, cursor),
      ...(options.budget ? { budget: options.budget } : {}),
    });
    if (page.cursor !== undefined && cursor !== undefined)
      expect(options.descending ? page.cursor < cursor : page.cursor > cursor).toBe(true);
    if (page.items.length === 0 && page.cursor !== undefined) emptyPagesWithCursor++;
    expect(page.items.length).toBeLessThanOrEqual(options.limit);
    seen.push(...page.items.map((e) => e.sk));
    cursor = page.cursor;
    if (++requests > 10_000) throw new Error("paging did not end");
  } while (cursor !== undefined);
  return { seen, requests, emptyPagesWithCursor };
}

const shardsOf = (entries: { shard: number; id: number; match: boolean }[], count: number) => {
  const shards = new Map<string, Entry[]>();
  for (let s = 0; s < count; s++) shards.set(`P#${s}`, []);
  const used = new Set<number>();
  for (const e of entries) {
    if (used.has(e.id)) continue;
    used.add(e.id);
    shards.get(`P#${e.shard % count}`)!.push({ sk: String(e.id).padStart(6, "0"), match: e.match });
  }
  return shards;
};

const oracle = (shards: Map<string, Entry[]>, descending: boolean) =>
  [...shards.values()]
    .flat()
    .filter((e) => e.match)
    .map((e) => e.sk)
    .sort((a, b) => (descending ? b.localeCompare(a) : a.localeCompare(b)));

describe("shard merge", () => {
  it("the issue's case: 3 matches behind 40 newer non-matches in one shard are all found", async () => {
    const shards = new Map<string, Entry[]>([
      ["P#0", [...Array.from({ length: 3 }, (_, i) => ({ sk: `00${i}`, match: true }))]],
      ["P#1", Array.from({ length: 40 }, (_, i) => ({ sk: `1${String(i).padStart(2, "0")}`, match: false }))],
      ["P#2", []],
      ["P#3", []],
    ]);
    // All 43 in one shard too: the empty filtered pages must not end the listing.
    shards.get("P#1")!.push(...shards.get("P#0")!);
    shards.set("P#0", []);
    const { seen } = await pageAll(shards, { limit: 5, descending: true });
    expect(seen).toEqual(["002", "001", "000"]);
  });

  it("when the budget runs out it answers an empty page with a cursor, and paging on finds the rest", async () => {
    const shards = new Map<string, Entry[]>([
      [
        "P#0",
        [
          { sk: "000001", match: true },
          ...Array.from({ length: 300 }, (_, i) => ({ sk: `1${String(i).padStart(5, "0")}`, match: false })),
        ],
      ],
      ["P#1", []],
    ]);
    const { seen, emptyPagesWithCursor } = await pageAll(shards, {
      limit: 10,
      descending: true,
      budget: { queries: 3, scanned: 50 },
    });
    expect(seen).toEqual(["000001"]);
    expect(emptyPagesWithCursor).toBeGreaterThan(0);
  });

  it("pages concatenated equal the oracle: no repeat, no miss, for any data, filter, page size and budget", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ shard: fc.nat(7), id: fc.nat(5_000), match: fc.boolean() }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        fc.option(
          fc.record({ queries: fc.integer({ min: 0, max: 30 }), scanned: fc.integer({ min: 0, max: 500 }) }),
          {
            nil: undefined,
          },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (entries, shardCount, limit, descending, budget, density) => {
          // Thin out matches by `density` so sparse filters (long runs of non-matches) are common.
          const thinned = entries.map((e, i) => ({
            ...e,
            match: e.match && (i * 7919) % 100 < density * 100,
          }));
          const shards = shardsOf(thinned, shardCount);
          const { seen } = await pageAll(shards, { limit, descending, ...(budget ? { budget } : {}) });
          expect(seen).toEqual(oracle(shards, descending));
        },
      ),
      { numRuns: 300 },
    );
  });
});
