import { defaultPolicyInput } from "../packages/core/src/qualification";

/**
 * The authorization matrix: every route of the API × every kind of caller → the status it
 * gets for a valid request. `packages/functions/test/authorization-matrix.test.ts` runs every
 * cell against the real app and fails on a route missing from this table, so a new route
 * cannot ship without someone deciding who may call it.
 */

/** The callers: no key, and one key of each kind. `rep` owns the fixture lead; `otherRep` does not. */
export const callerKinds = ["none", "ingest", "rep", "otherRep", "manager", "automation", "admin"] as const;
export type CallerKind = (typeof callerKinds)[number];

/** What a case needs to exist before its request: a lead in some state (handed to `rep`), or a key to revoke. */
export type FixtureState =
  | "none"
  | "nurturing"
  | "salesReady"
  | "handedOff"
  | "accepted"
  | "withAppointment"
  | "apiKey";

export interface Fixture {
  leadId: string;
  appointmentId: string;
  apiKeyId: string;
  /** A unique email for requests that capture. */
  email: string;
  repId: string;
}

export interface MatrixCase {
  state: FixtureState;
  request(f: Fixture): { path: string; body?: unknown; headers?: Record<string, string> };
  expected: Record<CallerKind, number>;
}

/** One row, in the order of `callerKinds`: none, ingest, rep, otherRep, manager, automation, admin. */
function row(
  ...statuses: [number, number, number, number, number, number, number]
): Record<CallerKind, number> {
  return Object.fromEntries(callerKinds.map((kind, i) => [kind, statuses[i]!])) as Record<CallerKind, number>;
}

const future = (days: number) => new Date(Date.UTC(2026, 5, 1 + days)).toISOString();
const lead = (f: Fixture, action = "") => `/v1/leads/${f.leadId}${action}`;

