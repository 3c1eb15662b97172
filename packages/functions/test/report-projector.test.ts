import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, createTestApi, type TestApi } from "../../../test/api";
import { readySignals } from "../../../test/handoff";
import { allTimelines } from "../../../test/reports";
import type { LeadEvent } from "../../core/src/events";
import { changeItem } from "../../core/src/store/change-items";

/** The stream Lambda as AWS invokes it: a batch of stream records in Lambda's JSON shape. */
describe("report projector Lambda (table stream → counters)", () => {
  let api: TestApi;
  let handler: (event: DynamoDBStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

  beforeAll(async () => {
    api = await createTestApi("projector");
    for (let i = 0; i < 3; i++)
      await api.call("POST", "/v1/leads", {
        body: {
          email: `stream${i}@example.com`,
          source: { type: "form", id: "pricing" },
          signals: readySignals,
        },
      });
    // The handler builds its parts from the environment at load, as in Lambda.
    Object.assign(process.env, {
      REBOUND_TABLE_NAME: api.table.tableName,
      DYNAMODB_ENDPOINT: api.table.endpoint,
      REBOUND_CURSOR_SECRET: "projector-test-cursor-secret",
      REBOUND_SUPPRESSION_SECRET: "projector-test-suppression-secret",
      REBOUND_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    });
    ({ handler } = await import("../src/reports/projector"));
  });
  afterAll(() => api.close());

  async function batch(): Promise<DynamoDBStreamEvent> {
    // One change item per change (its events together), as the table's stream inserts them.
    const changes = new Map<string, LeadEvent[]>();
    for (const event of (await allTimelines(api)).flat()) {
      const key = `${event.leadId}#${event.version}`;
      changes.set(key, [...(changes.get(key) ?? []), event]);
    }
    return {
      Records: [...changes.values()].map((events, i) => ({
        eventName: "INSERT",
        dynamodb: {
          SequenceNumber: String(1_000 + i),
          NewImage: marshall(changeItem(events), { removeUndefinedValues: true }) as never,
        },
      })),
    } as DynamoDBStreamEvent;
  }

  const entered = async () => {
    const today = api.clock.now().toISOString().slice(0, 10);
    const { rows } = await api.stores.reportCounters.read(1, "funnel", today, today);
    return rows.reduce((n, row) => n + (row.counts["reached.entered"] ?? 0), 0);
  };

  it("adds a batch's events to the counters once, however often the batch comes", async () => {
    const event = await batch();
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(await entered()).toBe(3);
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(await entered()).toBe(3);
  });

  it("asks Lambda to retry the batch from its first record when the counters cannot be written", async () => {
    const event = await batch();
    await api.table.drop();
    expect(await handler(event)).toEqual({ batchItemFailures: [{ itemIdentifier: "1000" }] });
  });
});
