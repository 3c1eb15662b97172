import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Lead } from "@rebound/core/lead";
import { readSegment, sweepRebounds } from "@rebound/core/usecases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { acceptedLead, repKey } from "../../../test/handoff";
import { captureWithConsent, closeLead, sweepDeps } from "../../../test/rebound";
import { keys, segmentMemberKeys } from "../../core/src/store/keys";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("consent")));
afterAll(() => api.close());

const get = async (id: string) => (await (await api.call("GET", `/v1/leads/${id}`)).json()) as Lead;

async function partition(leadId: string, prefix: string) {
  const { Items = [] } = await api.table.client.send(
    new QueryCommand({
      TableName: api.table.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
      ExpressionAttributeValues: { ":pk": `LEAD#${leadId}`, ":p": prefix },
    }),
  );
  return Items;
}

/** The lead's cycles on the rebound due queue (the due key on the lead item, store/keys.ts). */
async function queued(leadId: string): Promise<number[]> {
  const { entries } = await api.stores.reboundQueue.upcoming(new Date("2100-01-01T00:00:00.000Z"), 5_000);
  return entries.filter((e) => e.leadId === leadId).map((e) => e.cycle);
}

async function pullAll(): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await readSegment(api.stores, {
      limit: 100,
      now: api.clock.now(),
      settleMs: 0,
      ...(after ? { after } : {}),
    });
    ids.push(...page.items.map((m) => m.lead.id));
    after = page.position;
    if (!page.more) return ids;
  }
}

/** A lead lost (two delays: 6 and 12 months) that has resurfaced once: in the segment, cycle 2 pending. */
async function reboundedLead(email: string): Promise<Lead> {
  api.clock.set("2026-03-02T09:00:00.000Z");
  const policy = await api.call("PUT", "/v1/policies/rebound", { body: { default: ["P6M", "P12M"] } });
  expect(policy.status).toBe(200);
  const lead = await captureWithConsent(api, email);
  await closeLead(api, lead.id, "no_budget");
  api.clock.set("2026-09-03T00:00:00.000Z");
  await sweepRebounds(sweepDeps(api));
  const rebounded = await get(lead.id);
  expect(rebounded).toMatchObject({ status: "rebounded", rebound: { last: { cycle: 1 } } });
  expect(await partition(lead.id, "RBSEG#")).toHaveLength(1);
  expect(await queued(lead.id)).toEqual([2]);
  expect(await pullAll()).toContain(lead.id);
  return rebounded;
}

describe("permanent means permanent", () => {
  it("qualify-out for spam with reboundAfter is a 422 naming the reason, and changes nothing", async () => {
    const lead = await captureWithConsent(api, "spam@example.com");
    const response = await api.call("POST", `/v1/leads/${lead.id}/qualify-out`, {
      body: { reason: "spam", reboundAfter: "PT2S" },
    });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as {
      detail: string;
      errors: { pointer: string; code: string }[];
    };
    expect(problem.detail).toContain('"spam"');
    expect(problem.errors).toMatchObject([{ pointer: "#/reboundAfter", code: "permanent_reason" }]);
    expect(await get(lead.id)).toMatchObject({ status: lead.status, version: lead.version });
    expect(await queued(lead.id)).toEqual([]);
  });

  it("so is a loss for a reason the current policy marks never, with reboundAt; without an override nothing is scheduled", async () => {
    const put = await api.call("PUT", "/v1/policies/rebound", {
      body: { default: ["P6M"], reasons: { not_interested: "never" } },
    });
    expect(put.status).toBe(200);
    const rep = await repKey(api, "rep-never");
    const lead = await acceptedLead(api, "never@example.com", "rep-never", rep);
    const refused = await api.call("POST", `/v1/leads/${lead.id}/lost`, {
      key: rep,
      body: { reason: "not_interested", reboundAt: "2027-01-01T00:00:00Z" },
    });
    expect(refused.status).toBe(422);
    expect(
      ((await refused.json()) as { errors: { pointer: string; detail: string }[] }).errors,
    ).toMatchObject([{ pointer: "#/reboundAt", detail: expect.stringContaining("not_interested") }]);
    expect(await get(lead.id)).toMatchObject({ status: "accepted", version: lead.version });
    const lost = await api.call("POST", `/v1/leads/${lead.id}/lost`, {
      key: rep,
      body: { reason: "not_interested" },
    });
    expect(lost.status).toBe(200);
    expect(((await lost.json()) as Lead).rebound?.pending ?? []).toEqual([]);
    expect(await queued(lead.id)).toEqual([]);
  });
});

describe("consent reaches every copy", () => {
  it("a PATCH withdrawing consent removes the rebounded lead from the segment and cancels its pending rebound, in one change", async () => {
    const lead = await reboundedLead("patch-withdraw@example.com");
    const response = await api.call("PATCH", `/v1/leads/${lead.id}`, {
      body: { consent: { marketing: false } },
    });
    expect(response.status).toBe(200);
    const after = (await response.json()) as Lead;
    expect(after.version).toBe(lead.version + 1);
    expect(after.rebound?.pending).toEqual([]);
    expect(await partition(lead.id, "RBSEG#")).toHaveLength(0);
    expect(await queued(lead.id)).toEqual([]);
    // One change item per version, its events inside (store/change-items.ts).
    const events = (await partition(lead.id, "EVT#"))
      .filter((change) => change.version === after.version)
      .flatMap((change) => (change.events as { type: string }[]).map((e) => e.type));
    expect(events).toEqual(
      expect.arrayContaining(["lead.updated", "lead.consent_changed", "lead.rebound_cancelled"]),
    );
    expect(await pullAll()).not.toContain(lead.id);
  });

  it("so does a trusted capture that withdraws consent", async () => {
    const lead = await reboundedLead("capture-withdraw@example.com");
    const automation = await api.keyWith("automation");
    const response = await api.call("POST", "/v1/leads", {
      key: automation,
      body: { email: "capture-withdraw@example.com", consent: { marketing: false } },
    });
    expect(response.status).toBe(200);
    expect(await partition(lead.id, "RBSEG#")).toHaveLength(0);
    expect(await queued(lead.id)).toEqual([]);
    expect(await pullAll()).not.toContain(lead.id);
  });

  it("a segment read never returns a member whose lead has no consent, even if a membership was left behind", async () => {
    const lead = await captureWithConsent(api, "left-behind@example.com", { consent: { marketing: false } });
    // A membership no decision would write (the lead never had consent): a bug, simulated.
    const enteredAt = "2026-09-01T00:00:00.000Z";
    await api.table.client.send(
      new PutCommand({
        TableName: api.table.tableName,
        Item: {
          ...keys.segmentMember(lead.id, 1),
          ...segmentMemberKeys(lead.id, 1, enteredAt),
          entity: "segment_member",
          lead: { id: lead.id, email: lead.email },
          cycle: 1,
          enteredAt,
          from: "lost",
          reason: "timing",
          source: "api",
        },
      }),
    );
    expect(await partition(lead.id, "RBSEG#")).toHaveLength(1);
    expect(await pullAll()).not.toContain(lead.id);
  });
});
