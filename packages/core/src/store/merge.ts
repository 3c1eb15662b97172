import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { IndexName } from "./table";
import { tableDefinition } from "./table";

export interface MergedQuery {
  index: IndexName;
  /** Partition key values to fan out over (write shards); results are merged by sort key. */
  partitions: string[];
  /** Only sort keys starting with this. */
  prefix?: string;
  /** Exclusive: continue after (ascending) or before (descending) this sort key. */
  after?: string;
  /** Exclusive upper bound for ascending reads (e.g. "due before now" on a deadline queue). */
  before?: string;
  descending?: boolean;
  limit: number;
  filter?: Pick<
    QueryCommandInput,
    "FilterExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"
  >;
  consumed?: { readCapacity: number };
}

export interface MergedPage<T> {
  items: T[];
  /** Sort key of the last item returned, when more may follow. */
  lastSortKey?: string;
  queries: number;
}

interface ShardState {
  partition: string;
  buffer: Record<string, unknown>[];
  startKey: Record<string, unknown> | undefined;
  done: boolean;
}

const HIGH = "\uffff";

/**
 * A lazy k-way merge over write-sharded partitions: each shard is read a little at a time
 * and only refilled when its head is needed, so a page costs about `limit` items plus one
 * small read per shard, not `shards × limit`. Sort keys are unique across shards (they end
 * in an id), so the last sort key returned is a complete cursor.
 */
export async function queryMerged(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: MergedQuery,
): Promise<MergedPage<Record<string, unknown>>> {
  const { partitionKey: pkName, sortKey: skName } = tableDefinition.globalIndexes[query.index];
  const shards: ShardState[] = query.partitions.map((partition) => ({
    partition,
    buffer: [],
    startKey: undefined,
    done: false,
  }));
  const firstRead = Math.max(2, Math.ceil(query.limit / shards.length) + 1);
  let queries = 0;

  const keyCondition = (): Pick<
    QueryCommandInput,
    "KeyConditionExpression" | "ExpressionAttributeValues"
  > => {
    const values: Record<string, unknown> = {};
    let condition = "#pk = :pk";
    const lo = query.descending ? query.prefix : (query.after ?? query.prefix);
    const hi = query.descending
      ? (query.after ?? (query.prefix !== undefined ? query.prefix + HIGH : undefined))
      : (query.before ?? (query.prefix !== undefined ? query.prefix + HIGH : undefined));
    if (lo !== undefined && hi !== undefined) {
      // BETWEEN is inclusive; the item equal to the cursor is dropped below.
      condition += " AND #sk BETWEEN :lo AND :hi";
      Object.assign(values, { ":lo": lo, ":hi": hi });
    } else if (lo !== undefined) {
      condition += " AND #sk > :lo";
      values[":lo"] = lo;
    } else if (hi !== undefined) {
      condition += " AND #sk < :hi";
      values[":hi"] = hi;
    }
    return { KeyConditionExpression: condition, ExpressionAttributeValues: values };
  };

  async function refill(shard: ShardState, want: number) {
    const { KeyConditionExpression, ExpressionAttributeValues } = keyCondition();
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: query.index,
        KeyConditionExpression,
        // DynamoDB rejects unused placeholders, so #sk is declared only when the condition uses it.
        ExpressionAttributeNames: {
          "#pk": pkName,
          ...(KeyConditionExpression?.includes("#sk") ? { "#sk": skName } : {}),
          ...query.filter?.ExpressionAttributeNames,
        },
        ExpressionAttributeValues: {
          ":pk": shard.partition,
          ...ExpressionAttributeValues,
          ...query.filter?.ExpressionAttributeValues,
        },
        FilterExpression: query.filter?.FilterExpression,
        ScanIndexForward: !query.descending,
        Limit: want,
        ExclusiveStartKey: shard.startKey,
        ReturnConsumedCapacity: query.consumed ? "TOTAL" : undefined,
      }),
    );
    queries++;
    if (query.consumed) query.consumed.readCapacity += result.ConsumedCapacity?.CapacityUnits ?? 0;
    const items = (result.Items ?? []).filter(
      (item) => item[skName] !== query.after && item[skName] !== query.before,
    );
    shard.buffer.push(...items);
    shard.startKey = result.LastEvaluatedKey;
    shard.done = result.LastEvaluatedKey === undefined;
  }

  const out: Record<string, unknown>[] = [];
  let first = true;
  while (out.length < query.limit) {
    const needed = query.limit - out.length;
    const empty = shards.filter((s) => s.buffer.length === 0 && !s.done);
    await Promise.all(empty.map((s) => refill(s, first ? firstRead : Math.max(needed + 1, 10))));
    first = false;
    let best: ShardState | undefined;
    for (const shard of shards) {
      const head = shard.buffer[0];
      if (!head) continue;
      const bestHead = best?.buffer[0];
      if (!bestHead) best = shard;
      else {
        const a = String(head[skName]);
        const b = String(bestHead[skName]);
        if (query.descending ? a > b : a < b) best = shard;
      }
    }
    if (!best) break;
    out.push(best.buffer.shift()!);
  }
  const more = shards.some((s) => s.buffer.length > 0 || !s.done);
  const last = out.at(-1);
  return more && last ? { items: out, lastSortKey: String(last[skName]), queries } : { items: out, queries };
}
