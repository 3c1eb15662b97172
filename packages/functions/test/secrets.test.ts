import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import { CursorCodec } from "../../core/src/paging";
import { createApp } from "../src/api/app";
import { createSecretsManagerClient, secretsManagerStore } from "../src/aws/secrets-manager";
import { loadConfig } from "../src/config";
import { createRuntimeSecrets, runtimeSecrets, SecretUnavailableError } from "../src/secrets";
import { type FakeSecretsManager, startFakeSecretsManager } from "./support/fake-secrets-manager";

let sm: FakeSecretsManager;
let api: TestApi;
beforeAll(async () => {
  sm = await startFakeSecretsManager();
  api = await createTestApi("secrets");
});
afterAll(async () => {
  await sm.close();
  await api.close();
});
beforeEach(() => {
  sm.heal();
  sm.requests.length = 0;
});

const T0 = Date.parse("2026-05-01T10:00:00.000Z");
const MINUTE = 60_000;
let secretCount = 0;
/** Secret names unique per test, as infra names them per stage. */
const names = () => {
  secretCount += 1;
  return { cursor: `rebound/test/cursor-${secretCount}`, admin: `rebound/test/admin-${secretCount}` };
};
// The real SDK client, pointed at the fake: serialisation, signing and error parsing run for real.
const store = (requestTimeoutMs?: number) =>
  secretsManagerStore(
    createSecretsManagerClient({
      endpoint: sm.endpoint,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
    }),
  );
const settings = (
  ids: { cursor: string; admin?: string; suppression?: string },
  env: Record<string, string> = {},
) =>
  loadConfig({
    REBOUND_TABLE_NAME: "secrets-test",
    REBOUND_CURSOR_SECRET_ID: ids.cursor,
    ...(ids.suppression
      ? { REBOUND_SUPPRESSION_SECRET_ID: ids.suppression }
      : { REBOUND_SUPPRESSION_SECRET: "secrets-test-suppression-secret" }),
    ...(ids.admin ? { REBOUND_BOOTSTRAP_ADMIN_KEY_ID: ids.admin } : {}),
    REBOUND_SECRETS_CACHE_MS: String(5 * MINUTE),
    REBOUND_CURSOR_SECRET_GRACE_MS: String(60 * MINUTE),
    ...env,
  });

describe("Secrets Manager adapter (wire level, real SDK client)", () => {
  it("reads the current value with a signed GetSecretValue, and the previous one after a rotation", async () => {
    // Prepare
    const { cursor } = names();
    sm.put(cursor, "first-cursor-secret-value", new Date(T0));
    sm.put(cursor, "second-cursor-secret-value", new Date(T0 + MINUTE));
    // Act
    const current = await store().read(cursor, "current");
    const previous = await store().read(
      `arn:aws:secretsmanager:us-east-1:000000000000:secret:${cursor}-AbCdEf`,
      "previous",
    );
    // Assess
    expect(current).toEqual({ value: "second-cursor-secret-value", createdAt: new Date(T0 + MINUTE) });
    expect(previous?.value).toBe("first-cursor-secret-value");
    expect(sm.requests.map((r) => [r.target, r.versionStage])).toEqual([
      ["secretsmanager.GetSecretValue", "AWSCURRENT"],
      ["secretsmanager.GetSecretValue", "AWSPREVIOUS"],
    ]);
    expect(sm.requests[0]!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/secretsmanager\/aws4_request/,
    );
  });

  it("answers undefined for a secret with no value, never rotated, or missing", async () => {
    const { cursor } = names();
    sm.create(cursor);
    expect(await store().read(cursor, "current")).toBeUndefined();
    sm.put(cursor, "only-value-0123456789");
    expect(await store().read(cursor, "previous")).toBeUndefined();
    expect(await store().read("no/such/secret", "current")).toBeUndefined();
  });

  it("gives up on a frozen Secrets Manager within its request timeout", async () => {
    // Prepare
    const { cursor } = names();
    sm.freeze();
    // Act + Assess: 2 attempts of 300 ms each, not the SDK's default of waiting forever
    await expect(store(300).read(cursor, "current")).rejects.toThrow(/timeout|timed out|abort/i);
    expect(sm.requests.length).toBe(2);
  });
});

