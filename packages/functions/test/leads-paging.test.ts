import { ManualClock, ulidGenerator } from "@rebound/core/kernel";
import { type Lead, leadStatuses, newLead, sourceTypes } from "@rebound/core/lead";
import type { LeadChange } from "@rebound/core/ports";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";

/**
 * Reads that never miss (issue 12): random leads spread over the write shards and the
 * indexes, random filters, random page sizes; following `next` from the first page to the
 * last must return exactly the brute-force answer, in order, with no repeat and no miss.
 */
let api: TestApi;
const leads: Lead[] = [];
const owners = [undefined, "rep-a", "rep-b", "rep-c"] as const;
const sourceIds = [undefined, "wb-1", "wb-2"] as const;
const LEADS = 160;

beforeAll(async () => {
  api = await createTestApi("paging");
  // Creation times spread over a year, so ids (ULIDs) interleave across shards and statuses.
  const clock = new ManualClock("2025-01-01T00:00:00.000Z");
  const ids = ulidGenerator(clock);
  const rng = fc.sample(
    fc.record({
      day: fc.integer({ min: 0, max: 364 }),
      status: fc.constantFrom(...leadStatuses),
      owner: fc.constantFrom(...owners),
      type: fc.constantFrom(...sourceTypes),
      id: fc.constantFrom(...sourceIds),
    }),
    { numRuns: LEADS, seed: 4242 },
  );
  for (const [i, r] of rng.entries()) {
    clock.set(new Date(Date.UTC(2025, 0, 1) + r.day * 86_400_000 + i * 1_000).toISOString());
    const at = clock.now().toISOString();
    const base = newLead(
      { email: `p${i}@paging.example`, source: { type: r.type, ...(r.id ? { id: r.id } : {}) } },
      ids.next(),
      at,
    );
    leads.push({ ...base, status: r.status, ...(r.owner ? { ownerId: r.owner } : {}) });
  }
  // The shape: 3 nurturing leads of webinar wb-9, then 40 newer nurturing leads of another source.
  for (let i = 0; i < 43; i++) {
    clock.set(new Date(Date.UTC(2025, 11, 30) + i * 60_000).toISOString());
    const source = i < 3 ? { type: "webinar" as const, id: "wb-9" } : { type: "referral" as const };
    leads.push({
      ...newLead({ email: `issue${i}@paging.example`, source }, ids.next(), clock.now().toISOString()),
      status: "nurturing",
    });
  }
  const changes: LeadChange[] = leads.map((lead) => ({ lead, previous: null, events: [] }));
  for (let i = 0; i < changes.length; i += 40)
    await api.stores.leads.commitAll(changes.slice(i, i + 40), clock.now());
});
afterAll(() => api.close());

interface Filter {
  email?: string;
  status?: string;
  owner?: string;
  source?: string;
}

/**
 * The brute-force answer, in the order the listing documents: newest first, except that a
 * rep's leads without a status are grouped by status and a source type without an id is
 * grouped by source id (each group newest first): the index's own order (lead-listing.ts).
 */
function oracle(filter: Filter): string[] {
  const orderKey = (l: Lead) => {
    if (filter.email !== undefined || filter.status !== undefined) return l.id;
    if (filter.owner !== undefined) return `${l.status}#${l.id}`;
    if (filter.source !== undefined && !filter.source.includes(":")) return `${l.origin.id ?? ""}#${l.id}`;
    return l.id;
  };
  return leads
    .filter((l) => filter.email === undefined || l.email === filter.email)
    .filter((l) => filter.status === undefined || l.status === filter.status)
    .filter((l) => filter.owner === undefined || l.ownerId === filter.owner)
    .filter((l) => {
      if (filter.source === undefined) return true;
      const [type, id] = filter.source.split(":");
      return l.origin.type === type && (id === undefined || l.origin.id === id);
    })
    .sort((a, b) => orderKey(b).localeCompare(orderKey(a)))
    .map((l) => l.id);
}

async function pageAll(filter: Filter, limit: number): Promise<{ ids: string[]; requests: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let requests = 0;
  do {
    const query = new URLSearchParams({
      limit: String(limit),
      ...(filter as Record<string, string>),
      ...(cursor ? { cursor } : {}),
    });
    const response = await api.call("GET", `/v1/leads?${query}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: Lead[]; next?: string };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((l) => l.id));
    cursor = page.next;
    if (++requests > 400) throw new Error(`paging did not end: ${JSON.stringify(filter)} limit ${limit}`);
  } while (cursor);
  return { ids, requests };
}

const filters = fc.record(
  {
    email: fc.constantFrom("p7@paging.example", "P12@Paging.example", "nobody@paging.example"),
    status: fc.constantFrom(...leadStatuses),
    owner: fc.constantFrom("rep-a", "rep-b", "rep-c", "rep-z"),
    source: fc.constantFrom(...sourceTypes.flatMap((t) => [t, `${t}:wb-1`, `${t}:wb-2`])),
  },
  { requiredKeys: [] },
);

describe("GET /v1/leads pages never miss", () => {
  it("returns exactly the oracle's leads, in order, for any filter combination and page size (property)", async () => {
    await fc.assert(
      fc.asyncProperty(filters, fc.integer({ min: 1, max: 100 }), async (filter, limit) => {
        const { ids } = await pageAll(filter, limit);
        expect(ids).toEqual(
          oracle({ ...filter, ...(filter.email ? { email: filter.email.toLowerCase() } : {}) }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("the issue's case: 3 matches behind 40 newer non-matches are found (not 0 items and no cursor)", async () => {
    const filter = { status: "nurturing", source: "webinar:wb-9" };
    const expected = oracle(filter);
    expect(expected).toHaveLength(3);
    for (const limit of [1, 5, 100]) expect((await pageAll(filter, limit)).ids).toEqual(expected);
  });
});
