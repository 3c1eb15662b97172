import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { leadsInTable } from "../../../test/leads-table";
import { createApp } from "../src/api/app";

let api: TestApi;
beforeAll(
  async () =>
    (api = await createTestApi("imports", {
      REBOUND_MAX_BODY_BYTES: "4096",
      REBOUND_MAX_IMPORT_BYTES: "65536",
    })),
);
afterAll(() => api.close());

type Report = {
  complete: boolean;
  summary: Record<string, number>;
  columns?: { mapped: Record<string, string>; ignored: string[] };
  ignored?: Record<string, number>;
  rows: Record<string, unknown>[];
};
const csvPost = (
  path: string,
  csv: string,
  options: { key?: string; headers?: Record<string, string> } = {},
) =>
  api.call("POST", path, {
    body: csv,
    ...(options.key ? { key: options.key } : {}),
    headers: { "content-type": "text/csv", ...options.headers },
  });

const zoomRegistrants = [
  "Registration Report",
  "Topic,Webinar ID",
  '"Rebound, live",812 3456 7890',
  "",
  "First Name,Last Name,Email,Organization,Job Title,Purchasing Time Frame,Role in Purchase Process,Attended,Time in Session (minutes)",
  "Ann,Lee,ann@zoom.example,Corp,CTO,Within a month,Decision Maker,Yes,40",
  "Bob,Ray,bob@zoom.example,Corp,Dev,4-6 months,Influencer,No,--",
  "Ann,Lee,ANN@zoom.example,Corp,CTO,Within a month,Decision Maker,Yes,15",
].join("\r\n");

