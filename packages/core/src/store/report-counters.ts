import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { isTransientStoreError, TransientStoreError } from "../kernel/errors";
import { AGAIN, retry, retryLimits, type Sleep } from "../kernel/retry";
import type { CounterBatchEntry, ReportCounters, ReportGenerations } from "../ports/reports";
import type { CounterFamily, CounterRow } from "../reports/counters";
import { counterFamilies, dimsKey, mergeIncrements, parseDimsKey } from "../reports/counters";
import { keys } from "./keys";
import { classifyCancellation, storeErrorOf } from "./transact";

/** How long a dedupe marker outlives its event: well past the stream's 24 h and any replay of a dead letter. */
export const MARKER_TTL_DAYS = 35;
/** DynamoDB's limit per TransactWriteItems. */
const MAX_ACTIONS = 100;
/** Events per transaction: enough to merge increments of a busy row, few enough to keep conflicts rare. */
const MAX_EVENTS_PER_TRANSACTION = 25;
const METRIC_PREFIX = "n:";

/**
 * The report counters (docs/data-model.md, "Report counters"). A row is one item per
 * (generation, family, day, dimensions) whose counts are top-level number attributes
 * (`n:<metric>`), only ever changed by `ADD`; the family, day and dimensions are read back
 * from its keys, so the item carries nothing else and stays small (under 1 KB a row update
 * costs one write unit, two in a transaction). An event's additions are written in one transaction with a
 * dedupe marker `RPTDEDUP#<generation>#<eventId>` that must not exist yet, so an event
 * delivered twice, or applied by the projector and a backfill, counts once.
 *
 * Generations make rebuilding safe while the projector runs: the backfill opens generation
 * n+1 (`building`), the projector writes every event to both, the backfill replays every
 * timeline into n+1 (markers make the overlap harmless), then n+1 becomes `current`.
 */
