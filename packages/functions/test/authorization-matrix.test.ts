import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import {
  authorizationMatrix,
  type CallerKind,
  callerKinds,
  type Fixture,
  type FixtureState,
} from "../../../test/authorization-matrix";
import { captureReady, handOff, json, repKey } from "../../../test/handoff";
import { createLocalEventSink } from "../../core/src/events/local-sink";
import { apiRoutes, createApp } from "../src/api/app";

const REP = "rep-matrix-a";
const OTHER_REP = "rep-matrix-b";

let api: TestApi;
let app: ReturnType<typeof createApp>;
const keys = {} as Record<CallerKind, string | null>;
let serial = 0;

async function expectStatus(response: Response | Promise<Response>, status: number, what: string) {
  const r = await response;
  if (r.status !== status) throw new Error(`fixture ${what}: ${r.status} ${await r.text()}`);
  return r;
}

/** A fresh lead (or key) in the state a case needs, made with the admin key and the owning rep's key. */
async function fixture(state: FixtureState): Promise<Fixture> {
  const n = ++serial;
  const f: Fixture = { leadId: "", appointmentId: "", apiKeyId: "", email: `matrix-${n}@x.io`, repId: REP };
  if (state === "none") return f;
  if (state === "apiKey") {
    const created = await expectStatus(
      api.call("POST", "/v1/api-keys", { body: { name: `victim ${n}`, scopes: ["automation"] } }),
      201,
      "key",
    );
    f.apiKeyId = ((await created.json()) as { id: string }).id;
    return f;
  }
  if (state === "nurturing") {
    f.leadId = (
      await json(
        expectStatus(api.call("POST", "/v1/leads", { body: { email: `lead-${n}@x.io` } }), 201, "capture"),
      )
    ).id;
    return f;
  }
  f.leadId = (await captureReady(api, `lead-${n}@x.io`)).id;
  if (state === "salesReady") return f;
  await expectStatus(handOff(api, f.leadId, REP), 200, "hand-off");
  if (state === "handedOff") return f;
  await expectStatus(api.call("POST", `/v1/leads/${f.leadId}/accept`, { key: keys.rep }), 200, "accept");
  if (state === "accepted") return f;
  // A minute ahead, then the clock moves past it: an appointment that can be closed or rescheduled.
  const at = new Date(api.clock.now().getTime() + 60_000).toISOString();
  const scheduled = await expectStatus(
    api.call("POST", `/v1/leads/${f.leadId}/appointments`, { key: keys.rep, body: { at } }),
    201,
    "appointment",
  );
  f.appointmentId = scheduled.headers.get("appointment-id")!;
  api.clock.advance(120_000);
  return f;
}

const methodOf = (route: string) => route.split(" ")[0]!;

async function send(route: string, kind: CallerKind, f: Fixture): Promise<number> {
  const request = authorizationMatrix[route]!.request(f);
  const headers: Record<string, string> = { ...request.headers };
  const key = keys[kind];
  if (key) headers.authorization = `Bearer ${key}`;
  if (request.body !== undefined) headers["content-type"] = "application/json";
  const response = await app.request(request.path, {
    method: methodOf(route),
    headers,
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}

beforeAll(async () => {
  api = await createTestApi("authz", { REBOUND_INGEST_RATE_LIMIT: "100000/60" });
  // With the local event sink, so the local-only /v1/events route is in the matrix too.
  app = createApp({ ...api.deps, eventSink: createLocalEventSink() });
  keys.none = null;
  keys.ingest = await api.keyWith("ingest");
  keys.rep = await repKey(api, REP);
  keys.otherRep = await repKey(api, OTHER_REP);
  keys.manager = await api.keyWith("sales");
  keys.automation = await api.keyWith("automation");
  keys.admin = await api.keyWith("admin");
});
afterAll(() => api.close());

describe("authorization matrix", () => {
  it("has a row for every route of the API, and no row for a route that does not exist", () => {
    const routes = apiRoutes({ ...api.deps, eventSink: createLocalEventSink() }).map(
      (r) => `${r.method.toUpperCase()} ${r.path}`,
    );
    expect(Object.keys(authorizationMatrix).sort()).toEqual([...new Set(routes)].sort());
  });

  it("every route × every caller kind answers the expected status", async () => {
    const mismatches: string[] = [];
    for (const [route, matrixCase] of Object.entries(authorizationMatrix)) {
      // Refusals change nothing, so they share one fixture; each success gets a fresh one.
      const shared = await fixture(matrixCase.state);
      for (const kind of callerKinds) {
        const expected = matrixCase.expected[kind];
        const actual = await send(route, kind, expected < 300 ? await fixture(matrixCase.state) : shared);
        if (actual !== expected) mismatches.push(`${route} as ${kind}: expected ${expected}, got ${actual}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