//                                                          none ingest rep other manager autom admin
export const authorizationMatrix: Record<string, MatrixCase> = {
  "GET /health": {
    state: "none",
    request: () => ({ path: "/health" }),
    expected: row(200, 200, 200, 200, 200, 200, 200),
  },
  "GET /health/ready": {
    state: "none",
    request: () => ({ path: "/health/ready" }),
    expected: row(200, 200, 200, 200, 200, 200, 200),
  },
  "GET /openapi.json": {
    state: "none",
    request: () => ({ path: "/openapi.json" }),
    expected: row(200, 200, 200, 200, 200, 200, 200),
  },
  "GET /docs": {
    state: "none",
    request: () => ({ path: "/docs" }),
    expected: row(200, 200, 200, 200, 200, 200, 200),
  },
  "POST /v1/leads": {
    state: "none",
    request: (f) => ({ path: "/v1/leads", body: { email: f.email } }),
    expected: row(401, 202, 202, 202, 201, 201, 201),
  },
  "GET /v1/leads": {
    state: "none",
    request: () => ({ path: "/v1/leads" }),
    expected: row(401, 403, 403, 403, 200, 200, 200),
  },
  "GET /v1/leads/{id}": {
    state: "handedOff",
    request: (f) => ({ path: lead(f) }),
    expected: row(401, 403, 200, 403, 200, 200, 200),
  },
  "PATCH /v1/leads/{id}": {
    state: "handedOff",
    request: (f) => ({ path: lead(f), body: { company: "Renamed Ltd" } }),
    expected: row(401, 403, 200, 403, 200, 200, 200),
  },
  "GET /v1/leads/{id}/timeline": {
    state: "handedOff",
    request: (f) => ({ path: lead(f, "/timeline") }),
    expected: row(401, 403, 200, 403, 200, 200, 200),
  },
  "POST /v1/imports": {
    state: "none",
    request: (f) => ({ path: "/v1/imports", body: [{ email: f.email }] }),
    expected: row(401, 403, 403, 403, 403, 200, 200),
  },
  "POST /v1/capture/form": {
    state: "none",
    request: (f) => ({ path: "/v1/capture/form", body: { email: f.email } }),
    expected: row(401, 202, 202, 202, 201, 201, 201),
  },
  // An ingest key takes Typeform deliveries only with the webhook's secret (none here).
  "POST /v1/capture/typeform": {
    state: "none",
    request: (f) => ({
      path: "/v1/capture/typeform",
      body: {
        event_type: "form_response",
        form_response: {
          form_id: "matrix",
          answers: [{ type: "email", email: f.email, field: { id: "f1", type: "email" } }],
        },
      },
    }),
    expected: row(401, 403, 202, 202, 201, 201, 201),
  },
  "GET /v1/capture/thanks": {
    state: "none",
    request: () => ({ path: "/v1/capture/thanks" }),
    expected: row(200, 200, 200, 200, 200, 200, 200),
  },
  "POST /v1/api-keys": {
    state: "none",
    request: () => ({ path: "/v1/api-keys", body: { name: "matrix", scopes: ["automation"] } }),
    expected: row(401, 403, 403, 403, 403, 403, 201),
  },
  "GET /v1/api-keys": {
    state: "none",
    request: () => ({ path: "/v1/api-keys" }),
    expected: row(401, 403, 403, 403, 403, 403, 200),
  },
  "DELETE /v1/api-keys/{id}": {
    state: "apiKey",
    request: (f) => ({ path: `/v1/api-keys/${f.apiKeyId}` }),
    expected: row(401, 403, 403, 403, 403, 403, 204),
  },
  "GET /v1/policies/sales-ready": {
    state: "none",
    request: () => ({ path: "/v1/policies/sales-ready" }),
    expected: row(401, 403, 200, 200, 200, 200, 200),
  },
  "PUT /v1/policies/sales-ready": {
    state: "none",
    request: () => ({ path: "/v1/policies/sales-ready", body: defaultPolicyInput }),
    expected: row(401, 403, 403, 403, 403, 403, 201),
  },
  "POST /v1/leads/{id}/handoff": {
    state: "salesReady",
    request: (f) => ({
      path: lead(f, "/handoff"),
      body: { repId: f.repId, notes: { summary: "Wants a demo." } },
    }),
    expected: row(401, 403, 403, 403, 200, 200, 200),
  },
  "POST /v1/leads/{id}/accept": {
    state: "handedOff",
    request: (f) => ({ path: lead(f, "/accept") }),
    expected: row(401, 403, 200, 403, 403, 403, 200),
  },
  "POST /v1/leads/{id}/reject": {
    state: "handedOff",
    request: (f) => ({ path: lead(f, "/reject"), body: { reason: "Not our market." } }),
    expected: row(401, 403, 200, 403, 403, 403, 200),
  },
  "POST /v1/leads/{id}/reassign": {
    state: "handedOff",
    request: (f) => ({
      path: lead(f, "/reassign"),
      body: { repId: "rep-matrix-c", reason: "Territory change." },
    }),
    expected: row(401, 403, 403, 403, 200, 403, 200),
  },
  "POST /v1/leads/{id}/follow-ups": {
    state: "accepted",
    request: (f) => ({ path: lead(f, "/follow-ups"), body: { channel: "phone", note: "Called back." } }),
    expected: row(401, 403, 201, 403, 403, 403, 201),
  },
  "POST /v1/leads/{id}/appointments": {
    state: "accepted",
    request: (f) => ({ path: lead(f, "/appointments"), body: { at: future(10) } }),
    expected: row(401, 403, 201, 403, 403, 403, 201),
  },
  "POST /v1/leads/{id}/appointments/{appointmentId}/reschedule": {
    state: "withAppointment",
    request: (f) => ({
      path: lead(f, `/appointments/${f.appointmentId}/reschedule`),
      body: { at: future(12) },
    }),
    expected: row(401, 403, 200, 403, 403, 403, 200),
  },
  "POST /v1/leads/{id}/appointments/{appointmentId}/close": {
    state: "withAppointment",
    request: (f) => ({ path: lead(f, `/appointments/${f.appointmentId}/close`), body: { result: "held" } }),
    expected: row(401, 403, 200, 403, 403, 403, 200),
  },
  "POST /v1/leads/{id}/won": {
    state: "accepted",
    request: (f) => ({ path: lead(f, "/won"), body: { kind: "sale" } }),
    expected: row(401, 403, 200, 403, 403, 403, 200),
  },
  "POST /v1/leads/{id}/recycle": {
    state: "accepted",
    request: (f) => ({
      path: lead(f, "/recycle"),
      body: { followUpAt: future(60), reason: "Budget next year." },
    }),
    expected: row(401, 403, 200, 403, 403, 403, 200),
  },
  "POST /v1/leads/{id}/lost": {
    state: "accepted",
    request: (f) => ({ path: lead(f, "/lost"), body: { reason: "timing" } }),
    expected: row(401, 403, 200, 403, 403, 403, 200),
  },
  "POST /v1/leads/{id}/qualify-out": {
    state: "nurturing",
    request: (f) => ({ path: lead(f, "/qualify-out"), body: { reason: "no_budget" } }),
    expected: row(401, 403, 403, 403, 200, 200, 200),
  },
  "GET /v1/reps/{repId}/leads": {
    state: "none",
    request: (f) => ({ path: `/v1/reps/${f.repId}/leads` }),
    expected: row(401, 403, 200, 403, 200, 200, 200),
  },
  "POST /v1/admin/sweeps/sla": {
    state: "none",
    request: () => ({ path: "/v1/admin/sweeps/sla" }),
    expected: row(401, 403, 403, 403, 403, 403, 200),
  },
  "GET /v1/policies/rebound": {
    state: "none",
    request: () => ({ path: "/v1/policies/rebound" }),
    expected: row(401, 403, 200, 200, 200, 200, 200),
  },
  "PUT /v1/policies/rebound": {
    state: "none",
    request: () => ({ path: "/v1/policies/rebound", body: { default: ["P6M"], reasons: { spam: "never" } } }),
    expected: row(401, 403, 403, 403, 403, 403, 200),
  },
  "POST /v1/admin/sweeps/rebound": {
    state: "none",
    request: () => ({ path: "/v1/admin/sweeps/rebound?dryRun=true" }),
    expected: row(401, 403, 403, 403, 403, 403, 200),
  },
  "GET /v1/segments/rebound": {
    state: "none",
    request: () => ({ path: "/v1/segments/rebound" }),
    expected: row(401, 403, 403, 403, 403, 200, 200),
  },
  "GET /v1/rebounds/upcoming": {
    state: "none",
    request: () => ({ path: `/v1/rebounds/upcoming?before=${encodeURIComponent(future(400))}` }),
    expected: row(401, 403, 403, 403, 200, 200, 200),
  },
  "POST /v1/leads/{id}/erase": {
    state: "handedOff",
    request: (f) => ({ path: lead(f, "/erase") }),
    expected: row(401, 403, 403, 403, 403, 403, 200),
  },
  "POST /v1/admin/dead-letters/replay": {
    state: "none",
    request: () => ({ path: "/v1/admin/dead-letters/replay" }),
    expected: row(401, 403, 403, 403, 403, 403, 200),
  },
  // Reports show every rep's figures: managers, automation and admins; never a rep's key or a
  // public one. (The dashboard page itself is a static file; its figures come from these.)
  ...Object.fromEntries(
    ["funnel", "sources", "reps", "rebounds"].map((report) => [
      `GET /v1/reports/${report}`,
      {
        state: "none",
        request: () => ({ path: `/v1/reports/${report}` }),
        expected: row(401, 403, 403, 403, 200, 200, 200),
      } satisfies MatrixCase,
    ]),
  ),
  "GET /v1/events": {
    state: "none",
    request: () => ({ path: "/v1/events" }),
    expected: row(401, 403, 403, 403, 403, 200, 200),
  },
};