export class ReportCounterStore implements ReportCounters {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: { sleep?: Sleep; random?: () => number } = {},
  ) {}

  async generations(): Promise<ReportGenerations> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.reportGenerations(), ConsistentRead: true }),
    );
    if (!Item) return { current: 1 };
    return {
      current: Number(Item.current),
      ...(Item.building !== undefined ? { building: Number(Item.building) } : {}),
    };
  }

  /** Opens the next generation for a rebuild, or returns the one a crashed rebuild left open. */
  async beginRebuild(): Promise<number> {
    const now = await this.generations();
    if (now.building !== undefined) return now.building;
    const building = now.current + 1;
    await this.movePointer(now, { current: now.current, building });
    return building;
  }

  /** Makes the rebuilt generation the one reports read. */
  async finishRebuild(building: number): Promise<ReportGenerations> {
    const now = await this.generations();
    if (now.building !== building)
      throw new Error(`generation ${building} is not being built (${JSON.stringify(now)})`);
    const next = { current: building };
    await this.movePointer(now, next);
    return next;
  }

  private async movePointer(from: ReportGenerations, to: ReportGenerations): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.reportGenerations(), entity: "report_generations", ...to },
          // Only from the state read: two backfills cannot both open or close a generation.
          ConditionExpression:
            from.building === undefined
              ? "attribute_not_exists(pk) OR (#c = :c AND attribute_not_exists(#b))"
              : "#c = :c AND #b = :b",
          ExpressionAttributeNames: { "#c": "current", "#b": "building" },
          ExpressionAttributeValues: {
            ":c": from.current,
            ...(from.building !== undefined ? { ":b": from.building } : {}),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new Error("report generations changed meanwhile: another backfill is running");
      throw error;
    }
  }

  /**
   * Applies events to a generation, each exactly once. Returns how many were applied now and
   * how many had been applied before (their marker existed). Events without additions are
   * skipped: they have nothing to double count.
   */
  async apply(
    generation: number,
    entries: readonly CounterBatchEntry[],
    now: Date,
  ): Promise<{ applied: number; duplicates: number }> {
    const unique = new Map<string, CounterBatchEntry>();
    for (const entry of entries) if (entry.increments.length) unique.set(entry.eventId, entry);
    let applied = 0;
    let duplicates = 0;
    let group: CounterBatchEntry[] = [];
    let rows = new Set<string>();
    const flush = async () => {
      if (!group.length) return;
      const result = await this.applyGroup(generation, group, now);
      applied += result.applied;
      duplicates += result.duplicates;
      group = [];
      rows = new Set();
    };
    for (const entry of unique.values()) {
      const ids = entry.increments.map((i) => `${i.family}|${i.day}|${dimsKey(i.dims)}`);
      const merged = new Set([...rows, ...ids]);
      if (group.length + 1 + merged.size > MAX_ACTIONS || group.length >= MAX_EVENTS_PER_TRANSACTION) {
        await flush();
        for (const id of ids) rows.add(id);
      } else rows = merged;
      group.push(entry);
    }
    await flush();
    return { applied, duplicates };
  }

  /** One transaction: the markers and the merged row updates; duplicates found are dropped and the rest retried. */
  private async applyGroup(generation: number, entries: CounterBatchEntry[], now: Date) {
    const expiresAt = Math.floor(now.getTime() / 1000) + MARKER_TTL_DAYS * 86_400;
    let pending = entries;
    let duplicates = 0;
    return retry(
      retryLimits.counterWrite,
      {
        retryable: isTransientStoreError,
        sleep: this.options.sleep,
        random: this.options.random,
        exhausted: () => {
          throw new TransientStoreError(
            "CounterWriteContention",
            "report counters kept conflicting; retry the batch",
          );
        },
      },
      async () => {
        if (pending.length === 0) return { applied: 0, duplicates };
        const labels: string[] = [];
        const actions: Record<string, unknown>[] = [];
        for (const entry of pending) {
          labels.push(entry.eventId);
          actions.push({
            Put: {
              TableName: this.tableName,
              Item: { ...keys.reportMarker(generation, entry.eventId), entity: "report_marker", expiresAt },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          });
        }
        for (const row of mergeIncrements(pending.flatMap((e) => e.increments))) {
          labels.push("row");
          actions.push({ Update: { TableName: this.tableName, ...this.rowUpdate(generation, row) } });
        }
        try {
          await this.client.send(new TransactWriteCommand({ TransactItems: actions as never }));
          return { applied: pending.length, duplicates };
        } catch (error) {
          const cancellation = classifyCancellation(error, labels);
          const seen = new Set(
            cancellation?.failed.filter((f) => f.code === "ConditionalCheckFailed").map((f) => f.label) ?? [],
          );
          if (seen.size === 0) throw storeErrorOf(error);
          // Counted before (a redelivery, or the backfill got there first): drop them, write the rest.
          duplicates += seen.size;
          pending = pending.filter((e) => !seen.has(e.eventId));
          return AGAIN;
        }
      },
    );
  }

  private rowUpdate(generation: number, row: CounterRow) {
    const names: Record<string, string> = { "#entity": "entity" };
    const values: Record<string, unknown> = { ":entity": "report_counter" };
    const adds = Object.entries(row.counts).map(([metric, by], i) => {
      names[`#m${i}`] = `${METRIC_PREFIX}${metric}`;
      values[`:m${i}`] = by;
      return `#m${i} :m${i}`;
    });
    return {
      Key: keys.reportCounter(generation, row.family, row.day, dimsKey(row.dims)),
      UpdateExpression: `SET #entity = :entity ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /**
   * The rows of one family and generation for days from…to (inclusive): one Query over the
   * family's partition, paged by DynamoDB at 1 MB; eventually consistent (half the read
   * cost; a report a second stale is fine). Returns the read capacity DynamoDB reported.
   */
  async read(
    generation: number,
    family: CounterFamily,
    from: string,
    to: string,
  ): Promise<{ rows: CounterRow[]; readUnits: number }> {
    const rows: CounterRow[] = [];
    let readUnits = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: {
            ":pk": keys.reportCounterPartition(generation, family),
            ":from": from,
            ":to": `${to}#\uffff`,
          },
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
      for (const item of page.Items ?? []) rows.push(rowOf(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return { rows, readUnits };
  }

  /** Deletes a generation's rows (after a rebuild replaced it). Markers expire by TTL. */
  async dropGeneration(generation: number): Promise<number> {
    let deleted = 0;
    for (const family of counterFamilies) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.reportCounterPartition(generation, family) },
            ProjectionExpression: "pk, sk",
            ExclusiveStartKey: start,
          }),
        );
        const items = page.Items ?? [];
        for (let i = 0; i < items.length; i += 25) await this.deleteBatch(items.slice(i, i + 25));
        deleted += items.length;
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return deleted;
  }

  private async deleteBatch(keysToDelete: Record<string, unknown>[]) {
    let requests = keysToDelete.map((Key) => ({ DeleteRequest: { Key: { pk: Key.pk, sk: Key.sk } } }));
    await retry(
      retryLimits.batchRead,
      {
        retryable: isTransientStoreError,
        sleep: this.options.sleep,
        random: this.options.random,
        exhausted: () => {
          throw new TransientStoreError("UnprocessedItems", "counter rows not deleted: throttled");
        },
      },
      async () => {
        const result = await this.client
          .send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }))
          .catch((error) => Promise.reject(storeErrorOf(error)));
        requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
        return requests.length ? AGAIN : undefined;
      },
    );
  }
}

/**
 * A row as a whole item, for seeding tables in benchmarks (BatchWriteItem). Live writes go
 * through `apply`, which only ever adds.
 */
export function counterItem(generation: number, row: CounterRow): Record<string, unknown> {
  return {
    ...keys.reportCounter(generation, row.family, row.day, dimsKey(row.dims)),
    entity: "report_counter",
    ...Object.fromEntries(Object.entries(row.counts).map(([metric, n]) => [`${METRIC_PREFIX}${metric}`, n])),
  };
}

/** A row back from its item: family from the partition key, day and dimensions from the sort key. */
function rowOf(item: Record<string, unknown>): CounterRow {
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(item))
    if (name.startsWith(METRIC_PREFIX)) counts[name.slice(METRIC_PREFIX.length)] = Number(value);
  const family = String(item.pk).split("#")[2] as CounterFamily;
  const [day, dims = ""] = String(item.sk).split("#");
  return { family, day: day!, dims: parseDimsKey(dims), counts };
}
