import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { StoreUnavailableError } from "@rebound/core/kernel";
import type { Lead } from "@rebound/core/lead";
import { readSegment, sweepRebounds } from "@rebound/core/usecases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import {
  captureWithConsent,
  closeLead,
  recycleLead,
  sweepDeps,
  timelineTypes,
  winLead,
} from "../../../test/rebound";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("rebound")));
afterAll(() => api.close());

const DAY = 86_400_000;
const get = async (id: string) => (await (await api.call("GET", `/v1/leads/${id}`)).json()) as Lead;
const count = (types: string[], type: string) => types.filter((t) => t === type).length;

async function members(leadId: string) {
  const { Items = [] } = await api.table.client.send(
    new QueryCommand({
      TableName: api.table.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :p)",
      ExpressionAttributeValues: { ":pk": `LEAD#${leadId}`, ":p": "RBSEG#" },
    }),
  );
  return Items;
}

describe("rebound sweep", () => {
  it("each delay fires once, on its day: lost → rebounded (cycle 1), then a new membership (cycle 2)", async () => {
    api.clock.set("2026-03-02T09:00:00.000Z");
    const lead = await captureWithConsent(api, "budget@example.com");
    await closeLead(api, lead.id, "no_budget", { competitor: "Rival" });
    expect((await get(lead.id)).rebound?.pending.map((p) => p.dueAt)).toEqual([
      "2026-09-02T09:00:00.000Z",
      "2027-03-02T09:00:00.000Z",
    ]);

    api.clock.set("2026-09-02T08:59:59.000Z");
    expect(await sweepRebounds(sweepDeps(api))).toMatchObject({ rebounded: 0 });
    api.clock.set("2026-09-02T09:00:00.000Z");
    expect(await sweepRebounds(sweepDeps(api))).toMatchObject({ rebounded: 1 });
    expect(await sweepRebounds(sweepDeps(api))).toMatchObject({ rebounded: 0 });
    expect(await get(lead.id)).toMatchObject({
      status: "rebounded",
      rebound: { last: { cycle: 1 } },
      closed: { kind: "lost", reason: "no_budget", competitor: "Rival" },
    });

    api.clock.set("2027-03-03T00:00:00.000Z");
    expect(await sweepRebounds(sweepDeps(api))).toMatchObject({ rebounded: 1 });
    expect(await sweepRebounds(sweepDeps(api))).toMatchObject({ rebounded: 0 });
    const types = await timelineTypes(api, lead.id);
    expect(count(types, "lead.rebounded")).toBe(2);
    expect((await members(lead.id)).map((m) => m.cycle)).toEqual([1, 2]);
    expect((await get(lead.id)).rebound?.pending).toEqual([]);
  });

  it("a rebounded lead that is won or recycled through the API drops its remaining cycles", async () => {
    api.clock.set("2026-03-02T09:00:00.000Z");
    const [won, recycled] = await Promise.all([
      captureWithConsent(api, "won-later@example.com"),
      captureWithConsent(api, "recycled-later@example.com"),
    ]);
    for (const lead of [won, recycled]) await closeLead(api, lead.id, "no_budget"); // two cycles: P6M, P12M
    api.clock.set("2026-09-03T00:00:00.000Z");
    expect(await sweepRebounds(sweepDeps(api))).toMatchObject({ rebounded: 2 });
    expect((await get(won.id)).rebound?.pending).toHaveLength(1);
    expect(await winLead(api, won.id)).toMatchObject({ status: "won", rebound: { pending: [] } });
    expect(await recycleLead(api, recycled.id, "2026-12-01T00:00:00.000Z")).toMatchObject({
      status: "recycled",
      rebound: { pending: [] },
    });
    for (const lead of [won, recycled])
      expect(count(await timelineTypes(api, lead.id), "lead.rebound_cancelled")).toBe(1);
    api.clock.set("2027-03-03T00:00:00.000Z");
    expect(await sweepRebounds(sweepDeps(api))).toMatchObject({ rebounded: 0 });
  });

  it("overlapping sweeps never double-resurface", async () => {
    api.clock.set("2026-03-02T09:00:00.000Z");
    const leads = await Promise.all(
      Array.from({ length: 24 }, (_, i) => captureWithConsent(api, `race${i}@example.com`)),
    );
    for (const lead of leads)
      await closeLead(api, lead.id, "timing", { override: { reboundAfter: "PT30S" } });
    api.clock.advance(31_000);
    const reports = await Promise.all([
      sweepRebounds(sweepDeps(api)),
      sweepRebounds(sweepDeps(api)),
      sweepRebounds(sweepDeps(api)),
    ]);
    expect(reports.reduce((sum, r) => sum + r.rebounded, 0)).toBe(24);
    for (const lead of leads) {
      expect(count(await timelineTypes(api, lead.id), "lead.rebounded")).toBe(1);
      expect(await members(lead.id)).toHaveLength(1);
    }
  });

  it("a sweep that crashes halfway leaves nothing half-done; the next run finishes without skipping or doubling", async () => {
    api.clock.set("2026-03-02T09:00:00.000Z");
    const leads = await Promise.all(
      Array.from({ length: 10 }, (_, i) => captureWithConsent(api, `crash${i}@example.com`)),
    );
    for (const lead of leads) await closeLead(api, lead.id, "timing", { override: { reboundAfter: "PT5M" } });
    api.clock.advance(6 * 60_000);
    const deps = sweepDeps(api);
    let commits = 0;
    const crashing = {
      ...deps,
      leads: {
        ...deps.leads,
        get: deps.leads.get.bind(deps.leads),
        commit: async (...args: Parameters<typeof deps.leads.commit>) => {
          // Cut off mid-run: the store stops answering, which ends the run like a killed Lambda
          // (an error of one lead would only skip that lead; see "an always-failing lead").
          if (++commits > 4) throw new StoreUnavailableError("TimeoutError", "Lambda timed out");
          return deps.leads.commit(...args);
        },
      },
    };
    await expect(sweepRebounds(crashing, { concurrency: 1 })).rejects.toThrow("Lambda timed out");
    expect(await sweepRebounds(deps)).toMatchObject({ rebounded: 6 });
    for (const lead of leads) expect(count(await timelineTypes(api, lead.id), "lead.rebounded")).toBe(1);
  });

  it("never resurfaces a lead without consent; a permanent reason schedules nothing", async () => {
    api.clock.set("2026-03-02T09:00:00.000Z");
    const noConsent = (await (
      await api.call("POST", "/v1/leads", { body: { email: "noconsent@example.com" } })
    ).json()) as Lead;
    const spam = await captureWithConsent(api, "spam@example.com");
    await closeLead(api, noConsent.id, "timing");
    await closeLead(api, spam.id, "spam", { kind: "qualified_out" });
    expect((await get(noConsent.id)).rebound?.pending).toEqual([]);
    expect((await get(spam.id)).rebound?.pending).toEqual([]);
  });

  it("consent withdrawal by PATCH cancels pending rebounds in the same change", async () => {
    api.clock.set("2026-03-02T09:00:00.000Z");
    const lead = await captureWithConsent(api, "withdraw@example.com");
    await closeLead(api, lead.id, "no_budget");
    const response = await api.call("PATCH", `/v1/leads/${lead.id}`, {
      body: { consent: { marketing: false } },
    });
    expect(response.status).toBe(200);
    expect((await get(lead.id)).rebound?.pending).toEqual([]);
    expect(count(await timelineTypes(api, lead.id), "lead.rebound_cancelled")).toBe(2);
    api.clock.set("2028-01-01T00:00:00.000Z");
    await sweepRebounds(sweepDeps(api));
    expect(await get(lead.id)).toMatchObject({ status: "lost" });
  });

  it("a returning lead (capture of the same email) is flagged, cancels its rebounds and re-enters qualification", async () => {
    api.clock.set("2026-03-02T09:00:00.000Z");
    const lead = await captureWithConsent(api, "back@example.com");
    await closeLead(api, lead.id, "chose_competitor");
    api.clock.set("2026-06-01T00:00:00.000Z");
    const response = await api.call("POST", "/v1/leads", {
      body: { email: "back@example.com", source: { type: "webinar", id: "q3-tour" } },
    });
    expect(response.status).toBe(200);
    expect(await get(lead.id)).toMatchObject({
      status: "nurturing",
      returning: { at: "2026-06-01T00:00:00.000Z", from: "lost", count: 1 },
      rebound: { pending: [] },
    });
    const types = await timelineTypes(api, lead.id);
    // It re-enters qualification: judged afresh by the sales-ready policy (lead.qualified).
    expect(types.slice(-4)).toEqual([
      "lead.touched",
      "lead.returned",
      "lead.rebound_cancelled",
      "lead.qualified",
    ]);
    api.clock.set("2027-06-01T00:00:00.000Z");
    await sweepRebounds(sweepDeps(api));
    expect(await get(lead.id)).toMatchObject({ status: "nurturing" });
    expect(await members(lead.id)).toHaveLength(0);
  });

  it("an incremental segment pull interleaved with sweeps sees every member exactly once", async () => {
    // Its own clock window so earlier tests' members stay behind the first cursor.
    api.clock.set("2030-01-01T00:00:00.000Z");
    let cursor: string | undefined = (
      await readSegment(api.stores, {
        limit: 100,
        now: new Date("2030-01-01T00:00:00.000Z"),
        settleMs: 0,
      })
    ).position;
    while (true) {
      const page = await readSegment(api.stores, {
        limit: 100,
        now: api.clock.now(),
        ...(cursor ? { after: cursor } : {}),
      });
      cursor = page.position;
      if (!page.more) break;
    }
    const leads = await Promise.all(
      Array.from({ length: 30 }, (_, i) => captureWithConsent(api, `seg${i}@example.com`)),
    );
    for (const [i, lead] of leads.entries())
      await closeLead(api, lead.id, "timing", { override: { reboundAfter: `PT${(i % 6) + 1}M` } });
    const seen: string[] = [];
    const pull = async () => {
      for (;;) {
        const page = await readSegment(api.stores, {
          limit: 4,
          now: api.clock.now(),
          ...(cursor ? { after: cursor } : {}),
        });
        seen.push(...page.items.map((m) => `${m.lead.id}#${m.cycle}`));
        cursor = page.position;
        if (!page.more) return;
      }
    };
    for (let minute = 0; minute < 9; minute++) {
      api.clock.advance(60_000);
      // The consumer pulls while the sweep is writing members.
      await Promise.all([sweepRebounds(sweepDeps(api), { concurrency: 3 }), pull()]);
      await pull();
    }
    api.clock.advance(DAY);
    await pull();
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });
});
