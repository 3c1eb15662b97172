import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { HOUR, json, readySignals, repKey } from "../../../test/handoff";
import { allTimelines, playQuarter, reportProjector, quarterSources as sources } from "../../../test/reports";
import { keys as tableKeys } from "../../core/src/store/keys";
import { rebuildReports } from "../../core/src/usecases";
import {
  oracleFunnel,
  oracleRebounds,
  oracleReps,
  oracleSources,
} from "../../core/test/support/oracle-reports";
import { expectSameFigures } from "../../core/test/support/report-compare";
import { recount } from "../../core/test/support/report-oracle";
import { leadDeps } from "../src/api/deps";

let api: TestApi;
let keys: Record<"manager" | "rep" | "automation" | "ingest", string>;

beforeAll(async () => {
  api = await createTestApi("reports");
  keys = {
    manager: await api.keyWith("sales"),
    rep: await repKey(api, "rep-ana"),
    automation: await api.keyWith("automation"),
    ingest: await api.keyWith("ingest"),
  };
  await playQuarter(api);
  const projector = reportProjector(api);
  await projector.poll();
  projector.close();
});
afterAll(() => api.close());

const period = "from=2026-02-01&to=2026-04-30";
const report = async (path: string, key?: string) => {
  const response = await api.call("GET", path, key ? { key } : {});
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
};

