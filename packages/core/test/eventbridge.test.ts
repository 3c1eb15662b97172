import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LeadEvent } from "../src/events/envelope";
import {
  createEventBridgeClient,
  createEventBridgePublisher,
  type EventBridgePublisherOptions,
} from "../src/events/eventbridge";
import { detailOf, type FakeEventBridge, startFakeEventBridge } from "./support/fake-eventbridge";
import { sized, touched } from "./support/lead-events";

describe("EventBridge publisher against a wire-level fake", () => {
  let fake: FakeEventBridge;
  let client: ReturnType<typeof createEventBridgeClient>;
  beforeAll(async () => {
    fake = await startFakeEventBridge();
    client = createEventBridgeClient({
      endpoint: fake.endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    client.destroy();
    await fake.close();
  });

  /** A publisher whose pauses are recorded instead of slept, with jitter fixed at half. */
  function publisher(overrides: Partial<EventBridgePublisherOptions> = {}) {
    const delays: number[] = [];
    const pub = createEventBridgePublisher({
      client,
      eventBusName: "rebound-test",
      baseDelayMs: 100,
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
      ...overrides,
    });
    return { pub, delays };
  }
  const eventIdsOf = (request: { entries: Parameters<typeof detailOf>[0][] }) =>
    request.entries.map((e) => detailOf(e).eventId);

  it("sends each event as one signed PutEvents entry carrying the whole envelope", async () => {
    // Prepare
    const event = touched("lead-a", 1);
    const { pub } = publisher();
    // Act
    const result = await pub.publish([event]);
    // Assess
    expect(result).toEqual({ published: [event.eventId], failed: [] });
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: "POST",
      target: "AWSEvents.PutEvents",
      contentType: "application/x-amz-json-1.1",
    });
    expect(request!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/events\/aws4_request/,
    );
    const [entry] = request!.entries;
    expect(entry).toMatchObject({
      Source: "rebound",
      DetailType: "lead.touched",
      EventBusName: "rebound-test",
    });
    expect(JSON.parse(entry!.Detail!)).toEqual(event);
    expect(entry!.Time).toBe(Date.parse(event.at) / 1000);
  });

  it("packs at most 10 entries per request", async () => {
    // Prepare: 25 leads, one event each, so nothing waits on ordering
    const events = Array.from({ length: 25 }, (_, i) => touched(`lead-${i}`, 1));
    const { pub } = publisher({ concurrency: 1 });
    // Act
    const result = await pub.publish(events);
    // Assess
    expect(fake.requests.map((r) => r.entries.length)).toEqual([10, 10, 5]);
    expect(fake.requests.flatMap(eventIdsOf)).toEqual(events.map((e) => e.eventId));
    expect(result.published).toHaveLength(25);
  });

  it("splits requests by EventBridge's entry size so none exceeds 256 KiB", async () => {
    // Prepare: two 100 KB entries fit in one request, a third does not
    const events = [
      sized("a", 1, 100_000),
      sized("b", 1, 100_000),
      sized("c", 1, 100_000),
      sized("d", 1, 1_000),
    ];
    const { pub } = publisher({ concurrency: 1 });
    // Act
    const result = await pub.publish(events);
    // Assess: the fake (the referee) answered every request with 200
    expect(fake.requests.map((r) => [r.entries.length, r.status])).toEqual([
      [2, 200],
      [2, 200],
    ]);
    expect(result.failed).toEqual([]);
  });

  it("reports a single entry over 256 KiB as rejected without sending it", async () => {
    // Prepare
    const tooBig = sized("a", 1, 256 * 1024);
    const fine = touched("b", 1);
    const { pub } = publisher();
    // Act
    const result = await pub.publish([tooBig, fine]);
    // Assess
    expect(result.published).toEqual([fine.eventId]);
    expect(result.failed).toEqual([
      expect.objectContaining({
        eventId: tooBig.eventId,
        kind: "rejected",
        code: "EntryTooLarge",
        attempts: 0,
      }),
    ]);
    expect(fake.requests.flatMap(eventIdsOf)).toEqual([fine.eventId]);
  });

  it("rejects an event that can never be encoded alone, blocking only its own lead", async () => {
    // Prepare: a-v1 has a time the SDK cannot serialise; b shares what would be its request
    const broken = { ...touched("a", 1), at: "yesterday" };
    const events = [broken, touched("a", 2), touched("b", 1)];
    const { pub, delays } = publisher();
    // Act
    const result = await pub.publish(events);
    // Assess
    expect(result.published).toEqual(["b-v1"]);
    expect(result.failed.map((f) => [f.eventId, f.kind, f.code])).toEqual([
      ["a-v1", "rejected", "InvalidEvent"],
      ["a-v2", "blocked", "Blocked"],
    ]);
    expect(fake.requests.map(eventIdsOf)).toEqual([["b-v1"]]);
    expect(delays).toEqual([]);
  });

  it("resends only the entries a partial failure names, with full-jitter backoff", async () => {
    // Prepare: b's event fails twice inside HTTP 200 responses
    const events = [touched("a", 1), touched("b", 1), touched("c", 1)];
    fake.failEntries((e) => detailOf(e).leadId === "b", "InternalFailure", 2);
    const { pub, delays } = publisher();
    // Act
    const result = await pub.publish(events);
    // Assess
    expect(fake.requests.map(eventIdsOf)).toEqual([["a-v1", "b-v1", "c-v1"], ["b-v1"], ["b-v1"]]);
    expect(result).toEqual({ published: ["a-v1", "c-v1", "b-v1"], failed: [] });
    expect(delays).toEqual([50, 100]); // 0.5 × min(cap, 100·2^(n−1))
  });

  it("retries throttling, HTTP 500 and a reset connection, then publishes", async () => {
    // Prepare
    fake.enqueue(
      { kind: "throttle" },
      { kind: "error", status: 500, type: "InternalException" },
      { kind: "reset" },
    );
    const { pub, delays } = publisher();
    // Act
    const result = await pub.publish([touched("a", 1)]);
    // Assess
    expect(fake.requests.map((r) => r.status)).toEqual([400, 500, 0, 200]);
    expect(result).toEqual({ published: ["a-v1"], failed: [] });
    expect(delays).toEqual([50, 100, 200]);
  });

  it("gets one HTTP request per send from the SDK: its own retry is off", async () => {
    // Prepare
    fake.enqueue({ kind: "throttle" });
    // Act
    const sent = client.send(
      new PutEventsCommand({ Entries: [{ Source: "rebound", DetailType: "x", Detail: "{}" }] }),
    );
    // Assess
    await expect(sent).rejects.toMatchObject({
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 400 },
    });
    expect(fake.requests).toHaveLength(1);
  });

  it("reports events still failing after maxAttempts as exhausted, never dropping them", async () => {
    // Prepare
    fake.failEntries((e) => detailOf(e).leadId === "a", "ThrottlingException");
    const { pub, delays } = publisher({ maxAttempts: 3 });
    // Act
    const result = await pub.publish([touched("a", 1), touched("b", 1)]);
    // Assess
    expect(result.published).toEqual(["b-v1"]);
    expect(result.failed).toEqual([
      expect.objectContaining({
        eventId: "a-v1",
        kind: "exhausted",
        code: "ThrottlingException",
        attempts: 3,
      }),
    ]);
    expect(delays).toHaveLength(2);
  });

  it("keeps each lead's order: a later event waits until the earlier one is accepted", async () => {
    // Prepare: arrival order scrambled; a-v2 fails once
    const events = [touched("a", 3), touched("b", 1), touched("a", 1), touched("b", 2), touched("a", 2)];
    fake.failEntries((e) => detailOf(e).eventId === "a-v2", "InternalFailure", 1);
    const { pub } = publisher();
    // Act
    const result = await pub.publish(events);
    // Assess: acceptance order per lead follows version, and no request holds two events of a lead
    const acceptedVersions = (lead: string) =>
      fake.accepted
        .map(detailOf)
        .filter((d) => d.leadId === lead)
        .map((d) => d.version);
    expect(acceptedVersions("a")).toEqual([1, 2, 3]);
    expect(acceptedVersions("b")).toEqual([1, 2]);
    for (const request of fake.requests) {
      const leads = request.entries.map((e) => detailOf(e).leadId);
      expect(new Set(leads).size).toBe(leads.length);
    }
    expect(fake.requests.map(eventIdsOf)).toEqual([["a-v1", "b-v1"], ["a-v2", "b-v2"], ["a-v2"], ["a-v3"]]);
    expect(result.failed).toEqual([]);
  });

  it("blocks a lead's later events behind a permanent failure and reports each", async () => {
    // Prepare
    fake.failEntries((e) => detailOf(e).eventId === "a-v1", "MalformedDetail");
    const { pub, delays } = publisher();
    const events: LeadEvent[] = [touched("a", 1), touched("a", 2), touched("b", 1)];
    // Act
    const result = await pub.publish(events);
    // Assess
    expect(result.published).toEqual(["b-v1"]);
    expect(result.failed).toEqual([
      expect.objectContaining({ eventId: "a-v1", kind: "rejected", code: "MalformedDetail", attempts: 1 }),
      expect.objectContaining({ eventId: "a-v2", kind: "blocked", blockedBy: "a-v1", attempts: 0 }),
    ]);
    expect(fake.requests.flatMap(eventIdsOf)).not.toContain("a-v2");
    expect(delays).toEqual([]);
  });

  it("rejects every entry of a request the bus refuses outright, without retrying", async () => {
    // Prepare
    fake.enqueue({ kind: "error", status: 400, type: "AccessDeniedException" });
    const { pub } = publisher();
    // Act
    const result = await pub.publish([touched("a", 1), touched("b", 1)]);
    // Assess
    expect(fake.requests).toHaveLength(1);
    expect(result.published).toEqual([]);
    expect(result.failed.map((f) => [f.eventId, f.kind, f.code])).toEqual([
      ["a-v1", "rejected", "AccessDeniedException"],
      ["b-v1", "rejected", "AccessDeniedException"],
    ]);
  });
});
