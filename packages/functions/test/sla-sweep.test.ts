import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { createTestTable } from "../../../test/dynamo";
import { captureReady, HOUR, handOff, json, type LeadBody, repKey, timeline } from "../../../test/handoff";
import { parseSlaPolicy } from "../../core/src/handoff";
import { slaDueKeys } from "../../core/src/store/keys";
import { runSlaSweep, type SlaSweepResult } from "../../core/src/usecases";
import { slaSweepDeps } from "../src/api/deps";
import { loadConfig } from "../src/config";

let api: TestApi;
let rep: string;
beforeAll(async () => {
  api = await createTestApi("sla");
  rep = await repKey(api, "rep-s");
});
afterAll(() => api.close());

const sweep = async (target: TestApi = api) =>
  json<SlaSweepResult>(target.call("POST", "/v1/admin/sweeps/sla"));
const breaches = async (target: TestApi, leadId: string) =>
  (await timeline(target, leadId)).filter((e) => e.type === "lead.sla_breached");

async function handedOff(target: TestApi, count: number, prefix: string): Promise<LeadBody[]> {
  const leads: LeadBody[] = [];
  for (let i = 0; i < count; i++) {
    const lead = await captureReady(target, `${prefix}-${i}@example.com`);
    await handOff(target, lead.id, "rep-s");
    leads.push(lead);
  }
  return leads;
}

describe("SLA sweep (flag)", () => {
  it("records an unaccepted hand-off once its deadline has passed, once, and keeps it with the rep", async () => {
    const leads = await handedOff(api, 3, "late");
    api.clock.advance(23 * HOUR);
    expect(await sweep()).toMatchObject({ due: 0, breached: 0, complete: true });
    api.clock.advance(2 * HOUR);
    expect(await sweep()).toMatchObject({ due: 3, breached: 3, returnedToMarketing: 0, complete: true });
    for (const lead of leads) {
      const events = await breaches(api, lead.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        actor: { kind: "system", id: "sla-sweep" },
        data: { kind: "accept", repId: "rep-s", action: "flagged" },
      });
      expect(await json(api.call("GET", `/v1/leads/${lead.id}`))).toMatchObject({
        status: "handed_off",
        ownerId: "rep-s",
        handoff: { breaches: [{ kind: "accept" }] },
      });
    }
    expect(await sweep()).toMatchObject({ due: 0, breached: 0 });
    // A late acceptance is allowed, marked late, and starts the outcome clock, which is swept in turn.
    const accepted = await json(api.call("POST", `/v1/leads/${leads[0]!.id}/accept`, { key: rep }));
    expect(accepted.status).toBe("accepted");
    expect((await timeline(api, leads[0]!.id)).at(-1)).toMatchObject({
      type: "lead.accepted",
      data: { late: true },
    });
    api.clock.advance(30 * 24 * HOUR + HOUR);
    expect(await sweep()).toMatchObject({ breached: 1 });
    expect((await breaches(api, leads[0]!.id)).map((e) => e.data.kind)).toEqual(["accept", "outcome"]);
    expect(await sweep()).toMatchObject({ due: 0 });
    for (const lead of leads.slice(1))
      await api.call("POST", `/v1/leads/${lead.id}/reject`, { key: rep, body: { reason: "cleanup" } });
  });

  it("records nothing for a hand-off answered in time, or an outcome recorded in time", async () => {
    const [lead] = await handedOff(api, 1, "on-time");
    api.clock.advance(HOUR);
    await api.call("POST", `/v1/leads/${lead!.id}/accept`, { key: rep });
    api.clock.advance(24 * HOUR);
    await api.call("POST", `/v1/leads/${lead!.id}/won`, { key: rep, body: { kind: "sale" } });
    api.clock.advance(60 * 24 * HOUR);
    expect(await sweep()).toMatchObject({ due: 0, breached: 0 });
    expect(await breaches(api, lead!.id)).toEqual([]);
  });

  it("records each breach exactly once across overlapping concurrent runs and repeats", async () => {
    const leads = await handedOff(api, 12, "overlap");
    api.clock.advance(25 * HOUR);
    const runs = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) =>
        runSlaSweep({ ...slaSweepDeps(api.deps), concurrency: 1 + i, pageSize: 3 + i }),
      ),
      sweep(),
      sweep(),
    ]);
    expect(runs.reduce((sum, run) => sum + run.breached, 0)).toBe(12);
    expect(runs.every((run) => run.failed === 0 && run.complete)).toBe(true);
    // The runs really overlapped: entries were seen by more than one run.
    expect(runs.reduce((sum, run) => sum + run.due, 0)).toBeGreaterThan(12);
    for (let i = 0; i < 2; i++) expect(await sweep()).toMatchObject({ due: 0, breached: 0 });
    for (const lead of leads) expect(await breaches(api, lead.id)).toHaveLength(1);
  });

  it("stops at its time budget and leaves the rest to the next run", async () => {
    const leads = await handedOff(api, 6, "budget");
    api.clock.advance(25 * HOUR);
    let ticks = 0;
    // Each budget check costs one tick: start, page, first chunk, then the next page is over budget.
    const first = await runSlaSweep({
      ...slaSweepDeps(api.deps),
      budgetMs: 3,
      timer: () => ticks++,
      pageSize: 2,
      concurrency: 2,
    });
    expect(first).toMatchObject({ due: 2, breached: 2, complete: false });
    const second = await runSlaSweep(slaSweepDeps(api.deps));
    expect(second).toMatchObject({ due: 4, breached: 4, complete: true });
    for (const lead of leads) expect(await breaches(api, lead.id)).toHaveLength(1);
  });

  it("is an admin operation", async () => {
    expect((await api.call("POST", "/v1/admin/sweeps/sla", { key: rep })).status).toBe(403);
  });
});

