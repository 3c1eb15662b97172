import { describe, expect, it } from "vitest";
import type { ApiKeyRecord } from "../src/auth";
import type { ApiKeyRepository } from "../src/ports/api-keys";
import type { PolicyVersions } from "../src/ports/policies";
import { cachedApiKeys, cachedPolicies } from "../src/store/cached";

/** A fake clock for the cache's monotonic timer, and fake stores that count their reads. */
function setup() {
  let now = 0;
  const reads = { policy: 0, key: 0 };
  let policy = { version: 1 };
  const keys = new Map<string, ApiKeyRecord>([
    ["k1", { id: "k1", name: "form", scopes: ["ingest"], secretHash: "h", createdAt: "t", createdBy: "a" }],
  ]);
  const policies: PolicyVersions<{ version: number }> = {
    current: async () => {
      reads.policy++;
      return policy;
    },
    version: async () => undefined,
    create: async (next) => {
      policy = next;
    },
  };
  const apiKeys: ApiKeyRepository = {
    create: async () => undefined,
    get: async (id) => {
      reads.key++;
      return keys.get(id);
    },
    revoke: async (id, at) => {
      const revoked = { ...keys.get(id)!, revokedAt: at };
      keys.set(id, revoked);
      return revoked;
    },
    list: async () => ({ items: [] }),
  };
  const timer = () => now;
  return {
    reads,
    policies: cachedPolicies(policies, 5_000, timer),
    apiKeys: cachedApiKeys(apiKeys, 5_000, timer),
    /** Another instance (another Lambda) over the same table, with a cache of its own. */
    elsewhere: {
      policies: cachedPolicies(policies, 5_000, timer),
      apiKeys: cachedApiKeys(apiKeys, 5_000, timer),
    },
    /** A change made behind every cache's back (another instance's write). */
    publishElsewhere: (version: number) => {
      policy = { version };
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("the policy in force, cached", () => {
  it("is read once per time to live, and strongly consistent reads always go to the table", async () => {
    const s = setup();
    await s.policies.current();
    await s.policies.current();
    expect(s.reads.policy).toBe(1);
    await s.policies.current(true);
    expect(s.reads.policy).toBe(2);
  });

  it("a publish is seen at once where it was made, and elsewhere within the time to live", async () => {
    const s = setup();
    await s.policies.current();
    await s.elsewhere.policies.current();
    await s.policies.create({ version: 2 }, 1);
    expect(await s.policies.current()).toEqual({ version: 2 });
    expect(await s.elsewhere.policies.current()).toEqual({ version: 1 });
    s.advance(5_000);
    expect(await s.elsewhere.policies.current()).toEqual({ version: 2 });
    s.publishElsewhere(3);
    expect(await s.elsewhere.policies.current()).toEqual({ version: 2 });
    s.advance(4_999);
    expect(await s.elsewhere.policies.current()).toEqual({ version: 2 });
    s.advance(1);
    expect(await s.elsewhere.policies.current()).toEqual({ version: 3 });
  });
});

describe("API keys, cached", () => {
  it("a revoked key is refused at once where it was revoked, and elsewhere within the time to live", async () => {
    const s = setup();
    expect(await s.apiKeys.get("k1")).not.toHaveProperty("revokedAt");
    expect(await s.elsewhere.apiKeys.get("k1")).not.toHaveProperty("revokedAt");
    await s.apiKeys.revoke("k1", "2026-03-02T09:00:00.000Z");
    expect(await s.apiKeys.get("k1")).toHaveProperty("revokedAt");
    expect(await s.elsewhere.apiKeys.get("k1")).not.toHaveProperty("revokedAt");
    s.advance(5_000);
    expect(await s.elsewhere.apiKeys.get("k1")).toHaveProperty("revokedAt");
  });

  it("an unknown key is never cached (a key created a moment ago on another instance works at once)", async () => {
    const s = setup();
    expect(await s.apiKeys.get("k2")).toBeUndefined();
    expect(await s.apiKeys.get("k2")).toBeUndefined();
    expect(s.reads.key).toBe(2);
  });
});
