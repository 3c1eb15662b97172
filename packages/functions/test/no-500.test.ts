import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("no-500")));
afterAll(() => api.close());

type Problem = { type: string; errors?: { pointer: string }[] };

const PROTOTYPE_KEYS = ["constructor", "__proto__", "prototype", "toString", "valueOf", "hasOwnProperty"];

/** Any JSON object key, prototype-shaped ones often. */
const key = fc.oneof(
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.string({ maxLength: 70 }),
  fc.constantFrom("email", "custom"),
);
/** An own "__proto__" survives JSON.stringify only when defined as a property, as JSON.parse makes it. */
const objectWith = (entries: [string, unknown][]) => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries)
    Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
  return out;
};
const freeObject = fc
  .array(fc.tuple(key, fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 })
  .map((entries) => objectWith(entries));
const captureBody = fc
  .record(
    {
      email: fc.oneof(fc.emailAddress(), fc.string()),
      custom: fc.oneof(
        freeObject,
        fc
          .array(
            fc.tuple(
              fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/),
              fc.oneof(fc.string(), fc.double(), fc.constant(null)),
            ),
            { maxLength: 55 },
          )
          .map(objectWith),
      ),
      source: fc.oneof(
        freeObject,
        fc.record({ type: fc.constant("form"), campaign: fc.string({ maxLength: 210 }) }),
      ),
      signals: fc.oneof(freeObject, fc.record({ budgetAmount: fc.double() })),
      engagement: fc.oneof(freeObject, fc.record({ minutes: fc.double() })),
    },
    { requiredKeys: [] },
  )
  .chain((body) =>
    freeObject.map((extra) => objectWith([...Object.entries(body), ...Object.entries(extra)])),
  );

/**
 * Whatever a client sends, the answer is never a 5xx: bodies drawn from the input schemas'
 * edges (prototype-shaped keys anywhere, 64-character custom keys, 50+ fields, numbers
 * DynamoDB cannot store) on capture, PATCH and imports.
 */
describe("no 500 for any body", () => {
  it("capture, PATCH and import bodies never answer 5xx (fast-check)", async () => {
    const lead = (await (
      await api.call("POST", "/v1/leads", { body: { email: "target@example.com" } })
    ).json()) as {
      id: string;
    };
    await fc.assert(
      fc.asyncProperty(captureBody, fc.array(captureBody, { maxLength: 4 }), async (body, rows) => {
        const captured = await api.call("POST", "/v1/leads", { body: JSON.stringify(body) });
        expect(captured.status, await captured.text()).toBeLessThan(500);
        const { email: _email, ...patch } = body as Record<string, unknown>;
        const patched = await api.call("PATCH", `/v1/leads/${lead.id}`, { body: JSON.stringify(patch) });
        expect(patched.status, await patched.text()).toBeLessThan(500);
        const imported = await api.call("POST", "/v1/imports", { body: JSON.stringify(rows) });
        expect(imported.status, await imported.text()).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it("a custom field named like an inherited member is refused with 422 naming it, on capture and PATCH", async () => {
    for (const name of ["constructor", "__proto__", "toString"]) {
      const body = `{"email":"proto-${name.length}@example.com","custom":{"${name}":"x"}}`;
      const response = await api.call("POST", "/v1/leads", { body });
      expect(response.status).toBe(422);
      const problem = (await response.json()) as Problem;
      expect(problem.errors?.map((e) => e.pointer)).toEqual([`#/custom/${name}`]);
    }
  });

  it("an import with such a row reports that row and writes the rest; a re-post is consistent", async () => {
    const rows = `[{"email":"row1@example.com"},{"email":"row2@example.com","custom":{"constructor":"x"}},{"email":"row3@example.com"}]`;
    const first = await api.call("POST", "/v1/imports", { body: rows });
    expect(first.status).toBe(200);
    const report = (await first.json()) as { rows: { status: string; errors?: { pointer: string }[] }[] };
    expect(report.rows.map((r) => r.status)).toEqual(["created", "rejected", "created"]);
    expect(report.rows[1]!.errors?.map((e) => e.pointer)).toEqual(["#/custom/constructor"]);
    const again = (await (await api.call("POST", "/v1/imports", { body: rows })).json()) as typeof report;
    expect(again.rows.map((r) => r.status)).toEqual(["created", "rejected", "created"]);
  });

  it("a form field named like an inherited member is kept as data under another key", async () => {
    const response = await api.call("POST", "/v1/capture/form", {
      body: "email=form-proto%40example.com&constructor=yes&__proto__=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(201);
    const lead = (await response.json()) as { custom: Record<string, unknown> };
    expect(lead.custom).toMatchObject({ constructor_: "yes" });
  });

  it("a PATCH with a 64-character custom key and 50 changed custom fields is a valid change", async () => {
    const lead = (await (
      await api.call("POST", "/v1/leads", { body: { email: "wide@example.com" } })
    ).json()) as {
      id: string;
    };
    const custom = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [`${"k".repeat(62)}${String(i).padStart(2, "0")}`, i]),
    );
    const response = await api.call("PATCH", `/v1/leads/${lead.id}`, {
      body: { company: "Wide Co", title: "CTO", signals: { budget: "approved" }, custom },
    });
    expect(response.status).toBe(200);
    const timeline = (await (await api.call("GET", `/v1/leads/${lead.id}/timeline?limit=100`)).json()) as {
      items: { type: string; data: { fields?: string[] } }[];
    };
    expect(timeline.items.find((e) => e.type === "lead.updated")?.data.fields).toHaveLength(53);
  });

  it("durations are bounded to P10Y in outcomes and policies", async () => {
    const lead = (await (
      await api.call("POST", "/v1/leads", { body: { email: "long@example.com" } })
    ).json()) as {
      id: string;
    };
    const out = await api.call("POST", `/v1/leads/${lead.id}/qualify-out`, {
      body: { reason: "no_budget", reboundAfter: "P999999Y" },
    });
    expect(out.status).toBe(422);
    expect(((await out.json()) as Problem).errors?.map((e) => e.pointer)).toEqual(["#/reboundAfter"]);
    const tooLong = await api.call("PUT", "/v1/policies/rebound", { body: { default: ["P10Y1D"] } });
    expect(tooLong.status).toBe(422);
    const longest = await api.call("PUT", "/v1/policies/rebound", { body: { default: ["P10Y"] } });
    expect(longest.status).toBe(200);
    const lost = await api.call("POST", `/v1/leads/${lead.id}/qualify-out`, {
      body: { reason: "no_budget" },
    });
    expect(lost.status).toBe(200);
  });

  it("a malformed multipart or urlencoded form is a 400", async () => {
    for (const [type, body] of [
      ["multipart/form-data", "--x\r\nContent-Disposition: form-data\r\n"],
      ["multipart/form-data; boundary=abc", "--abc\r\nbroken"],
    ]) {
      const response = await api.call("POST", "/v1/capture/form", {
        body,
        headers: { "content-type": type! },
      });
      expect(response.status, `${type} ${await response.clone().text()}`).toBe(400);
    }
  });
});
