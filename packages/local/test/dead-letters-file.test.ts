import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTable, type TestTable } from "../../../test/dynamo";
import { createEventBridgeClient, createEventBridgePublisher } from "../../core/src/events/eventbridge";
import { ManualClock, ulidGenerator } from "../../core/src/kernel";
import { createStores } from "../../core/src/store";
import { captureLead } from "../../core/src/usecases";
import {
  detailOf,
  type FakeEventBridge,
  startFakeEventBridge,
} from "../../core/test/support/fake-eventbridge";
import { touched } from "../../core/test/support/lead-events";
import { type DeadLetter, deadLetter } from "../../functions/src/events/dead-letters";
import { replayDeadLetters } from "../../functions/src/events/replay";
import { localDeadLetterQueue } from "../src/dead-letters-file";
import { StreamPoller } from "../src/stream-poller";

const file = () => join(mkdtempSync(join(tmpdir(), "rebound-dlq-")), "dead-letters.jsonl");
const letter = (leadId: string, version = 1): DeadLetter =>
  deadLetter(
    touched(leadId, version),
    { code: "MalformedDetail", message: "bad" },
    "2026-05-01T10:00:00.000Z",
    "forwarder",
  );
const ids = (received: { letter: DeadLetter }[]) => received.map((r) => r.letter.eventRef.eventId);

describe("npm start's dead-letter queue (.data/dead-letters.jsonl)", () => {
  it("keeps letters across restarts, hides a received one, and forgets it once removed", async () => {
    // Prepare
    const path = file();
    await localDeadLetterQueue(path).send([letter("a"), letter("b")]);
    // Act: a restarted process reads them back
    const queue = localDeadLetterQueue(path);
    const first = await queue.receive(1);
    const second = await queue.receive(10);
    await queue.remove(first.map((r) => r.receipt));
    // Assess
    expect(ids(first)).toEqual(["a-v1"]);
    expect(ids(second)).toEqual(["b-v1"]); // a-v1 is hidden while being handled
    expect(ids(await localDeadLetterQueue(path).receive(10))).toEqual(["b-v1"]);
    expect(first[0]!.letter).toEqual(letter("a"));
  });

  it("a letter received and not removed comes back after the visibility timeout", async () => {
    // Prepare
    const queue = localDeadLetterQueue(file(), 0);
    await queue.send([letter("a")]);
    // Act
    await queue.receive(10);
    // Assess
    expect(ids(await queue.receive(10))).toEqual(["a-v1"]);
  });

  it("ignores a line a crash cut short, and appends the next letter on a line of its own", async () => {
    // Prepare
    const path = file();
    await localDeadLetterQueue(path).send([letter("a")]);
    appendFileSync(path, '{"id":"torn","letter":{"ev');
    // Act
    const queue = localDeadLetterQueue(path);
    const before = await queue.receive(10);
    await queue.send([letter("b")]);
    // Assess
    expect(ids(before)).toEqual(["a-v1"]);
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(2);
    expect(ids(await localDeadLetterQueue(path).receive(10))).toEqual(["a-v1", "b-v1"]);
  });

  it("works in memory for --in-memory runs", async () => {
    const queue = localDeadLetterQueue(undefined);
    await queue.send([letter("a")]);
    expect(ids(await queue.receive(10))).toEqual(["a-v1"]);
  });
});

describe("npm start's stream poller dead-letters what the bus rejects, like the Lambda forwarder", () => {
  let table: TestTable;
  let bus: FakeEventBridge;
  beforeAll(async () => {
    table = await createTestTable("dlq-poller");
    bus = await startFakeEventBridge();
  });
  afterAll(async () => {
    await bus.close();
    await table.drop();
  });

  it("a rejected event lands in the file with its reason; after the fix, replay publishes it", async () => {
    // Prepare
    const clock = new ManualClock("2026-04-01T08:00:00.000Z");
    const stores = createStores(table.client, table.tableName);
    const deps = {
      leads: stores.leads,
      idempotency: stores.idempotency,
      policies: stores.policies,
      clock,
      ids: ulidGenerator(clock),
      sleep: async () => {},
      suppression: { secret: () => "test-suppression-secret", list: stores.erasure },
    };
    const captured = await captureLead(
      deps,
      { email: "dlq@example.com", source: { type: "form", id: "f" } },
      { kind: "system", id: "test" },
    );
    const leadId = captured.kind === "done" ? captured.result.lead.id : "";
    const publisher = createEventBridgePublisher({
      client: createEventBridgeClient({
        endpoint: bus.endpoint,
        credentials: { accessKeyId: "t", secretAccessKey: "t" },
      }),
      eventBusName: "rebound-test",
      sleep: async () => {},
    });
    const queue = localDeadLetterQueue(file(), 0); // no visibility timeout: peek, then replay
    bus.failEntries((e) => detailOf(e).leadId === leadId, "AccessDeniedException", 1);
    const poller = new StreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      publisher,
      deadLetters: queue,
    });
    // Act: the first pass dead-letters the rejected event and stops before the lead's next
    // one (it must not overtake); the next pass publishes that one.
    const first = await poller.poll();
    const second = await poller.poll();
    poller.close();
    const held = await queue.receive(10);
    const report = await replayDeadLetters({ queue, publisher }, 100);
    // Assess
    expect(first.failed).toBe(true);
    expect(second.failed).toBe(false);
    expect(held.map((r) => r.letter.reason.code)).toEqual(["AccessDeniedException"]);
    expect(report.received).toBe(1);
    expect(report.republished).toBe(1);
    const replayed = bus.accepted.map(detailOf).filter((d) => d.leadId === leadId);
    expect(replayed.map((d) => d.type)).toContain("lead.captured");
    expect(await queue.receive(10)).toEqual([]);
  });
});
