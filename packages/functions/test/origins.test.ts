import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { generateApiKey, hashSecret } from "../../core/src/auth";

let api: TestApi;
beforeAll(async () => (api = await createTestApi("origins")));
afterAll(() => api.close());

async function createKey(body: Record<string, unknown>): Promise<string> {
  const response = await api.call("POST", "/v1/api-keys", { body: { name: "form key", ...body } });
  if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

const capture = (key: string, email: string, origin?: string) =>
  api.call("POST", "/v1/leads", { key, body: { email }, headers: origin ? { origin } : {} });

describe("allowed origins of ingest keys", () => {
  it("a browser key accepts its origins only; no Origin and Origin: null are refused", async () => {
    const key = await createKey({
      scopes: ["ingest"],
      ingest: { allowedOrigins: ["https://www.example.com", "http://localhost:8080"] },
    });
    expect((await capture(key, "o1@x.io", "https://www.example.com")).status).toBe(202);
    expect((await capture(key, "o2@x.io", "http://localhost:8080")).status).toBe(202);
    expect((await capture(key, "o3@x.io", "https://WWW.EXAMPLE.COM")).status).toBe(202);
    const foreign = await capture(key, "o4@x.io", "https://evil.example");
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");
    expect(foreign.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await foreign.json()).toMatchObject({ type: "urn:rebound:problem:origin-not-allowed" });
    for (const origin of ["https://www.example.com.evil.example", "null", "http://www.example.com"])
      expect((await capture(key, "o5@x.io", origin)).status).toBe(403);
    const serverCall = await capture(key, "o6@x.io");
    expect(serverCall.status).toBe(403);
    expect(await serverCall.json()).toMatchObject({ type: "urn:rebound:problem:origin-required" });
    const emails = (
      (await (await api.call("GET", "/v1/leads?limit=100")).json()) as { items: { email: string }[] }
    ).items.map((l) => l.email);
    expect(emails).toEqual(expect.arrayContaining(["o1@x.io", "o2@x.io", "o3@x.io"]));
    for (const refused of ["o4@x.io", "o5@x.io", "o6@x.io"]) expect(emails).not.toContain(refused);
  });

  it("a server-to-server key accepts requests without Origin, and browsers only from its list", async () => {
    const server = await createKey({ scopes: ["ingest"], ingest: { serverToServer: true } });
    expect((await capture(server, "s1@x.io")).status).toBe(202);
    expect((await capture(server, "s2@x.io", "https://www.example.com")).status).toBe(403);
    const both = await createKey({
      scopes: ["ingest"],
      ingest: { serverToServer: true, allowedOrigins: ["https://www.example.com"] },
    });
    expect((await capture(both, "s3@x.io")).status).toBe(202);
    expect((await capture(both, "s4@x.io", "https://www.example.com")).status).toBe(202);
  });

  it("refused origins are not counted against the key's rate limit", async () => {
    const key = await createKey({
      scopes: ["ingest"],
      ingest: { allowedOrigins: ["https://www.example.com"] },
      rateLimit: { requests: 1, windowSeconds: 60 },
    });
    for (let i = 0; i < 3; i++)
      expect((await capture(key, `r${i}@x.io`, "https://evil.example")).status).toBe(403);
    expect((await capture(key, "r9@x.io", "https://www.example.com")).status).toBe(202);
    expect((await capture(key, "r10@x.io", "https://www.example.com")).status).toBe(429);
  });

  it("trusted keys are not origin-checked, and may not carry an origin policy", async () => {
    const automation = await api.keyWith("automation");
    expect((await capture(automation, "t1@x.io", "https://anywhere.example")).status).toBe(201);
    const refused = await api.call("POST", "/v1/api-keys", {
      body: {
        name: "x",
        scopes: ["sales"],
        ingest: { allowedOrigins: ["https://www.example.com"], serverToServer: true },
      },
    });
    expect(refused.status).toBe(422);
    expect(
      ((await refused.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer),
    ).toEqual(["#/ingest"]);
  });

  it("an ingest key must say where it is used, with well-formed origins", async () => {
    for (const [body, pointer] of [
      [{}, "#/ingest"],
      [{ ingest: {} }, "#/ingest/allowedOrigins"],
      [{ ingest: { allowedOrigins: [] } }, "#/ingest/allowedOrigins"],
      [{ ingest: { serverToServer: false } }, "#/ingest/allowedOrigins"],
      [{ ingest: { allowedOrigins: ["https://www.example.com/"] } }, "#/ingest/allowedOrigins/0"],
      [{ ingest: { allowedOrigins: ["https://www.example.com/contact"] } }, "#/ingest/allowedOrigins/0"],
      [{ ingest: { allowedOrigins: ["HTTPS://EXAMPLE.COM"] } }, "#/ingest/allowedOrigins/0"],
      [{ ingest: { allowedOrigins: ["ftp://example.com"] } }, "#/ingest/allowedOrigins/0"],
      [{ ingest: { allowedOrigins: ["*"] } }, "#/ingest/allowedOrigins/0"],
      [{ ingest: { serverToServer: true, redirectUrl: "javascript:alert(1)" } }, "#/ingest/redirectUrl"],
    ] as const) {
      const response = await api.call("POST", "/v1/api-keys", {
        body: { name: "x", scopes: ["ingest"], ...body },
      });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(((await response.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toBe(pointer);
    }
  });

  it("an ingest key stored before origin policies existed is not checked (rotate it to get one)", async () => {
    const { id, secret, token } = generateApiKey();
    await api.stores.apiKeys.create({
      id,
      name: "legacy form key",
      scopes: ["ingest"],
      secretHash: hashSecret(secret),
      createdAt: "2026-01-01T00:00:00.000Z",
      createdBy: "bootstrap",
    });
    expect((await capture(token, "legacy1@x.io", "https://anywhere.example")).status).toBe(202);
    expect((await capture(token, "legacy2@x.io")).status).toBe(202);
  });
});
