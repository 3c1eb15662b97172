import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestTable, type TestTable } from "../../../test/dynamo";
import type { EventPublisher, LeadEvent } from "../../core/src/events";
import { createEventBridgeClient, createEventBridgePublisher } from "../../core/src/events/eventbridge";
import { ManualClock, ulidGenerator } from "../../core/src/kernel";
import { createStores } from "../../core/src/store";
import { type CaptureDeps, captureLead } from "../../core/src/usecases";
import {
  detailOf,
  type FakeEventBridge,
  startFakeEventBridge,
} from "../../core/test/support/fake-eventbridge";
import { StreamPoller } from "../src/stream-poller";

let table: TestTable;
let bus: FakeEventBridge;
let deps: CaptureDeps;
const actor = { kind: "system" as const, id: "test" };

beforeAll(async () => {
  table = await createTestTable("forward");
  bus = await startFakeEventBridge();
  const clock = new ManualClock("2026-04-01T08:00:00.000Z");
  const stores = createStores(table.client, table.tableName);
  deps = {
    leads: stores.leads,
    idempotency: stores.idempotency,
    policies: stores.policies,
    clock,
    ids: ulidGenerator(clock),
    sleep: async () => {},
    suppression: { secret: () => "test-suppression-secret", list: stores.erasure },
  };
});
afterAll(async () => {
  await bus.close();
  await table.drop();
});
beforeEach(() => bus.reset());

const publisher = (maxAttempts = 3) =>
  createEventBridgePublisher({
    client: createEventBridgeClient({
      endpoint: bus.endpoint,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    }),
    eventBusName: "rebound-test",
    maxAttempts,
    sleep: async () => {},
  });

/** A publisher that "dies": before sending anything, or after sending but before returning. */
function dying(inner: EventPublisher, when: "before" | "after"): EventPublisher {
  return {
    async publish(events: LeadEvent[]) {
      if (when === "after") await inner.publish(events);
      throw new Error(`killed ${when} publish`);
    },
  };
}

async function timelineIds(leadIds: string[]) {
  const ids: string[] = [];
  for (const id of leadIds)
    ids.push(...(await deps.leads.timeline(id, 100, undefined)).items.map((e) => e.eventId));
  return ids;
}

async function captureSome(prefix: string, count: number) {
  const leadIds = new Set<string>();
  for (let i = 0; i < count; i++) {
    const answer = await captureLead(
      deps,
      { email: `${prefix}${i % 4}@example.com`, source: { type: "form", id: `f${i}` } },
      actor,
    );
    if (answer.kind === "done") leadIds.add(answer.result.lead.id);
  }
  return [...leadIds];
}

const acceptedIds = () => bus.accepted.map((e) => detailOf(e).eventId);

describe("outbox forwarder: DynamoDB stream → EventBridge", () => {
  it("a forwarder killed between the write and the publish loses nothing; on restart it publishes every event", async () => {
    const checkpointFile = join(mkdtempSync(join(tmpdir(), "rebound-fwd-")), "checkpoint.json");
    const leadIds = await captureSome("kill-before", 10);
    const first = new StreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      publisher: dying(publisher(), "before"),
      checkpointFile,
    });
    await expect(first.poll()).rejects.toThrow(/killed/);
    first.close();
    expect(bus.accepted).toHaveLength(0);

    const restarted = new StreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      publisher: publisher(),
      checkpointFile,
    });
    await restarted.poll();
    restarted.close();
    const expected = await timelineIds(leadIds);
    expect(expected.length).toBeGreaterThanOrEqual(10); // 10 captures, plus their qualification verdicts
    expect(new Set(acceptedIds())).toEqual(new Set(expected));
  });

  it("killed after publishing but before the checkpoint, it publishes again (duplicates, no losses)", async () => {
    const checkpointFile = join(mkdtempSync(join(tmpdir(), "rebound-fwd-")), "checkpoint.json");
    // Drain what earlier tests left on the stream, so this test sees only its own events.
    const drain = new StreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      publisher: publisher(),
      checkpointFile,
    });
    await drain.poll();
    drain.close();
    bus.reset();

    const leadIds = await captureSome("kill-after", 6);
    const first = new StreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      publisher: dying(publisher(), "after"),
      checkpointFile,
    });
    await expect(first.poll()).rejects.toThrow(/killed/);
    first.close();
    const restarted = new StreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      publisher: publisher(),
      checkpointFile,
    });
    await restarted.poll();
    restarted.close();
    const expected = await timelineIds(leadIds);
    const ids = acceptedIds();
    expect(new Set(ids)).toEqual(new Set(expected));
    expect(ids.length).toBe(expected.length * 2);
  });

  it("throttling beyond the retry budget stops at the failed record; the next poll resumes there, in per-lead order", async () => {
    const checkpointFile = join(mkdtempSync(join(tmpdir(), "rebound-fwd-")), "checkpoint.json");
    const drain = new StreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      publisher: publisher(),
      checkpointFile,
    });
    await drain.poll();
    bus.reset();

    const leadIds = await captureSome("throttled", 12);
    bus.enqueue(
      { kind: "throttle" },
      { kind: "throttle" },
      { kind: "error", status: 500, type: "InternalException" },
    );
    const poller = new StreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      publisher: publisher(2),
      checkpointFile,
    });
    const firstPass = await poller.poll();
    expect(firstPass.failed).toBe(true);
    const secondPass = await poller.poll();
    expect(secondPass.failed).toBe(false);
    poller.close();
    drain.close();

    const expected = await timelineIds(leadIds);
    expect(new Set(acceptedIds())).toEqual(new Set(expected));
    // Each lead's events reached the bus in version order.
    for (const leadId of leadIds) {
      const versions = bus.accepted
        .map(detailOf)
        .filter((d) => d.leadId === leadId)
        .map((d) => d.version);
      const firstSeen = versions.filter((v, i) => versions.indexOf(v) === i);
      expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
    }
  });
});

describe("the outbox is the only way out", () => {
  it("no source file but the forwarder hands events to a publisher", () => {
    const root = join(__dirname, "../..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (
          path.includes("/src/") &&
          path.endsWith(".ts") &&
          /\.publish\(/.test(readFileSync(path, "utf8"))
        )
          offenders.push(path.slice(root.length + 1));
      }
    };
    for (const pkg of ["core", "functions", "local"]) walk(join(root, pkg, "src"));
    expect(offenders.sort()).toEqual(["core/src/events/forward.ts"]);
  });
});
