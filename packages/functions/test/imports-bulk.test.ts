import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { leadsInTable } from "../../../test/leads-table";

/**
 * The 10,000-row acceptance test: 5% invalid rows, 10% duplicates of earlier rows, 200 rows
 * whose people are already leads. The expected report is derived from how the file was
 * built, not from the importer's own logic.
 */
const ROWS = 10_000;
const isInvalid = (i: number) => i % 20 === 0;
const isDuplicate = (i: number) => i % 10 === 5; // of row i - 3, which is always a valid, unique row
const preExisting = (i: number) => i % 50 === 1;
const emailOf = (i: number) => `p${i}@corp${i % 97}.example`;

type Expected = { row: number; status: string; mergedInto?: number; pointer?: string; column?: string };

function buildFile() {
  const lines = ["email,first_name,last_name,company,country,timeline,minutes"];
  const expected: Expected[] = [];
  for (let i = 1; i <= ROWS; i++) {
    if (isDuplicate(i)) {
      lines.push(`${emailOf(i - 3).toUpperCase()},P,${i - 3},"Co, ${(i - 3) % 50}",DE,,7`);
      expected.push({ row: i, status: "merged", mergedInto: i - 3 });
      continue;
    }
    const row = {
      email: emailOf(i),
      country: "DE",
      timeline: i % 3 === 0 ? "within_3_months" : "",
      minutes: String(i % 90),
    };
    if (isInvalid(i)) {
      const kind = (i / 20) % 5;
      const broken = [
        { email: `broken-${i}`, pointer: "#/email", column: "email" },
        { country: "Germany", pointer: "#/country", column: "country" },
        { timeline: "soonish", pointer: "#/signals/timeline", column: "timeline" },
        { minutes: "lots", pointer: "#/engagement/minutes", column: "minutes" },
        { email: "", pointer: "#/email" },
      ][kind]!;
      Object.assign(row, broken);
      expected.push({
        row: i,
        status: "rejected",
        pointer: broken.pointer,
        ...(broken.column ? { column: broken.column } : {}),
      });
    } else {
      expected.push({ row: i, status: preExisting(i) ? "touched" : "created" });
    }
    lines.push(`${row.email},P,${i},"Co, ${i % 50}",${row.country},${row.timeline},${row.minutes}`);
  }
  return { csv: `${lines.join("\r\n")}\r\n`, expected };
}

type Report = {
  complete: boolean;
  summary: Record<string, number>;
  rows: {
    row: number;
    line: number;
    status: string;
    leadId?: string;
    mergedInto?: number;
    errors?: { pointer: string; column?: string }[];
  }[];
};

let api: TestApi;
// One import of 10,000 rows against DynamoDB Local takes a while; a generous budget keeps it in one request.
beforeAll(async () => (api = await createTestApi("imports-bulk", { REBOUND_IMPORT_BUDGET_MS: "600000" })));
afterAll(() => api.close());

describe("POST /v1/imports with 10,000 rows", () => {
  it("reports every row exactly, makes the right leads, and a re-post changes nothing", {
    timeout: 300_000,
  }, async () => {
    const { csv, expected } = buildFile();
    const existing = expected.filter((e) => e.status === "touched").map((e) => emailOf(e.row));
    for (let i = 0; i < existing.length; i += 25) {
      const batch = existing
        .slice(i, i + 25)
        .map((email) =>
          api.call("POST", "/v1/leads", { body: { email, source: { type: "form", id: "earlier" } } }),
        );
      expect(new Set((await Promise.all(batch)).map((r) => r.status))).toEqual(new Set([201]));
    }

    const post = () =>
      api.call("POST", "/v1/imports?preset=generic&source=webinar:wb-2026-03", {
        body: csv,
        headers: { "content-type": "text/csv" },
      });
    const started = performance.now();
    const response = await post();
    const firstMs = performance.now() - started;
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;

    expect(report.complete).toBe(true);
    expect(report.summary).toEqual({
      rows: 10_000,
      created: 8_300,
      touched: 200,
      merged: 1_000,
      rejected: 500,
      pending: 0,
      written: 8_500,
      replayed: 0,
    });
    const actual: Expected[] = report.rows.map((r) => ({
      row: r.row,
      status: r.status,
      ...(r.mergedInto !== undefined ? { mergedInto: r.mergedInto } : {}),
      // A row may have several issues (a country name is both too long and not a code); all point at one field here.
      ...(r.errors
        ? {
            pointer: [...new Set(r.errors.map((e) => e.pointer))].join(" "),
            ...(r.errors[0]!.column ? { column: [...new Set(r.errors.map((e) => e.column))].join(" ") } : {}),
          }
        : {}),
    }));
    expect(actual).toEqual(expected);
    expect(report.rows.every((r) => r.line === r.row + 1)).toBe(true);
    // A merged row names the lead its person became.
    const byRow = new Map(report.rows.map((r) => [r.row, r]));
    expect(byRow.get(5)!.leadId).toBe(byRow.get(2)!.leadId);

    const leads = await leadsInTable(api.table);
    expect(leads.size).toBe(8_500);
    for (const e of expected.filter((x) => x.status === "created" || x.status === "touched")) {
      const lead = leads.get(emailOf(e.row));
      expect(lead, emailOf(e.row)).toEqual(
        e.status === "touched" ? { touchCount: 2, version: 2 } : { touchCount: 1, version: 1 },
      );
    }
    // The duplicate's minutes joined its person's one touch.
    const timeline = (await (await api.call("GET", `/v1/leads/${byRow.get(2)!.leadId}/timeline`)).json()) as {
      items: { type: string; data: { engagement?: unknown } }[];
    };
    // One capture and its first verdict (a new lead is always judged once), never a second touch.
    expect(timeline.items.map((e) => e.type)).toEqual(["lead.captured", "lead.qualified"]);
    expect(timeline.items[0]).toEqual(
      expect.objectContaining({
        type: "lead.captured",
        data: expect.objectContaining({ engagement: { attended: true, minutes: 9 } }),
      }),
    );

    const again = (await (await post()).json()) as Report;
    expect(again.summary).toMatchObject({ written: 0, replayed: 8_500, pending: 0 });
    expect(again.rows).toEqual(report.rows);
    const after = await leadsInTable(api.table);
    expect(after).toEqual(leads);
    console.log(
      `10,000-row import: first post ${Math.round(firstMs)} ms (${Math.round((ROWS * 1000) / firstMs)} rows/s) against DynamoDB Local`,
    );
  });
});