describe("runtime secrets: cached, rotated, and served stale when the store is down", () => {
  it("reads once per cache period; a rotation takes effect when the cache expires", async () => {
    // Prepare
    const ids = names();
    sm.put(ids.cursor, "cursor-secret-before-rotation", new Date(T0));
    sm.put(ids.admin, "admin-key-before-rotation-0123456789", new Date(T0));
    let now = T0;
    const secrets = createRuntimeSecrets(settings(ids).secrets, { store: store(), now: () => now });
    // Act
    await secrets.refresh();
    await secrets.refresh();
    sm.put(ids.admin, "admin-key-after-rotation-0123456789", new Date(T0 + MINUTE));
    now = T0 + 4 * MINUTE;
    await secrets.refresh();
    const beforeExpiry = secrets.bootstrapAdminKey();
    now = T0 + 5 * MINUTE + 1;
    await secrets.refresh();
    // Assess
    expect(beforeExpiry).toBe("admin-key-before-rotation-0123456789");
    expect(secrets.bootstrapAdminKey()).toBe("admin-key-after-rotation-0123456789");
    expect(sm.requests.filter((r) => r.versionStage === "AWSCURRENT")).toHaveLength(4); // 2 secrets × 2 loads
  });

  it("after a cursor-secret rotation, cursors signed before it stay valid for the grace period only", async () => {
    // Prepare
    const ids = names();
    sm.put(ids.cursor, "cursor-secret-before-rotation", new Date(T0));
    let now = T0;
    const { secrets, cursors } = runtimeSecrets(settings(ids), { store: store(), now: () => now });
    await secrets.refresh();
    const old = cursors.encode("leads?status=captured", "sk-1");
    // Act: rotate, let the cache expire
    sm.put(ids.cursor, "cursor-secret-after-rotation", new Date(T0 + MINUTE));
    now = T0 + 6 * MINUTE;
    await secrets.refresh();
    const fresh = cursors.encode("leads?status=captured", "sk-1");
    const duringGrace = cursors.decode("leads?status=captured", old);
    now = T0 + MINUTE + 60 * MINUTE + 1; // past the grace period (the cache is still fresh)
    // Assess
    expect(fresh).not.toBe(old);
    expect(duringGrace).toBe("sk-1");
    expect(() => cursors.decode("leads?status=captured", old)).toThrow(/not valid/);
    expect(cursors.decode("leads?status=captured", fresh)).toBe("sk-1");
    expect(new CursorCodec("cursor-secret-after-rotation").decode("leads?status=captured", fresh)).toBe(
      "sk-1",
    );
  });

  it("keeps the last values when a refresh fails, logs it, and retries later", async () => {
    // Prepare
    const ids = names();
    sm.put(ids.cursor, "cursor-secret-value-0123", new Date(T0));
    let now = T0;
    const logged: Record<string, unknown>[] = [];
    const secrets = createRuntimeSecrets(settings(ids).secrets, {
      store: store(),
      now: () => now,
      log: { error: (message, fields) => logged.push({ level: "error", message, ...fields }) },
    });
    await secrets.refresh();
    // Act
    sm.breakDown();
    now = T0 + 10 * MINUTE;
    await secrets.refresh();
    // Assess
    expect(secrets.cursorKeys().sign).toBe("cursor-secret-value-0123");
    expect(logged).toEqual([
      expect.objectContaining({
        level: "error",
        message: "secrets refresh failed; using the last values read",
      }),
    ]);
  });

  it.each([
    [
      "has no value yet",
      (id: string) => sm.create(id),
      /has no value: set one with aws secretsmanager put-secret-value --secret-id rebound\/test\/cursor-\d+/,
    ],
    [
      "is too short",
      (id: string) => sm.put(id, "short"),
      /secret rebound\/test\/cursor-\d+ is shorter than 16 characters/,
    ],
  ])("a cursor secret that %s is unavailable, with the reason", async (_what, arrange, reason) => {
    // Prepare
    const ids = names();
    arrange(ids.cursor);
    const logged: Record<string, unknown>[] = [];
    const secrets = createRuntimeSecrets(settings(ids).secrets, {
      store: store(),
      log: { error: (message, fields) => logged.push({ level: "error", message, ...fields }) },
    });
    // Act
    await secrets.refresh();
    // Assess
    expect(() => secrets.cursorKeys()).toThrowError(SecretUnavailableError);
    expect(String(logged[0]?.error)).toMatch(reason);
  });

  it("reads the suppression secret with the others, keeps no previous value of it, and is unavailable until it has one", async () => {
    // Prepare
    const ids = { ...names(), suppression: `rebound/test/suppression-${secretCount}` };
    sm.put(ids.cursor, "cursor-secret-value-0123", new Date(T0));
    sm.create(ids.suppression);
    let now = T0;
    const secrets = createRuntimeSecrets(settings(ids).secrets, {
      store: store(),
      now: () => now,
      log: { error: () => {} },
    });
    // Act + Assess: without a value, nothing that needs a secret is served (and it says why)
    await secrets.refresh();
    expect(() => secrets.suppressionSecret()).toThrowError(SecretUnavailableError);
    expect(() => secrets.cursorKeys()).toThrowError(/rebound\/test\/suppression-\d+ has no value/);
    // Act + Assess: once set, it is read like the others (after the retry pause)
    sm.put(ids.suppression, "suppression-secret-value-0123", new Date(T0 + MINUTE));
    now = T0 + 2 * MINUTE;
    await secrets.refresh();
    expect(secrets.suppressionSecret()).toBe("suppression-secret-value-0123");
    expect(
      sm.requests.filter((r) => r.secretId === ids.suppression && r.versionStage === "AWSPREVIOUS"),
    ).toEqual([]);
  });
});

