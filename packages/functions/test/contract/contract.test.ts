import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../../test/api";
import { type ContractReport, runContract } from "./runner";
import type { OpenApiDoc } from "./spec";

/**
 * The contract suite: every operation of /openapi.json, driven by requests generated from
 * the document itself (so routes added later are covered without a line here), answers
 * only what the document says. A failure prints its seed: `CONTRACT_SEED=<seed> npx vitest
 * run packages/functions/test/contract` sends the same requests again.
 */
const seed = Number(process.env.CONTRACT_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("contract: every answer is one the OpenAPI document describes", () => {
  let api: TestApi;
  let report: ContractReport;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    api = await createTestApi("contract", {
      // Small limits so oversized bodies are cheap to send; members show up at once.
      REBOUND_MAX_BODY_BYTES: "65536",
      REBOUND_MAX_IMPORT_BYTES: "262144",
      REBOUND_SEGMENT_SETTLE_MS: "0",
    });
    doc = (await (await api.call("GET", "/openapi.json", { key: null })).json()) as OpenApiDoc;
    const started = performance.now();
    report = await runContract(api, doc, {
      seed,
      rounds: 6,
      validPerOperation: 10,
      invalidPerOperation: 6,
      advanceMs: 20 * 86_400_000,
    });
    const count = (kind: string) => report.findings.filter((f) => f.kind === kind).length;
    const succeeded = [...report.statuses.values()].filter((s) =>
      [...s.keys()].some((status) => status < 300),
    );
    console.log(
      `contract: seed=${seed} operations=${report.operations} requests=${report.requests} ` +
        `5xx=${count("5xx")} undocumented-statuses=${count("undocumented-status")} ` +
        `off-schema-bodies=${count("off-schema-body")} non-problem-errors=${count("non-problem-error")} ` +
        `undocumented-headers=${count("undocumented-header")} ` +
        `(operations answering 2xx: ${succeeded.length}/${report.operations}; ${Math.round(performance.now() - started)} ms)`,
    );
    // CONTRACT_REPORT=<file>: every finding, status counts and time per operation, for debugging.
    if (process.env.CONTRACT_REPORT)
      writeFileSync(
        process.env.CONTRACT_REPORT,
        JSON.stringify(
          {
            seed,
            findings: report.findings,
            statuses: Object.fromEntries([...report.statuses].map(([id, s]) => [id, Object.fromEntries(s)])),
            timings: Object.fromEntries([...report.timings].sort(([, a], [, b]) => b - a)),
            samples: Object.fromEntries(report.samples),
          },
          null,
          1,
        ),
      );
  }, 180_000);
  afterAll(() => api?.close());

  const listed = (kind: string) =>
    report.findings
      .filter((f) => f.kind === kind)
      .slice(0, 15)
      .map((f) => `${f.detail}\n    ← ${f.request}`);

  it("never answers 5xx", () => expect(listed("5xx"), `seed ${seed}`).toEqual([]));
  it("answers only statuses documented for the operation", () =>
    expect(listed("undocumented-status"), `seed ${seed}`).toEqual([]));
  it("sends bodies that match the documented media type and schema", () =>
    expect(listed("off-schema-body"), `seed ${seed}`).toEqual([]));
  it("sends every error as application/problem+json", () =>
    expect(listed("non-problem-error"), `seed ${seed}`).toEqual([]));
  it("sends only documented headers, with valid values", () =>
    expect(listed("undocumented-header"), `seed ${seed}`).toEqual([]));
  // Success needs no earlier state on an operation without path parameters, so its valid
  // requests must reach one: otherwise the suite would only be checking error answers.
  // Actions on a lead need the lead in the right state first; those are counted, not required.
  it("reaches a success answer on every operation that needs no earlier state", () => {
    const stateless = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        path.includes("{") ? [] : Object.values(ops).map((op) => op.operationId),
      ),
    );
    const never = [...report.statuses].filter(
      ([id, statuses]) => stateless.has(id) && ![...statuses.keys()].some((s) => s < 300),
    );
    expect(
      never.map(([id, statuses]) => `${id}: ${JSON.stringify([...statuses])}`),
      `seed ${seed}`,
    ).toEqual([]);
  });
});
