import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { AGAIN, type Again, backoffDelay, ManualClock, retry, ulidGenerator } from "../src/kernel";
import { isTransientStoreError, StoreError, TransientStoreError } from "../src/kernel/errors";
import { CursorCodec } from "../src/paging";
import { classifyCancellation, isRetryableStoreError, storeErrorOf } from "../src/store/transact";

describe("ulid", () => {
  it("ids sort by time, and ids made within one millisecond keep their order", () => {
    const clock = new ManualClock("2026-01-01T00:00:00.000Z");
    const ids = ulidGenerator(clock);
    const burst = Array.from({ length: 500 }, () => ids.next());
    clock.advance(1);
    const next = ids.next();
    expect([...burst].sort()).toEqual(burst);
    expect(new Set(burst).size).toBe(500);
    expect(next > burst.at(-1)!).toBe(true);
    expect(burst[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describe("cursor codec", () => {
  const codec = new CursorCodec("secret-for-tests-123");
  it("round-trips a sort key for the same query", () => {
    expect(codec.decode("q", codec.encode("q", "LEAD#01ABC"))).toBe("LEAD#01ABC");
  });
  it("rejects a cursor for another query, a forged signature and garbage", () => {
    const cursor = codec.encode("q", "k");
    expect(() => codec.decode("other", cursor)).toThrow(/not valid/);
    expect(() => codec.decode("q", cursor.replace(/\..*/, ".AAAAAAAAAAAAAAAAAAAAAA"))).toThrow(/not valid/);
    expect(() => codec.decode("q", "garbage")).toThrow(/not valid/);
    expect(() => new CursorCodec("another-secret-4567").decode("q", cursor)).toThrow(/not valid/);
  });
});

describe("store error classification", () => {
  const cancelled = (codes: string[]) =>
    new TransactionCanceledException({
      message: "cancelled",
      $metadata: {},
      CancellationReasons: codes.map((Code) => ({ Code })),
    });

  it("names the labelled action whose condition failed", () => {
    const result = classifyCancellation(cancelled(["None", "ConditionalCheckFailed", "None"]), [
      "lead",
      "email",
      "event",
    ]);
    expect(result).toEqual({ failed: [{ label: "email", code: "ConditionalCheckFailed" }], conflict: false });
  });

  it("treats transaction conflicts and throttling as retryable, failed conditions as not", () => {
    expect(isRetryableStoreError(cancelled(["TransactionConflict", "None"]))).toBe(true);
    expect(isRetryableStoreError(cancelled(["ThrottlingError"]))).toBe(true);
    expect(isRetryableStoreError(cancelled(["ConditionalCheckFailed"]))).toBe(false);
    expect(
      isRetryableStoreError(
        Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" }),
      ),
    ).toBe(true);
    expect(isRetryableStoreError(Object.assign(new Error("bad"), { name: "ValidationException" }))).toBe(
      false,
    );
    expect(classifyCancellation(new Error("other"), [])).toBeUndefined();
  });

  it("backs off exponentially under a cap, with full jitter", () => {
    expect(backoffDelay(0, 10, 1000, () => 0.999)).toBe(9);
    expect(backoffDelay(3, 10, 1000, () => 0.999)).toBe(79);
    expect(backoffDelay(20, 10, 1000, () => 0.999)).toBe(999);
    expect(backoffDelay(5, 10, 1000, () => 0)).toBe(0);
  });

  it("passes SDK errors up as the store's own: busy → TransientStoreError, other service errors → StoreError, bugs unchanged", () => {
    const conflict = storeErrorOf(cancelled(["None", "TransactionConflict"]));
    expect(conflict).toBeInstanceOf(TransientStoreError);
    expect(isTransientStoreError(conflict)).toBe(true);
    const throttled = storeErrorOf(Object.assign(new Error("slow down"), { name: "ThrottlingException" }));
    expect(isTransientStoreError(throttled)).toBe(true);
    const refused = storeErrorOf(
      Object.assign(new Error("item too large"), { name: "ValidationException", $metadata: {} }),
    );
    expect(refused).toBeInstanceOf(StoreError);
    expect(isTransientStoreError(refused)).toBe(false);
    expect((refused as StoreError).code).toBe("ValidationException");
    const bug = new TypeError("bug");
    expect(storeErrorOf(bug)).toBe(bug);
  });
});

import { outboxEvents } from "../src/events/forward";

describe("outbox records", () => {
  it("reads change inserts only, one event per event in the change, and repairs empty maps the Streams SDK drops", () => {
    const actor = { M: { kind: { S: "api_key" }, id: { S: "k1" } } };
    const image = {
      pk: { S: "LEAD#1" },
      sk: { S: "EVT#0000000003" },
      entity: { S: "change" },
      leadId: { S: "1" },
      version: { N: "3" },
      at: { S: "2026-03-02T09:00:00.000Z" },
      actor,
      events: {
        L: [
          {
            M: {
              eventId: { S: "E1" },
              type: { S: "lead.accepted" },
              schemaVersion: { N: "1" },
              data: { M: { nested: { M: { empty: {}, kept: { M: {} }, list: { L: [{}, { S: "x" }] } } } } },
            },
          },
          {
            M: {
              eventId: { S: "E2" },
              type: { S: "lead.qualified" },
              schemaVersion: { N: "1" },
              why: { S: "because" },
              data: {},
            },
          },
        ],
      },
    };
    const records = [
      { eventName: "INSERT", dynamodb: { NewImage: image, SequenceNumber: "100" } },
      { eventName: "MODIFY", dynamodb: { NewImage: image, SequenceNumber: "101" } },
      {
        eventName: "INSERT",
        dynamodb: { NewImage: { ...image, entity: { S: "lead" } }, SequenceNumber: "102" },
      },
    ];
    const events = outboxEvents(records);
    expect(events.map((e) => e.sequenceNumber)).toEqual(["100", "100"]);
    const envelope = {
      leadId: "1",
      version: 3,
      at: "2026-03-02T09:00:00.000Z",
      actor: { kind: "api_key", id: "k1" },
      schemaVersion: 1,
    };
    expect(events.map((e) => e.event)).toEqual([
      {
        ...envelope,
        eventId: "E1",
        type: "lead.accepted",
        data: { nested: { empty: {}, kept: {}, list: [{}, "x"] } },
      },
      { ...envelope, eventId: "E2", type: "lead.qualified", why: "because", data: {} },
    ]);
  });
});

describe("the retry helper", () => {
  const limits = { attempts: 4, baseMs: 10, capMs: 1_000 };
  const recorded = () => {
    const pauses: number[] = [];
    return { pauses, sleep: async (ms: number) => void pauses.push(ms), random: () => 0.5 };
  };

  it("retries an attempt that asks again, pausing with doubling full-jitter ceilings, until it succeeds", async () => {
    const { pauses, sleep, random } = recorded();
    const result = await retry(limits, { sleep, random, exhausted: () => "gave up" }, async (n) =>
      n < 3 ? AGAIN : `done after ${n + 1}`,
    );
    expect(result).toBe("done after 4");
    expect(pauses).toEqual([5, 10, 20]);
  });

  it("retries only the errors the predicate accepts; any other error ends the loop at once", async () => {
    const throttled = Object.assign(new Error("slow down"), { name: "Throttled" });
    let calls = 0;
    const retryable = (e: unknown) => (e as Error).name === "Throttled";
    const value = await retry(limits, { retryable, sleep: async () => {}, exhausted: () => 0 }, async () => {
      if (++calls < 3) throw throttled;
      return calls;
    });
    expect(value).toBe(3);
    calls = 0;
    await expect(
      retry(limits, { retryable, sleep: async () => {}, exhausted: () => 0 }, async () => {
        calls++;
        throw new TypeError("bug");
      }),
    ).rejects.toThrow("bug");
    expect(calls).toBe(1);
  });

  it("answers with `exhausted` when attempts run out or the stop condition holds before a retry", async () => {
    let calls = 0;
    const attempt = async (): Promise<Again> => {
      calls++;
      return AGAIN;
    };
    expect(await retry<string>(limits, { sleep: async () => {}, exhausted: (why) => why }, attempt)).toBe(
      "attempts",
    );
    expect(calls).toBe(4);
    calls = 0;
    expect(
      await retry<string>(
        limits,
        { stop: () => calls >= 2, sleep: async () => {}, exhausted: (why) => why },
        attempt,
      ),
    ).toBe("stopped");
    expect(calls).toBe(2);
  });
});