describe("the API with its secrets in Secrets Manager", () => {
  function appWith(ids: { cursor: string; admin?: string }, now = () => Date.now()): Hono {
    return createApp({ ...api.deps, ...runtimeSecrets(settings(ids), { store: store(500), now }) });
  }
  const call = (app: Hono, path: string, key?: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...init.headers },
    });

  it("accepts the bootstrap key read from Secrets Manager, and a rotated one within the cache period", async () => {
    // Prepare
    const ids = names();
    sm.put(ids.cursor, "api-cursor-secret-0123456789");
    sm.put(ids.admin, "api-admin-key-before-0123456789");
    let now = T0;
    const app = appWith(ids, () => now);
    // Act
    const before = await call(app, "/v1/leads?limit=1", "api-admin-key-before-0123456789");
    sm.put(ids.admin, "api-admin-key-after-01234567890");
    now = T0 + 5 * MINUTE + 1;
    const oldKeyAfter = await call(app, "/v1/leads?limit=1", "api-admin-key-before-0123456789");
    const newKeyAfter = await call(app, "/v1/leads?limit=1", "api-admin-key-after-01234567890");
    // Assess
    expect(before.status).toBe(200);
    expect(oldKeyAfter.status).toBe(401);
    expect(newKeyAfter.status).toBe(200);
  });

  it("with Secrets Manager down from the start: keyed requests that need a secret get 503 + Retry-After, /health and stored keys still work", async () => {
    // Prepare
    const ids = names();
    const ingest = await api.keyWith("ingest");
    sm.breakDown();
    const app = appWith(ids);
    // Act
    const list = await call(app, "/v1/leads", "some-unknown-or-bootstrap-key-0123");
    const health = await call(app, "/health");
    const capture = await call(app, "/v1/leads", ingest, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "while-down@example.com", source: { type: "form", id: "f" } }),
    });
    // Assess
    expect(list.status).toBe(503);
    expect(list.headers.get("retry-after")).toBe("5");
    expect(list.headers.get("content-type")).toBe("application/problem+json");
    expect(await list.json()).toMatchObject({ status: 503, type: "urn:rebound:problem:unavailable" });
    expect(health.status).toBe(200);
    expect(capture.status).toBe(202);
  });

  it("/health never waits on Secrets Manager: only requests with a key read secrets", async () => {
    // Prepare
    const ids = names();
    sm.freeze();
    const app = appWith(ids);
    // Act
    const health = await call(app, "/health");
    // Assess
    expect(health.status).toBe(200);
    expect(sm.requests).toEqual([]);
  });
});
