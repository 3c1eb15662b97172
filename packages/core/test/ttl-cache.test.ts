import { describe, expect, it } from "vitest";
import { TtlCache } from "../src/kernel/ttl-cache";

function setup(ttl = 1_000) {
  let now = 0;
  const loads: string[] = [];
  const cache = new TtlCache<string, string>(ttl, () => now, 2);
  /** `null` loads nothing (an absent value). */
  const load =
    (key: string, value: string | null = `v-${key}`) =>
    async () => {
      loads.push(key);
      return value ?? undefined;
    };
  return { cache, loads, load, advance: (ms: number) => (now += ms) };
}

describe("TtlCache", () => {
  it("serves a loaded value until its time to live has passed, then loads again", async () => {
    const { cache, loads, load, advance } = setup();
    expect(await cache.get("a", load("a"))).toBe("v-a");
    advance(999);
    expect(await cache.get("a", load("a", "changed"))).toBe("v-a");
    advance(1);
    expect(await cache.get("a", load("a", "changed"))).toBe("changed");
    expect(loads).toEqual(["a", "a"]);
  });

  it("does not cache absent values or failures, and shares one load between concurrent misses", async () => {
    const { cache, loads, load } = setup();
    expect(await cache.get("x", load("x", null))).toBeUndefined();
    expect(await cache.get("x", load("x"))).toBe("v-x");
    await expect(cache.get("y", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    const [a, b] = await Promise.all([cache.get("z", load("z")), cache.get("z", load("z"))]);
    expect([a, b]).toEqual(["v-z", "v-z"]);
    expect(loads).toEqual(["x", "x", "z"]);
  });

  it("forgets on demand, stays bounded, and is off with a time to live of 0", async () => {
    const { cache, loads, load } = setup();
    await cache.get("a", load("a"));
    cache.forget("a");
    await cache.get("a", load("a"));
    await cache.get("b", load("b"));
    await cache.get("c", load("c")); // evicts a (at most 2 entries)
    await cache.get("a", load("a"));
    expect(loads).toEqual(["a", "a", "b", "c", "a"]);
    const off = setup(0);
    await off.cache.get("a", off.load("a"));
    await off.cache.get("a", off.load("a"));
    expect(off.loads).toEqual(["a", "a"]);
  });
});
