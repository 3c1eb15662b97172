import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApi, type TestApi } from "../../../test/api";
import type { LeadEvent } from "../../core/src/events";
import { createEventBridgeClient, createEventBridgePublisher } from "../../core/src/events/eventbridge";
import { changeItem } from "../../core/src/store/change-items";
import {
  detailOf,
  type FakeEventBridge,
  startFakeEventBridge,
} from "../../core/test/support/fake-eventbridge";
import { touched } from "../../core/test/support/lead-events";
import { createApp } from "../src/api/app";
import { createSqsClient, sqsDeadLetterQueue } from "../src/aws/sqs-dead-letters";
import { replayDeadLetters } from "../src/events/replay";
import { type FakeSqs, startFakeSqs } from "./support/fake-sqs";

let bus: FakeEventBridge;
let sqs: FakeSqs;
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

type Handler = (event: DynamoDBStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
let handler: Handler;

beforeAll(async () => {
  bus = await startFakeEventBridge();
  sqs = await startFakeSqs();
  // The real forwarder module, configured as infra configures it, against the two fakes.
  vi.stubEnv("REBOUND_TABLE_NAME", "dead-letters-test");
  vi.stubEnv("REBOUND_CURSOR_SECRET", "test-cursor-secret-0123456789");
  vi.stubEnv("REBOUND_SUPPRESSION_SECRET", "test-suppression-secret-0123456789");
  vi.stubEnv("REBOUND_BUS_NAME", "rebound-test");
  vi.stubEnv("REBOUND_DEAD_LETTER_QUEUE_URL", sqs.queueUrl);
  vi.stubEnv("AWS_ENDPOINT_URL_EVENTBRIDGE", bus.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_SQS", sqs.endpoint);
  vi.stubEnv("AWS_ACCESS_KEY_ID", credentials.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey);
  vi.stubEnv("AWS_REGION", "us-east-1");
  ({ handler } = await import("../src/events/forwarder"));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bus.close();
  await sqs.close();
});
beforeEach(() => {
  bus.reset();
  sqs.messages.length = 0;
  sqs.operations.length = 0;
});

/** Change items (one event each) as the table's stream hands them to the forwarder Lambda. */
function streamEvent(events: LeadEvent[], firstSequence = 100): DynamoDBStreamEvent {
  return {
    Records: events.map((event, i) => ({
      eventName: "INSERT",
      dynamodb: {
        SequenceNumber: String(firstSequence + i),
        NewImage: marshall(changeItem([event])) as never,
      },
    })),
  };
}

const acceptedIds = () => bus.accepted.map((e) => detailOf(e).eventId);
const queuedIds = () => sqs.messages.map((m) => JSON.parse(m.body).eventRef.eventId as string);
const replayDeps = () => ({
  queue: sqsDeadLetterQueue({
    client: createSqsClient({ endpoint: sqs.endpoint, credentials }),
    queueUrl: sqs.queueUrl,
    waitSeconds: 0,
  }),
  publisher: createEventBridgePublisher({
    client: createEventBridgeClient({ endpoint: bus.endpoint, credentials }),
    eventBusName: "rebound-test",
    sleep: async () => {},
  }),
});

describe("the forwarder Lambda sends events the bus rejects for good to the dead-letter queue", () => {
  it("publishes the rest and dead-letters the rejected event with the reason", async () => {
    // Prepare
    bus.failEntries((e) => detailOf(e).leadId === "b", "MalformedDetail", 1);
    // Act
    const response = await handler(streamEvent([touched("a", 1), touched("b", 1), touched("c", 1)]));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(acceptedIds()).toEqual(["a-v1", "c-v1"]);
    const letters = sqs.messages.map((m) => JSON.parse(m.body));
    expect(letters).toEqual([
      expect.objectContaining({
        event: touched("b", 1),
        reason: { code: "MalformedDetail", message: "scripted MalformedDetail" },
        source: "forwarder",
      }),
    ]);
  });

  it("when the queue refuses the letter, retries the batch from the rejected record: dead-lettered or retried, never dropped", async () => {
    // Prepare
    bus.failEntries((e) => detailOf(e).leadId === "b", "MalformedDetail", 2);
    sqs.failSends("InternalError", 1);
    const records = streamEvent([touched("a", 1), touched("b", 1), touched("c", 1)]);
    // Act: the first delivery cannot store the letter…
    const first = await handler(records);
    // …so Lambda redelivers from the reported record
    const retried = await handler({ Records: records.Records.slice(1) });
    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: "101" }]);
    expect(retried.batchItemFailures).toEqual([]);
    expect(queuedIds()).toEqual(["b-v1"]);
    expect(new Set(acceptedIds())).toEqual(new Set(["a-v1", "c-v1"]));
  });
});

