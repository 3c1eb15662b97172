import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { lostReasons, sourceTypes } from "@rebound/core/lead";
import { listingPartitions } from "@rebound/core/store";
import { sweepRebounds } from "@rebound/core/usecases";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { closeLead, sweepDeps } from "../../../test/rebound";

/**
 * Segment pulls that never miss (issue 12): members of random reasons and sources enter the
 * rebound segment over time, several consumers pull with random filters and page sizes while
 * sweeps are writing, and in the end each has seen exactly the brute-force answer for its
 * filter, in entry order, once each. Then the same over the finished segment, as a property.
 */
let api: TestApi;
const reasons = ["timing", "no_budget", "chose_competitor", "no_need", "not_a_fit"] as const;
const LEADS = 60;
const START = "2026-03-02T09:00:00.000Z";

interface Member {
  key: string;
  leadId: string;
  reason: string;
  source: string;
}

/** Every member in the table, in entry order (a test-only read of the segment index). */
async function allMembers(): Promise<Member[]> {
  const out: Member[] = [];
  for (const partition of listingPartitions.reboundSegment()) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await api.table.client.send(
        new QueryCommand({
          TableName: api.table.tableName,
          IndexName: "gsi5",
          KeyConditionExpression: "gsi5pk = :p",
          ExpressionAttributeValues: { ":p": partition },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? [])
        out.push({
          key: String(item.gsi5sk),
          leadId: String((item.lead as { id: string }).id),
          reason: String(item.reason),
          source: String(item.source),
        });
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

interface Filter {
  reason?: string;
  source?: string;
}

const oracle = (members: Member[], filter: Filter) =>
  members
    .filter(
      (m) =>
        (filter.reason === undefined || m.reason === filter.reason) &&
        (filter.source === undefined || m.source === filter.source),
    )
    .map((m) => `${m.leadId}@${m.key}`);

/** A consumer that stores its cursor and pulls "what is new since" until `more` is false. */
function consumer(filter: Filter, limit: number) {
  const seen: string[] = [];
  let cursor: string | undefined;
  return {
    seen,
    async drain() {
      for (let requests = 0; requests < 500; requests++) {
        const query = new URLSearchParams({ limit: String(limit), ...filter, ...(cursor ? { cursor } : {}) });
        const response = await api.call("GET", `/v1/segments/rebound?${query}`);
        expect(response.status).toBe(200);
        const page = (await response.json()) as {
          items: { lead: { id: string }; enteredAt: string; cycle: number }[];
          next?: string;
          more: boolean;
        };
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(
          ...page.items.map(
            (m) => `${m.lead.id}@${m.enteredAt}#${m.lead.id}#${String(m.cycle).padStart(4, "0")}`,
          ),
        );
        cursor = page.next ?? cursor;
        if (!page.more) return;
      }
      throw new Error("pulling did not end");
    },
  };
}

const filters = fc.record(
  { reason: fc.constantFrom(...reasons), source: fc.constantFrom(...sourceTypes) },
  { requiredKeys: [] },
);

beforeAll(async () => {
  api = await createTestApi("segment-paging");
  api.clock.set(START);
  const picks = fc.sample(
    fc.record({
      reason: fc.constantFrom(...reasons),
      source: fc.constantFrom(...sourceTypes),
      minutes: fc.integer({ min: 1, max: 50 }),
    }),
    { numRuns: LEADS, seed: 1212 },
  );
  for (const [i, pick] of picks.entries()) {
    const response = await api.call("POST", "/v1/leads", {
      body: { email: `m${i}@segment.example`, consent: { marketing: true }, source: { type: pick.source } },
    });
    const { id } = (await response.json()) as { id: string };
    // A reason a lost deal cannot carry is a qualify-out (no_need, not_a_fit).
    const kind = (lostReasons as readonly string[]).includes(pick.reason) ? "lost" : "qualified_out";
    await closeLead(api, id, pick.reason, { kind, override: { reboundAfter: `PT${pick.minutes}M` } });
  }
});
afterAll(() => api.close());

describe("GET /v1/segments/rebound pulls never miss", () => {
  it("consumers with random filters and page sizes, pulling while sweeps write, each see their members exactly once", async () => {
    const consumers = fc
      .sample(fc.tuple(filters, fc.integer({ min: 1, max: 100 })), { numRuns: 8, seed: 77 })
      .map(([filter, limit]) => ({ filter, pull: consumer(filter, limit) }));
    // Ten rounds of five minutes: each round a sweep resurfaces what came due while every
    // consumer pulls, all at once; members younger than the settle window wait for a later pull.
    for (let round = 0; round < 11; round++) {
      api.clock.advance(5 * 60_000);
      await Promise.all([sweepRebounds(sweepDeps(api)), ...consumers.map((c) => c.pull.drain())]);
    }
    api.clock.advance(60_000);
    await Promise.all(consumers.map((c) => c.pull.drain()));
    const members = await allMembers();
    expect(members).toHaveLength(LEADS);
    for (const { filter, pull } of consumers) expect(pull.seen).toEqual(oracle(members, filter));
  });

  it("pages of the finished segment concatenated equal the oracle, for any filter and page size (property)", async () => {
    const members = await allMembers();
    await fc.assert(
      fc.asyncProperty(filters, fc.integer({ min: 1, max: 100 }), async (filter, limit) => {
        const pull = consumer(filter, limit);
        await pull.drain();
        expect(pull.seen).toEqual(oracle(members, filter));
      }),
      { numRuns: 30 },
    );
  });
});
