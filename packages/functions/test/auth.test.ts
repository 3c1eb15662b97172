import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";

let api: TestApi;
let leadId: string;
beforeAll(async () => {
  api = await createTestApi("auth");
  leadId = (
    (await (await api.call("POST", "/v1/leads", { body: { email: "someone@example.com" } })).json()) as {
      id: string;
    }
  ).id;
});
afterAll(() => api.close());

describe("API keys and scopes", () => {
  it("refuses a request without a key with 401 and a WWW-Authenticate challenge", async () => {
    const response = await api.call("GET", "/v1/leads", { key: null });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses an unknown or malformed key with 401", async () => {
    expect((await api.call("GET", "/v1/leads", { key: `rbk_abcdefgh_${"x".repeat(43)}` })).status).toBe(401);
    expect((await api.call("GET", "/v1/leads", { key: "not-a-key" })).status).toBe(401);
  });

  it("lets public routes through without a key", async () => {
    for (const path of ["/health", "/openapi.json", "/docs"])
      expect((await api.call("GET", path, { key: null })).status).toBe(200);
  });

  it("an ingest key captures (202, no lead data) and can read nothing back", async () => {
    const ingest = await api.keyWith("ingest");
    const created = await api.call("POST", "/v1/leads", {
      key: ingest,
      body: { email: "public-form@example.com" },
    });
    expect(created.status).toBe(202);
    expect(created.headers.get("location")).toBeNull();
    expect(await created.json()).toEqual({ status: "accepted" });
    // The same answer for a known email: the response never reveals whether a person is known.
    const again = await api.call("POST", "/v1/leads", {
      key: ingest,
      body: { email: "someone@example.com" },
    });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ status: "accepted" });
    expect((await api.call("GET", "/v1/leads", { key: ingest })).status).toBe(403);
    expect((await api.call("GET", `/v1/leads/${leadId}`, { key: ingest })).status).toBe(403);
    expect((await api.call("GET", `/v1/leads/${leadId}/timeline`, { key: ingest })).status).toBe(403);
    expect(
      (await api.call("PATCH", `/v1/leads/${leadId}`, { key: ingest, body: { company: "x" } })).status,
    ).toBe(403);
    // The capture did land: an admin sees the lead.
    const list = (await (await api.call("GET", "/v1/leads?limit=100")).json()) as {
      items: { email: string }[];
    };
    expect(list.items.map((l) => l.email)).toContain("public-form@example.com");
  });

  it("a sales key reads leads but cannot manage keys", async () => {
    const sales = await api.keyWith("sales");
    expect((await api.call("GET", `/v1/leads/${leadId}`, { key: sales })).status).toBe(200);
    const forbidden = await api.call("POST", "/v1/api-keys", {
      key: sales,
      body: { name: "x", scopes: ["admin"] },
    });
    expect(forbidden.status).toBe(403);
  });

  it("stores only a hash: the token is shown once and never listed", async () => {
    const response = await api.call("POST", "/v1/api-keys", {
      body: { name: "zapier", scopes: ["ingest", "ingest"], ingest: { serverToServer: true } },
    });
    const created = (await response.json()) as { id: string; token: string; scopes: string[] };
    expect(created.scopes).toEqual(["ingest"]);
    const listed = await (await api.call("GET", "/v1/api-keys?limit=100")).text();
    expect(listed).toContain(created.id);
    expect(listed).not.toContain(created.token.split("_").at(-1)!);
    expect(listed).not.toContain("secretHash");
  });

  it("a revoked key stops working; revoking an unknown key is 404", async () => {
    const automation = await api.keyWith("automation");
    expect((await api.call("GET", "/v1/leads", { key: automation })).status).toBe(200);
    const id = automation.split("_")[1]!;
    expect((await api.call("DELETE", `/v1/api-keys/${id}`)).status).toBe(204);
    expect((await api.call("GET", "/v1/leads", { key: automation })).status).toBe(401);
    expect((await api.call("DELETE", "/v1/api-keys/nosuchkey")).status).toBe(404);
  });

  it("rejects a key request with unknown scopes as 422 with the field path", async () => {
    const response = await api.call("POST", "/v1/api-keys", { body: { name: "x", scopes: ["god"] } });
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { errors: { pointer: string }[] };
    expect(problem.errors[0]!.pointer).toBe("#/scopes/0");
  });
});