describe("GET /v1/reports/* fed by the event stream", () => {
  it("every figure equals a recount from the leads' timelines, for every grouping", async () => {
    const rc = recount(await allTimelines(api));
    const range = { from: "2026-02-01", to: "2026-04-30" };
    for (const groupBy of ["week", "month", "source", "campaign"] as const)
      expectSameFigures(
        await report(`/v1/reports/funnel?${period}&groupBy=${groupBy}`),
        oracleFunnel(rc, range, groupBy),
      );
    for (const groupBy of ["source", "type", "campaign"] as const)
      expectSameFigures(
        await report(`/v1/reports/sources?${period}&groupBy=${groupBy}`),
        oracleSources(rc, range, groupBy),
      );
    for (const groupBy of ["rep", "week", "month"] as const)
      expectSameFigures(
        await report(`/v1/reports/reps?${period}&groupBy=${groupBy}`),
        oracleReps(rc, range, groupBy),
      );
    for (const groupBy of ["cycle", "week", "month"] as const)
      expectSameFigures(
        await report(`/v1/reports/rebounds?${period}&groupBy=${groupBy}`),
        oracleRebounds(rc, range, groupBy),
      );
  });

  it("tells the quarter's story: a rep who lets hand-offs lapse, a missed appointment, a win, a rebound that came back", async () => {
    const reps = (await report(`/v1/reports/reps?${period}`)) as {
      groups: {
        key: string;
        acceptSla: { missed: number };
        breaches: { accept: number };
        appointments: { missedByRep: number };
      }[];
    };
    const ben = reps.groups.find((g) => g.key === "rep-ben")!;
    const ana = reps.groups.find((g) => g.key === "rep-ana")!;
    expect(ben.breaches.accept).toBeGreaterThan(0);
    expect(ben.acceptSla.missed).toBeGreaterThan(ana.acceptSla.missed);
    expect(ana.appointments.missedByRep).toBe(1);
    const funnel = (await report(`/v1/reports/funnel?${period}&groupBy=source`)) as {
      totals: { won: number; enteredBy: { rebound: number; returning: number } };
    };
    expect(funnel.totals.won).toBe(1);
    expect(funnel.totals.enteredBy).toMatchObject({ rebound: 1, returning: 1 });
  });

  it("a stream delivered again changes nothing", async () => {
    const before = await report(`/v1/reports/reps?${period}`);
    const again = reportProjector(api);
    await again.poll(); // a fresh checkpoint: the whole stream once more
    again.close();
    expect(await report(`/v1/reports/reps?${period}`)).toEqual(before);
  });

  it("answers CSV on Accept: text/csv: a header, the total, one row per group", async () => {
    const response = await api.call("GET", `/v1/reports/sources?${period}`, {
      headers: { accept: "text/csv" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="sources-2026-02-01-2026-04-30.csv"',
    );
    const [header, total, ...groups] = (await response.text()).trimEnd().split("\r\n");
    const json = (await report(`/v1/reports/sources?${period}`)) as {
      totals: { entered: number; won: number };
      groups: { key: string }[];
    };
    const columns = header!.split(",");
    const cell = (row: string, name: string) => row.split(",")[columns.indexOf(name)];
    expect(cell(total!, "key")).toBe("total");
    expect(Number(cell(total!, "entered"))).toBe(json.totals.entered);
    expect(Number(cell(total!, "won"))).toBe(json.totals.won);
    expect(groups.map((row) => cell(row, "key"))).toEqual(json.groups.map((g) => g.key));
  });

  it("lets admins, automation and sales managers read; refuses a rep's key and an ingest key", async () => {
    for (const key of [keys.manager, keys.automation]) await report(`/v1/reports/funnel?${period}`, key);
    const rep = await api.call("GET", `/v1/reports/reps?${period}`, { key: keys.rep });
    expect(rep.status).toBe(403);
    expect(rep.headers.get("content-type")).toBe("application/problem+json");
    expect(((await rep.json()) as { detail: string }).detail).toMatch(/sales managers/);
    expect((await api.call("GET", "/v1/reports/reps", { key: keys.ingest })).status).toBe(403);
    expect((await api.call("GET", "/v1/reports/reps", { key: null })).status).toBe(401);
  });

  it("defaults to the last 90 days, takes offsets, and refuses an unreadable or reversed period with 400", async () => {
    const byDefault = (await report("/v1/reports/funnel")) as { from: string; to: string };
    expect(byDefault.to).toBe(api.clock.now().toISOString().slice(0, 10));
    const offsets = (await report("/v1/reports/funnel?from=-6d&to=today")) as { from: string; to: string };
    expect(Date.parse(offsets.to) - Date.parse(offsets.from)).toBe(6 * 24 * HOUR);
    for (const query of [
      "from=2026-02-30",
      "from=2026-04-02&to=2026-04-01",
      "from=2020-01-01",
      "groupBy=rep",
    ]) {
      const response = await api.call("GET", `/v1/reports/funnel?${query}`);
      expect(response.status, query).toBe(400);
      const problem = (await response.json()) as { errors: { pointer: string }[] };
      expect(problem.errors[0]!.pointer, query).toMatch(/^#\/query\/(from|groupBy)$/);
    }
  });

  it("is described in the OpenAPI document with both media types and its problem statuses", async () => {
    const doc = (await json(api.call("GET", "/openapi.json"))) as unknown as {
      paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    for (const kind of ["funnel", "sources", "reps", "rebounds"]) {
      const responses = doc.paths[`/v1/reports/${kind}`]!.get.responses;
      expect(Object.keys(responses["200"]!.content!).sort()).toEqual(["application/json", "text/csv"]);
      expect(Object.keys(responses).sort()).toEqual(["200", "400", "401", "403", "429", "503"]);
    }
  });
});

describe("npm run reports:backfill (rebuildReports)", () => {
  /** What a lead stored before report facts existed looks like: no journey, events without attribution. */
  async function makeLegacy(leadId: string) {
    const { client, tableName } = api.stores.table;
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: tableKeys.lead(leadId),
        UpdateExpression: "REMOVE journey",
      }),
    );
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :evt)",
        ExpressionAttributeValues: { ":pk": tableKeys.lead(leadId).pk, ":evt": "EVT#" },
      }),
    );
    // One item per change (store/change-items.ts): each of its events loses its attribution.
    for (const item of Items)
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: `REMOVE ${(item.events as unknown[]).map((_, i) => `#e[${i}].#d.#a`).join(", ")}`,
          ExpressionAttributeNames: { "#e": "events", "#d": "data", "#a": "attribution" },
        }),
      );
  }

  it("rebuilds the same figures from the timelines into a new generation, facts told from legacy timelines, journeys adopted", async () => {
    const reports = () =>
      Promise.all(
        ["funnel?groupBy=source", "sources", "reps", "rebounds"].map((r) =>
          report(`/v1/reports/${r.replace("?", `?${period}&`).replace(/^(\w+)$/, `$1?${period}`)}`),
        ),
      );
    const before = await reports();
    const legacy = (await api.stores.leads.list({}, 3, undefined)).items;
    for (const lead of legacy) await makeLegacy(lead.id);
    const result = await rebuildReports(leadDeps(api.deps));
    expect(result).toMatchObject({ generation: 2, journeysAdopted: legacy.length, duplicates: 0 });
    expect(result.dropped).toBeGreaterThan(0);
    expect(await api.stores.reportCounters.generations()).toEqual({ current: 2 });
    expect(await reports()).toEqual(before);
    for (const lead of legacy) expect((await api.stores.leads.get(lead.id))!.journey).toEqual(lead.journey);
  });

  it("while a rebuild runs, the projector counts new events in both generations, once", async () => {
    const today = api.clock.now().toISOString().slice(0, 10);
    const entered = async (generation: number) =>
      (await api.stores.reportCounters.read(generation, "funnel", today, today)).rows.reduce(
        (n, row) => n + (row.counts["reached.entered"] ?? 0),
        0,
      );
    const { current } = await api.stores.reportCounters.generations();
    const before = await entered(current);
    const building = await api.stores.reportCounters.beginRebuild();
    expect(
      (
        await api.call("POST", "/v1/leads", {
          body: { email: "late@example.com", source: sources[1], signals: readySignals },
        })
      ).status,
    ).toBe(201);
    // A fresh checkpoint: the stream's whole history comes again, as after a projector restart.
    const projector = reportProjector(api);
    await projector.poll();
    projector.close();
    expect(await entered(current)).toBe(before + 1);
    expect(await entered(building)).toBe(before + 1);
    const result = await rebuildReports(leadDeps(api.deps));
    expect(result.generation).toBe(building);
    expect(result.duplicates).toBeGreaterThan(0);
    expect(await api.stores.reportCounters.generations()).toEqual({ current: building });
    expect(await entered(building)).toBe(before + 1);
  });
});