describe("replaying dead letters", () => {
  async function deadLetter(...events: LeadEvent[]) {
    for (const event of events)
      bus.failEntries((e) => detailOf(e).eventId === event.eventId, "AccessDeniedException", 1);
    await handler(streamEvent(events));
    bus.reset();
  }

  it("republishes each letter's event with its original id and version, and removes only those published", async () => {
    // Prepare
    await deadLetter(touched("a", 1), touched("b", 1), touched("c", 2));
    bus.failEntries((e) => detailOf(e).leadId === "a", "AccessDeniedException", 1); // a: still refused
    // Act
    const report = await replayDeadLetters(replayDeps(), 100);
    // Assess
    expect(report).toEqual({
      received: 3,
      republished: 2,
      failed: [{ eventId: "a-v1", code: "AccessDeniedException", message: "scripted AccessDeniedException" }],
      unreplayable: [],
      more: false,
    });
    expect(bus.accepted.map(detailOf).map((d) => [d.eventId, d.version])).toEqual([
      ["b-v1", 1],
      ["c-v2", 2],
    ]);
    expect(queuedIds()).toEqual(["a-v1"]); // kept, visible again after the visibility timeout
  });

  it("stops at max and says there may be more", async () => {
    // Prepare
    await deadLetter(touched("a", 1), touched("b", 1), touched("c", 1));
    // Act
    const report = await replayDeadLetters(replayDeps(), 2);
    // Assess
    expect(report).toMatchObject({ received: 2, republished: 2, more: true });
    expect(sqs.messages).toHaveLength(1);
  });
});

describe("POST /v1/admin/dead-letters/replay", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi("dead-letter-route");
  });
  afterAll(() => api.close());

  it("runs the replay for an admin key", async () => {
    // Prepare
    const app = createApp({ ...api.deps, deadLetters: replayDeps() });
    await replayDeps().queue.send([
      {
        event: touched("z", 4),
        eventRef: { eventId: "z-v4", leadId: "z", version: 4, type: "lead.touched" },
        reason: { code: "AccessDeniedException", message: "fixed since" },
        failedAt: "2026-05-01T10:00:00.000Z",
        source: "forwarder",
      },
    ]);
    // Act
    const response = await app.request("/v1/admin/dead-letters/replay?max=10", {
      method: "POST",
      headers: { authorization: "Bearer test-bootstrap-admin-key-0123456789" },
    });
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: 1, republished: 1, failed: [], more: false });
    expect(acceptedIds()).toEqual(["z-v4"]);
  });

  it("refuses keys without the admin scope", async () => {
    const sales = await api.keyWith("sales");
    const response = await api.call("POST", "/v1/admin/dead-letters/replay", { key: sales });
    expect(response.status).toBe(403);
  });

  it("answers 503 with Retry-After from a function that has no queue wired (the API Lambda)", async () => {
    const { deadLetters: _wired, ...unwired } = api.deps;
    const response = await createApp(unwired).request("/v1/admin/dead-letters/replay", {
      method: "POST",
      headers: { authorization: "Bearer test-bootstrap-admin-key-0123456789" },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("retry-after")).toBe("60");
  });
});
