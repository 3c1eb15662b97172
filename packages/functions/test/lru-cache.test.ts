import fc from "fast-check";
// The SDK's own dependency, as the oracle the stand-in must match.
import Mnemonist from "mnemonist/lru-cache";
import { describe, expect, it } from "vitest";
import LRUCache from "../src/aws/lru-cache";

type Op = { op: "get" | "set" | "has" | "peek" | "clear"; key: number; value: number };

describe("the LRU cache Lambda bundles use instead of mnemonist's", () => {
  it("answers every get, has and peek as mnemonist does, for any sequence of operations (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(
          fc.record({
            op: fc.constantFrom("get", "set", "set", "has", "peek", "clear"),
            key: fc.integer({ min: 0, max: 8 }),
            value: fc.integer(),
          }) as fc.Arbitrary<Op>,
          { maxLength: 60 },
        ),
        (capacity, ops) => {
          const ours = new LRUCache<number, number>(capacity);
          const theirs = new Mnemonist<number, number>(capacity);
          for (const { op, key, value } of ops) {
            if (op === "set") {
              ours.set(key, value);
              theirs.set(key, value);
            } else if (op === "clear") {
              ours.clear();
              theirs.clear();
            } else expect(ours[op](key)).toEqual(theirs[op](key));
            expect(ours.size).toBe(theirs.size);
          }
        },
      ),
    );
  });
});
