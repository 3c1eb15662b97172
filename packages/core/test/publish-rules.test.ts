import { describe, expect, it } from "vitest";
import { entrySize, packRequests } from "../src/events/eventbridge-entry";
import { orderByLeadVersion } from "../src/events/publisher";
import { classifyEntryError, classifyRequestError } from "../src/events/retry";
import { backoffDelay } from "../src/kernel/retry";
import { touched } from "./support/lead-events";

describe("PutEvents failure classification", () => {
  it("retries only the per-entry codes EventBridge documents as retryable", () => {
    expect(classifyEntryError("InternalFailure").outcome).toBe("retry");
    expect(classifyEntryError("ThrottlingException").outcome).toBe("retry");
    for (const code of [
      "MalformedDetail",
      "InvalidArgument",
      "AccessDeniedException",
      "NotAuthorizedForSourceException",
      "SomethingNew",
    ]) {
      expect(classifyEntryError(code).outcome).toBe("reject");
    }
  });

  it("retries throttling, 5xx and status-less errors; rejects other 4xx", () => {
    // Prepare
    const service = (name: string, status: number) =>
      Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
    const socket = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    // Act + Assess
    expect(classifyRequestError(service("ThrottlingException", 400))).toMatchObject({
      outcome: "retry",
      code: "ThrottlingException",
    });
    expect(classifyRequestError(service("InternalException", 500))).toMatchObject({ outcome: "retry" });
    expect(classifyRequestError(service("ServiceUnavailable", 503))).toMatchObject({ outcome: "retry" });
    expect(classifyRequestError(socket)).toMatchObject({ outcome: "retry", code: "ECONNRESET" });
    expect(classifyRequestError(service("AccessDeniedException", 400))).toMatchObject({
      outcome: "reject",
      code: "AccessDeniedException",
    });
    expect(classifyRequestError(service("ResourceNotFoundException", 400))).toMatchObject({
      outcome: "reject",
    });
  });
});

describe("full-jitter backoff", () => {
  // The publisher pauses with the kernel's helper: retry n−1 after the n-th failed send.
  const delayAfter = (failures: number, random: number) =>
    backoffDelay(failures - 1, 100, 1_000, () => random);

  it("doubles the ceiling per failed attempt up to the cap", () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((n) => delayAfter(n, 0.999_999));
    expect(ceilings).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("draws the whole range from zero, not a fixed delay plus noise", () => {
    expect(delayAfter(3, 0)).toBe(0);
    expect(delayAfter(3, 0.25)).toBe(100);
  });
});

describe("entry size and request packing", () => {
  it("counts UTF-8 bytes of Source, DetailType, Detail and Resources, and 14 for Time", () => {
    // Prepare: "é" is 2 bytes, "語" 3
    const entry = {
      Source: "rebound",
      DetailType: "lead.won",
      Detail: '{"n":"é語"}',
      Resources: ["arn:x", "ü"],
      Time: new Date(),
    };
    // Act + Assess
    expect(entrySize(entry)).toBe(14 + 7 + 8 + (8 + 2 + 3) + (5 + 2));
    expect(entrySize({ ...entry, Time: undefined })).toBe(entrySize(entry) - 14);
  });

  it("closes a request at the entry count or when the next item would pass the byte limit", () => {
    // Prepare
    const items = [40, 40, 30, 10, 90, 5].map((size, id) => ({ id, size }));
    // Act
    const byBytes = packRequests(items, 10, 100).map((r) => r.map((i) => i.id));
    const byCount = packRequests(items, 4, 1_000).map((r) => r.map((i) => i.id));
    // Assess
    expect(byBytes).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(byCount).toEqual([
      [0, 1, 2, 3],
      [4, 5],
    ]);
  });
});

describe("per-lead ordering of a batch", () => {
  it("sorts each lead by version within the slots it held, keeping leads interleaved", () => {
    // Prepare
    const batch = [
      touched("a", 3),
      touched("b", 2),
      touched("a", 1),
      touched("c", 1),
      touched("b", 1),
      touched("a", 2),
    ];
    // Act
    const ordered = orderByLeadVersion(batch).map((e) => e.eventId);
    // Assess
    expect(ordered).toEqual(["a-v1", "b-v1", "a-v2", "c-v1", "b-v2", "a-v3"]);
  });
});