describe("POST /v1/imports", () => {
  it("imports a Zoom export: qualification answers become signals, attendance becomes the touch's engagement", async () => {
    const response = await csvPost(
      "/v1/imports?preset=zoom-registrants&source=webinar:zoom-81234567890&campaign=launch",
      zoomRegistrants,
    );
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report).toMatchObject({
      complete: true,
      summary: { rows: 3, created: 2, merged: 1 },
      ignored: { blank: 1, preamble: 3, headers: 1 },
    });
    expect(report.rows[2]).toMatchObject({ row: 3, line: 8, status: "merged", mergedInto: 1 });
    expect(report.columns!.mapped).toMatchObject({
      "Purchasing Time Frame": "signals.timeline",
      "Time in Session (minutes)": "engagement.minutes",
    });
    const leadId = report.rows[0]!.leadId as string;
    const lead = (await (await api.call("GET", `/v1/leads/${leadId}`)).json()) as Record<string, unknown>;
    expect(lead).toMatchObject({
      email: "ann@zoom.example",
      company: "Corp",
      signals: { timeline: "within_1_month", authority: "decision_maker" },
      origin: { type: "webinar", id: "zoom-81234567890", campaign: "launch" },
      status: "nurturing",
    }); // hand-raisers, not sales-ready: one touch and no budget fail the default policy
    const events = (
      (await (await api.call("GET", `/v1/leads/${leadId}/timeline`)).json()) as {
        items: { data: Record<string, unknown> }[];
      }
    ).items;
    expect(events[0]!.data.engagement).toEqual({ attended: true, minutes: 55 });
    const bob = (await (await api.call("GET", `/v1/leads/${report.rows[1]!.leadId}/timeline`)).json()) as {
      items: { data: Record<string, unknown> }[];
    };
    expect(bob.items[0]!.data.engagement).toEqual({ attended: false });
  });

  it("JSON rows: each validated on its own, errors point into the row and name unknown fields", async () => {
    const response = await api.call("POST", "/v1/imports", {
      body: {
        source: { type: "import", id: "crm-export" },
        rows: [
          { email: "j1@x.io" },
          { emial: "typo@x.io", email: "j2@x.io" },
          { email: "j3@x.io", country: "DE" },
        ],
      },
    });
    const report = (await response.json()) as Report;
    expect(report.rows).toEqual([
      { row: 1, status: "created", leadId: expect.any(String) },
      {
        row: 2,
        status: "rejected",
        errors: [
          { pointer: "#/emial", path: ["emial"], detail: 'Unknown field "emial"', code: "unrecognized_keys" },
        ],
      },
      { row: 3, status: "created", leadId: expect.any(String) },
    ]);
  });

  it("needs an automation or admin key: a public form key or a sales key may not post lists, and nothing is written", async () => {
    const rows = [{ email: "new-ingest@x.io" }, { email: "new-sales@x.io" }];
    for (const key of [await api.keyWith("ingest"), await api.keyWith("sales")]) {
      const response = await api.call("POST", "/v1/imports", { key, body: rows });
      expect(response.status).toBe(403);
    }
    const listed = (await (await api.call("GET", "/v1/leads?limit=100")).json()) as {
      items: { email: string }[];
    };
    const emails = listed.items.map((l) => l.email);
    expect(emails).not.toContain("new-ingest@x.io");
    expect(emails).not.toContain("new-sales@x.io");
    const automation = await api.keyWith("automation");
    expect((await api.call("POST", "/v1/imports", { key: automation, body: rows })).status).toBe(200);
  });

  it("Idempotency-Key: the same file again is fine, another file under the same key is refused before any write", async () => {
    const headers = { "idempotency-key": "import-42" };
    const first = (await (
      await api.call("POST", "/v1/imports", { body: [{ email: "idem1@x.io" }], headers })
    ).json()) as Report;
    const again = (await (
      await api.call("POST", "/v1/imports", { body: [{ email: "idem1@x.io" }], headers })
    ).json()) as Report;
    expect(again.rows).toEqual(first.rows);
    expect(again.summary).toMatchObject({ written: 0, replayed: 1 });
    const other = await api.call("POST", "/v1/imports", { body: [{ email: "idem2@x.io" }], headers });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { type: string }).type).toBe(
      "urn:rebound:problem:idempotency-key-reused",
    );
    expect([...(await leadsInTable(api.table)).keys()]).not.toContain("idem2@x.io");
  });

  it("has its own body limit: larger than other routes', still bounded", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `limit${i}@x.io,Company number ${i} of a long list`);
    const csv = ["email,company", ...rows].join("\n");
    expect(csv.length).toBeGreaterThan(4096);
    expect((await csvPost("/v1/imports", csv)).status).toBe(200);
    expect(
      (
        await api.call("POST", "/v1/leads", {
          body: { email: "big@x.io", custom: { note: "x".repeat(4_500) } },
        })
      ).status,
    ).toBe(413);
    expect((await csvPost("/v1/imports", `${csv}\n${"x".repeat(70_000)}`)).status).toBe(413);
  });

  it("refuses what it cannot read as a whole, writing nothing: too many rows, no email column, broken CSV, other media", async () => {
    const before = (await leadsInTable(api.table)).size;
    const tooMany = await api.call("POST", "/v1/imports", {
      body: Array.from({ length: 10_001 }, () => ({ email: "a@b.io" })),
    });
    expect(tooMany.status).toBe(413); // the 10,001-row JSON is larger than this test's 64 KB import limit
    const tooManyRows = ["email", ...Array.from({ length: 10_001 }, (_, i) => `r${i}@x.io`)].join("\n");
    const big = createApp({
      ...api.deps,
      config: { ...api.deps.config, imports: { ...api.deps.config.imports, maxBytes: 1_000_000 } },
    });
    const refused = await big.request("/v1/imports", {
      method: "POST",
      headers: { authorization: "Bearer test-bootstrap-admin-key-0123456789", "content-type": "text/csv" },
      body: tooManyRows,
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/at most 10000 rows/);
    expect((await csvPost("/v1/imports", "name,company\nAnn,X")).status).toBe(422);
    const broken = await csvPost("/v1/imports", 'email,name\na@x.io,"never closed\nb@x.io,B');
    expect(broken.status).toBe(422);
    expect(((await broken.json()) as { errors: { detail: string }[] }).errors[0]!.detail).toMatch(/line 2/);
    expect(
      (
        await api.call("POST", "/v1/imports", {
          body: "<xml/>",
          headers: { "content-type": "application/xml" },
        })
      ).status,
    ).toBe(415);
    expect((await api.call("POST", "/v1/imports?mapping=%7Bnope", { body: [] })).status).toBe(400);
    expect((await leadsInTable(api.table)).size).toBe(before);
  });

  it("with the time budget spent, answers at once with rows pending; re-posting the same file finishes them", async () => {
    const rushed = createApp({
      ...api.deps,
      config: { ...api.deps.config, imports: { ...api.deps.config.imports, budgetMs: 0 } },
    });
    const csv = ["email", ...Array.from({ length: 30 }, (_, i) => `late${i}@x.io`)].join("\n");
    const first = await rushed.request("/v1/imports", {
      method: "POST",
      headers: { authorization: "Bearer test-bootstrap-admin-key-0123456789", "content-type": "text/csv" },
      body: csv,
    });
    expect((await first.json()) as Report).toMatchObject({
      complete: false,
      summary: { pending: 30, written: 0 },
    });
    const second = (await (await csvPost("/v1/imports", csv)).json()) as Report;
    expect(second).toMatchObject({ complete: true, summary: { created: 30, pending: 0 } });
  });

  it("rows racing single captures of the same people end as one lead each, with both touches", async () => {
    const csv = ["email,company", ...Array.from({ length: 150 }, (_, i) => `racer${i}@x.io,Co`)].join("\n");
    const singles = Array.from({ length: 30 }, (_, i) =>
      api.call("POST", "/v1/leads", {
        body: { email: `racer${i * 5}@x.io`, source: { type: "form", id: "live" } },
      }),
    );
    const [imported, ...captured] = await Promise.all([
      csvPost("/v1/imports?source=webinar:race", csv),
      ...singles,
    ]);
    expect(((await imported!.json()) as Report).summary).toMatchObject({
      rows: 150,
      pending: 0,
      rejected: 0,
    });
    expect(captured.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const leads = await leadsInTable(api.table);
    for (let i = 0; i < 150; i++)
      expect(leads.get(`racer${i}@x.io`)!.touchCount, `racer${i}`).toBe(i % 5 === 0 ? 2 : 1);
  });
});