describe("SLA sweep (return_to_marketing)", () => {
  let returning: TestApi;
  let returningRep: string;
  beforeAll(async () => {
    returning = await createTestApi("sla-return", {
      REBOUND_SLA_POLICY: "accept=return_to_marketing,outcome=flag",
    });
    returningRep = await repKey(returning, "rep-s");
  });
  afterAll(() => returning.close());

  it("sends an unaccepted hand-off back to marketing: nurturing, unowned, out of the rep's queue", async () => {
    const [lead] = await handedOff(returning, 1, "returned");
    returning.clock.advance(25 * HOUR);
    expect(await sweep(returning)).toMatchObject({ breached: 1, returnedToMarketing: 1 });
    const current = await json(returning.call("GET", `/v1/leads/${lead!.id}`));
    expect(current).toMatchObject({ status: "nurturing", handoff: { breaches: [{ kind: "accept" }] } });
    expect(current).not.toHaveProperty("ownerId");
    expect((await breaches(returning, lead!.id))[0]).toMatchObject({
      data: { action: "returned_to_marketing", from: "handed_off", to: "nurturing" },
    });
    // No longer handed to this rep: a rep's key gets 403 on a lead that is not theirs (issue 12),
    // before anything about the lead's status is revealed.
    expect((await returning.call("POST", `/v1/leads/${lead!.id}/accept`, { key: returningRep })).status).toBe(
      403,
    );
    const queue = await json<{ items: unknown[] }>(
      returning.call("GET", "/v1/reps/rep-s/leads?status=handed_off", { key: returningRep }),
    );
    expect(queue.items).toEqual([]);
  });

  it("applies each clock's own action: a late outcome is flagged, the lead stays with the rep", async () => {
    const [lead] = await handedOff(returning, 1, "outcome-flag");
    await returning.call("POST", `/v1/leads/${lead!.id}/accept`, { key: returningRep });
    returning.clock.advance(31 * 24 * HOUR);
    expect(await sweep(returning)).toMatchObject({ breached: 1, returnedToMarketing: 0 });
    expect(await json(returning.call("GET", `/v1/leads/${lead!.id}`))).toMatchObject({
      status: "accepted",
      ownerId: "rep-s",
    });
  });
});

describe("wiring", () => {
  it("REBOUND_SLA_POLICY takes one action or one per clock, and refuses anything else", () => {
    expect(parseSlaPolicy("return_to_marketing")).toEqual({
      accept: "return_to_marketing",
      outcome: "return_to_marketing",
    });
    expect(parseSlaPolicy("outcome=return_to_marketing")).toEqual({
      accept: "flag",
      outcome: "return_to_marketing",
    });
    expect(parseSlaPolicy("accept=ignore")).toBeUndefined();
    expect(() =>
      loadConfig({
        REBOUND_TABLE_NAME: "t-x",
        REBOUND_CURSOR_SECRET: "0123456789abcdef",
        REBOUND_SUPPRESSION_SECRET: "0123456789abcdef",
        REBOUND_SLA_POLICY: "shrug",
      }),
    ).toThrow(/Invalid configuration/);
  });

  it("the Lambda handler sweeps the configured table (here: removes an entry whose lead is gone)", async () => {
    const table = await createTestTable("sla-handler");
    try {
      const orphan = {
        pk: "LEAD#01ARZ3NDEKTSV4RRFFQ69G5FAV",
        sk: "SLA#accept",
        ...slaDueKeys("01ARZ3NDEKTSV4RRFFQ69G5FAV", "accept", "2000-01-01T00:00:00.000Z"),
        leadId: "01ARZ3NDEKTSV4RRFFQ69G5FAV",
        kind: "accept",
        handoffId: "H",
        dueAt: "2000-01-01T00:00:00.000Z",
      };
      await table.client.send(new PutCommand({ TableName: table.tableName, Item: orphan }));
      Object.assign(process.env, {
        REBOUND_TABLE_NAME: table.tableName,
        DYNAMODB_ENDPOINT: table.endpoint,
        REBOUND_CURSOR_SECRET: "test-cursor-secret-0123456789",
        REBOUND_SUPPRESSION_SECRET: "test-suppression-secret-0123456789",
      });
      const { handler } = await import("../src/sweeps/sla");
      const result = await handler(undefined, { getRemainingTimeInMillis: () => 60_000 });
      expect(result).toMatchObject({ due: 1, stale: 1, breached: 0, complete: true });
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.tableName, Key: { pk: orphan.pk, sk: orphan.sk } }),
      );
      expect(Item).toBeUndefined();
    } finally {
      await table.drop();
    }
  });
});
