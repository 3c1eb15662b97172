import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTable, type TestTable } from "../../../test/dynamo";
import type { CandidateRow } from "../src/intake";
import { ManualClock, ulidGenerator } from "../src/kernel";
import { createStores, type LeadStore } from "../src/store";
import { storeErrorOf } from "../src/store/transact";
import { captureLead, type ImportDeps, importLeads } from "../src/usecases";

let table: TestTable;
beforeAll(async () => (table = await createTestTable("import-core")));
afterAll(() => table.drop());

const actor = { kind: "system" as const, id: "test" };
const options = { actor, budgetMs: 60_000, concurrency: 8 };

function depsWith(commit?: (original: LeadStore["commit"]) => LeadStore["commit"]): ImportDeps {
  const stores = createStores(table.client, table.tableName);
  const clock = new ManualClock("2026-03-02T10:00:00.000Z");
  const original = stores.leads.commit.bind(stores.leads);
  const leads = Object.assign(Object.create(stores.leads) as LeadStore, {
    commit: commit ? commit(original) : original,
  });
  return {
    leads,
    idempotency: stores.idempotency,
    bulk: stores.bulk,
    policies: stores.policies,
    suppression: { secret: () => "test-suppression-secret", list: stores.erasure },
    clock,
    ids: ulidGenerator(clock),
    sleep: async () => {},
  };
}

const rows = (prefix: string, n: number): CandidateRow[] =>
  Array.from({ length: n }, (_, i) => ({
    row: i + 1,
    input: { email: `${prefix}${i}@x.io`, source: { type: "webinar", id: prefix } },
  }));

describe("importLeads against DynamoDB Local", () => {
  it("a row whose person is captured by a racing single capture, after the import read the table, ends as one lead touched twice", async () => {
    const deps = depsWith((commit) => {
      let raced = false;
      return async (change, now) => {
        if (!raced && change.lead.email === "race1@x.io") {
          raced = true;
          // Between the import's batch read ("no such lead") and its write, a form submit creates the lead.
          await captureLead(depsWith(), { email: "race1@x.io", source: { type: "form" } }, actor);
        }
        return commit(change, now);
      };
    });
    const result = await importLeads(deps, rows("race", 3), options);
    expect(result.rows.map((r) => r.status)).toEqual(["created", "touched", "created"]);
    const id = await deps.leads.leadIdByEmail("race1@x.io");
    expect(await deps.leads.get(id!)).toMatchObject({
      touchCount: 2,
      version: 2,
      sourceKeys: ["form", "webinar:race"],
    });
  });

  it("two posts of one file at once write each person once; both answer alike", {
    timeout: 120_000,
  }, async () => {
    const [a, b] = await Promise.all([
      importLeads(depsWith(), rows("twin", 40), options),
      importLeads(depsWith(), rows("twin", 40), options),
    ]);
    expect(a.summary.written + b.summary.written).toBe(40);
    expect(a.rows.map((r) => [r.status, "leadId" in r && r.leadId])).toEqual(
      b.rows.map((r) => [r.status, "leadId" in r && r.leadId]),
    );
    const lead = await depsWith().leads.get((await depsWith().leads.leadIdByEmail("twin7@x.io"))!);
    expect(lead).toMatchObject({ touchCount: 1, version: 1 });
  });

  it("stops starting writes when the time budget is spent; a re-post replays what was written and finishes the rest", async () => {
    let written = 0;
    let ms = 0;
    const deps: ImportDeps = {
      ...depsWith((commit) => async (change, now) => {
        await commit(change, now);
        if (++written === 7) ms = 10_000; // the clock jumps past the budget after the 7th write
      }),
      elapsed: () => ms,
    };
    const first = await importLeads(deps, rows("budget", 20), {
      ...options,
      budgetMs: 5_000,
      concurrency: 1,
    });
    expect(first.complete).toBe(false);
    expect(first.summary).toMatchObject({ created: 7, pending: 13, written: 7 });
    expect(first.rows[10]).toMatchObject({
      status: "pending",
      detail: expect.stringMatching(/re-post the same file/),
    });
    const second = await importLeads(depsWith(), rows("budget", 20), options);
    expect(second).toMatchObject({ complete: true, summary: { created: 20, written: 13, replayed: 7 } });
  });

  it("retries throttling and transaction conflicts with backoff, as real DynamoDB raises them", async () => {
    const failures = [
      new TransactionCanceledException({
        message: "conflict",
        $metadata: {},
        CancellationReasons: [{ Code: "TransactionConflict" }],
      }),
      Object.assign(new Error("slow down"), { name: "ThrottlingException", $metadata: {} }),
    ];
    const deps = depsWith((commit) => async (change, now) => {
      const failure = failures.shift();
      // As the store passes the SDK's errors up (storeErrorOf).
      if (failure) throw storeErrorOf(failure);
      return commit(change, now);
    });
    const result = await importLeads(deps, rows("retry", 1), { ...options, concurrency: 1 });
    expect(result.rows).toEqual([{ row: 1, status: "created", leadId: expect.any(String) }]);
    expect(failures).toHaveLength(0);
  });

  it("a store error on one row leaves that row pending and the others written; a bug fails loudly", async () => {
    const deps = depsWith((commit) => async (change, now) => {
      if (change.lead.email === "err1@x.io")
        throw storeErrorOf(
          Object.assign(new Error("item too large"), { name: "ValidationException", $metadata: {} }),
        );
      return commit(change, now);
    });
    const result = await importLeads(deps, rows("err", 3), options);
    expect(result.rows.map((r) => r.status)).toEqual(["created", "pending", "created"]);
    const buggy = depsWith(() => async () => {
      throw new TypeError("bug");
    });
    await expect(importLeads(buggy, rows("bug", 2), options)).rejects.toThrow("bug");
  });
});
