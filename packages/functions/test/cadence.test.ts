import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { captureReady, HOUR, handOff, json, type LeadBody, repKey, timeline } from "../../../test/handoff";
import { defaultPolicyInput } from "../../core/src/qualification/policy";
import { keys } from "../../core/src/store/keys";
import { runSlaSweep, type SlaSweepResult } from "../../core/src/usecases";
import { slaSweepDeps } from "../src/api/deps";

const DAY = 24 * HOUR;
let api: TestApi;
let rep: string;

const sweep = () => json<SlaSweepResult>(api.call("POST", "/v1/admin/sweeps/sla"));
const overdue = async (leadId: string) =>
  (await timeline(api, leadId)).filter((e) => e.type === "lead.follow_up_overdue");

/** Publishes the default policy with other SLA terms. */
async function publishSla(sla: Record<string, unknown>) {
  const response = await api.call("PUT", "/v1/policies/sales-ready", {
    body: { ...defaultPolicyInput, sla },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json() as Promise<{ version: number; sla: unknown }>;
}

async function acceptedLead(email: string): Promise<LeadBody> {
  const lead = await captureReady(api, email);
  expect((await handOff(api, lead.id, "rep-c")).status).toBe(200);
  return json(api.call("POST", `/v1/leads/${lead.id}/accept`, { key: rep }));
}

beforeAll(async () => {
  api = await createTestApi("cadence");
  rep = await repKey(api, "rep-c");
});
afterAll(() => api.close());

describe("SLA terms as ISO-8601 durations, with an agreed follow-up cadence", () => {
  it("publishes ISO-8601 terms, refuses unreadable or unordered ones, and PT2M can be tried by hand", async () => {
    expect((await publishSla({ accept: "PT2M", outcome: "P30D" })).sla).toEqual({
      accept: "PT2M",
      outcome: "P30D",
      followUps: [],
    });
    for (const sla of [
      { accept: "24h", outcome: "P30D" },
      { accept: "PT30S", outcome: "P30D" },
      { accept: "PT24H", outcome: "P30D", followUps: ["P7D", "P2D"] },
      { acceptHours: 24, outcomeHours: 720 },
    ]) {
      const response = await api.call("PUT", "/v1/policies/sales-ready", {
        body: { ...defaultPolicyInput, sla },
      });
      expect(response.status, JSON.stringify(sla)).toBe(422);
    }
    const lead = await captureReady(api, "two-minutes@example.com");
    const handed = await json(handOff(api, lead.id, "rep-c"));
    expect(Date.parse(handed.handoff!.acceptDueAt) - api.clock.now().getTime()).toBe(2 * 60_000);
    api.clock.advance(3 * 60_000);
    expect(await sweep()).toMatchObject({ breached: 1 });
  });

  it("records each agreed follow-up not made in its window once, even across concurrent sweeps", async () => {
    await publishSla({ accept: "PT24H", outcome: "P30D", followUps: ["P2D", "P7D", "P14D"] });
    const leads = [await acceptedLead("cadence-a@example.com"), await acceptedLead("cadence-b@example.com")];
    const accepted = await timeline(api, leads[0]!.id);
    expect(accepted.at(-1)).toMatchObject({
      type: "lead.accepted",
      data: { followUpsDue: expect.any(Array) },
    });
    // Day 1: lead A's first follow-up is made in its window; lead B's is not.
    api.clock.advance(DAY);
    await json(
      api.call("POST", `/v1/leads/${leads[0]!.id}/follow-ups`, {
        key: rep,
        body: { channel: "phone", note: "Called." },
      }),
    );
    expect((await timeline(api, leads[0]!.id)).at(-1)).toMatchObject({
      type: "lead.follow_up_logged",
      data: { cadence: { point: 1 } },
    });
    // Day 8: both second windows closed without a follow-up, and B's first one too.
    api.clock.advance(7 * DAY);
    const runs = await Promise.all([
      ...Array.from({ length: 3 }, (_, i) => runSlaSweep({ ...slaSweepDeps(api.deps), concurrency: 1 + i })),
      sweep(),
      sweep(),
    ]);
    expect(runs.reduce((n, run) => n + run.followUpsOverdue, 0)).toBe(3);
    expect(runs.every((run) => run.failed === 0 && run.breached === 0)).toBe(true);
    expect((await overdue(leads[0]!.id)).map((e) => e.data.point)).toEqual([2]);
    expect((await overdue(leads[1]!.id)).map((e) => e.data.point)).toEqual([1, 2]);
    expect(await sweep()).toMatchObject({ followUpsOverdue: 0 });
    // A follow-up made now meets the third window; nothing is left to miss.
    await json(
      api.call("POST", `/v1/leads/${leads[0]!.id}/follow-ups`, {
        key: rep,
        body: { channel: "email", note: "Sent the quote." },
      }),
    );
    api.clock.advance(10 * DAY);
    expect(await sweep()).toMatchObject({ followUpsOverdue: 1 });
    expect((await overdue(leads[0]!.id)).map((e) => e.data.point)).toEqual([2]);
    expect((await overdue(leads[1]!.id)).map((e) => e.data.point)).toEqual([1, 2, 3]);
    const lead = await json(api.call("GET", `/v1/leads/${leads[0]!.id}`));
    expect(
      (lead.handoff as unknown as { followUps: { settled: string }[] }).followUps.map((p) => p.settled),
    ).toEqual(["met", "overdue", "met"]);
  });

  it("stops the cadence with the hand-off's outcome", async () => {
    const lead = await acceptedLead("cadence-won@example.com");
    await json(api.call("POST", `/v1/leads/${lead.id}/won`, { key: rep, body: { kind: "sale" } }));
    api.clock.advance(30 * DAY);
    await sweep();
    expect(await overdue(lead.id)).toEqual([]);
  });
});

describe("terms stored before ISO-8601 SLAs still read", () => {
  it("a policy version written with acceptHours/outcomeHours is migrated when read, and hands off with its terms", async () => {
    const { client, tableName } = api.stores.table;
    const current = (await json<{ version: number }>(api.call("GET", "/v1/policies/sales-ready"))).version;
    const legacy = {
      ...defaultPolicyInput,
      sla: { acceptHours: 6, outcomeHours: 48 },
      version: current + 1,
      createdAt: api.clock.now().toISOString(),
      createdBy: "an older release",
    };
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.policyVersion("sales-ready", legacy.version), entity: "policy_version", ...legacy },
      }),
    );
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.policyCurrent("sales-ready"), entity: "policy_current", ...legacy },
      }),
    );
    expect((await json<{ sla: unknown }>(api.call("GET", "/v1/policies/sales-ready"))).sla).toEqual({
      accept: "PT6H",
      outcome: "PT48H",
      followUps: [],
    });
    const lead = await captureReady(api, "legacy-terms@example.com");
    const handed = await json(handOff(api, lead.id, "rep-c"));
    expect(Date.parse(handed.handoff!.acceptDueAt) - api.clock.now().getTime()).toBe(6 * HOUR);
  });

  it("a hand-off recorded with outcomeHours is migrated when read: accepting it starts that outcome clock", async () => {
    const lead = await captureReady(api, "legacy-handoff@example.com");
    await handOff(api, lead.id, "rep-c");
    const { client, tableName } = api.stores.table;
    const stored = (await api.stores.leads.get(lead.id))!;
    const { outcomeAfter: _now, ...handoff } = stored.handoff!;
    const item = {
      ...keys.lead(lead.id),
      ...(await import("../../core/src/store/keys")).leadIndexKeys(stored),
      entity: "lead",
      ...stored,
      handoff: { ...handoff, outcomeHours: 36 },
    };
    await client.send(new PutCommand({ TableName: tableName, Item: item }));
    const accepted = await json(api.call("POST", `/v1/leads/${lead.id}/accept`, { key: rep }));
    expect(Date.parse(accepted.handoff!.outcomeDueAt!) - api.clock.now().getTime()).toBe(36 * HOUR);
  });
});
