import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { type IndexName, tableDefinition } from "./table";

/**
 * A k-way merge over write-sharded partitions that never ends a page early and never skips.
 *
 * Each shard is read a little at a time, in sort-key order, and only when the merge needs its
 * next item. A shard whose filtered read came back empty but has more is read again (with a
 * growing limit): an empty filtered page says nothing about what follows. Reads are bounded per
 * request: when the budget runs out the page ends with a cursor, possibly on no items, up to
 * which every shard has been read: everything before it was returned, nothing after it was.
 * The first read of every shard is always made, so every cursor is past the one it started
 * from and a client paging on always reaches the end.
 *
 * Sort keys are unique across shards (they end in an id), so one sort key is a complete cursor.
 */

export interface ShardPage<T> {
  /** Items that passed the filter, in sort order. */
  items: T[];
  /** Items the read evaluated before the filter (what it cost). */
  scanned: number;
  /** Where to continue this shard; absent when the shard is exhausted. */
  lastKey?: Record<string, unknown>;
  /** The sort key of `lastKey`: everything up to it in this shard has been seen. */
  lastSortKey?: string;
}

export interface MergeOptions<T> {
  partitions: string[];
  limit: number;
  descending: boolean;
  sortKeyOf(item: T): string;
  /** One read of one shard, continuing from `start` (undefined: from the request's bound). */
  read(partition: string, start: Record<string, unknown> | undefined, limit: number): Promise<ShardPage<T>>;
  /** The per-request read budget beyond the first read of every shard. */
  budget?: { queries?: number; scanned?: number };
}

export interface MergeResult<T> {
  items: T[];
  /** Continue after this sort key; absent when nothing can follow. */
  cursor?: string;
  /** True when the page ended because the read budget ran out. */
  budgetSpent: boolean;
  queries: number;
  scanned: number;
}

interface Shard<T> {
  partition: string;
  buffer: T[];
  start: Record<string, unknown> | undefined;
  /** Sort key up to which the shard has been read; undefined before its first read. */
  frontier: string | undefined;
  done: boolean;
  reads: number;
  lastWant: number;
}

/** Reads per shard grow to this, so a sparse filter costs few round trips. */
const MAX_READ = 1_000;
export const DEFAULT_MERGE_BUDGET = { queries: 24, scanned: 4_000 };

export async function mergeShards<T>(options: MergeOptions<T>): Promise<MergeResult<T>> {
  const { limit, descending, sortKeyOf } = options;
  const budget = { ...DEFAULT_MERGE_BUDGET, ...options.budget };
  const before = (a: string, b: string) => (descending ? a > b : a < b);
  const shards: Shard<T>[] = options.partitions.map((partition) => ({
    partition,
    buffer: [],
    start: undefined,
    frontier: undefined,
    done: false,
    reads: 0,
    lastWant: 0,
  }));
  const firstRead = Math.max(2, Math.ceil(limit / Math.max(1, shards.length)) + 1);
  const out: T[] = [];
  let queries = 0;
  let scanned = 0;
  let spent = false;

  const refill = async (shard: Shard<T>) => {
    const needed = limit - out.length;
    // A shard that keeps coming back empty is read in bigger steps (the filter is sparse there).
    const want =
      shard.reads === 0
        ? firstRead
        : Math.min(MAX_READ, Math.max(needed + 1, shard.buffer.length === 0 ? shard.lastWant * 2 : 0, 10));
    shard.lastWant = want;
    const page = await options.read(shard.partition, shard.start, want);
    queries++;
    scanned += page.scanned;
    shard.reads++;
    shard.buffer.push(...page.items);
    shard.start = page.lastKey;
    shard.done = page.lastKey === undefined;
    if (page.lastSortKey !== undefined) shard.frontier = page.lastSortKey;
  };

  for (;;) {
    if (out.length >= limit) break;
    let best: Shard<T> | undefined;
    for (const shard of shards) {
      const head = shard.buffer[0];
      if (head === undefined) continue;
      if (!best || before(sortKeyOf(head), sortKeyOf(best.buffer[0]!))) best = shard;
    }
    const head = best ? sortKeyOf(best.buffer[0]!) : undefined;
    // Shards that may still hold an item before the best head: read them first.
    const blocking = shards.filter(
      (s) =>
        s.buffer.length === 0 &&
        !s.done &&
        (s.frontier === undefined || head === undefined || !before(head, s.frontier)),
    );
    if (blocking.length === 0) {
      if (!best) break;
      out.push(best.buffer.shift()!);
      continue;
    }
    const firstRound = blocking.every((s) => s.reads === 0);
    if (!firstRound && (queries >= budget.queries || scanned >= budget.scanned)) {
      spent = true;
      break;
    }
    await Promise.all(blocking.map(refill));
  }

  const more = shards.some((s) => s.buffer.length > 0 || !s.done);
  const last = out.at(-1);
  let cursor: string | undefined;
  if (spent) {
    // Everything before the nearest unread point has been returned; nothing after it has.
    const frontiers = shards
      .filter((s) => s.buffer.length === 0 && !s.done)
      .map((s) => s.frontier!)
      .sort((a, b) => (before(a, b) ? -1 : 1));
    // Every item returned was before every such point when it was returned, so this is past them.
    cursor = frontiers[0];
  } else if (more && last !== undefined) cursor = sortKeyOf(last);
  return { items: out, ...(cursor !== undefined ? { cursor } : {}), budgetSpent: spent, queries, scanned };
}

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
  /** Read budget of this request beyond each shard's first read (see mergeShards). */
  budget?: MergeOptions<unknown>["budget"];
}

export interface MergedPage<T> {
  items: T[];
  /** Position to continue from (a sort key), when more may follow. */
  lastSortKey?: string;
  /** The page ended because the read budget ran out (it may be short, even empty). */
  budgetSpent: boolean;
  queries: number;
}

const HIGH = "\uffff";

/** mergeShards over DynamoDB Query, on one index of the table. */
export async function queryMerged(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: MergedQuery,
): Promise<MergedPage<Record<string, unknown>>> {
  const { partitionKey: pkName, sortKey: skName } = tableDefinition.globalIndexes[query.index];
  const values: Record<string, unknown> = {};
  let condition = "#pk = :pk";
  const lo = query.descending ? query.prefix : (query.after ?? query.prefix);
  const hi = query.descending
    ? (query.after ?? (query.prefix !== undefined ? query.prefix + HIGH : undefined))
    : (query.before ?? (query.prefix !== undefined ? query.prefix + HIGH : undefined));
  if (lo !== undefined && hi !== undefined) {
    // BETWEEN is inclusive; the items equal to the bounds are dropped below.
    condition += " AND #sk BETWEEN :lo AND :hi";
    Object.assign(values, { ":lo": lo, ":hi": hi });
  } else if (lo !== undefined) {
    condition += " AND #sk > :lo";
    values[":lo"] = lo;
  } else if (hi !== undefined) {
    condition += " AND #sk < :hi";
    values[":hi"] = hi;
  }
  const page = await mergeShards<Record<string, unknown>>({
    partitions: query.partitions,
    limit: query.limit,
    descending: query.descending === true,
    sortKeyOf: (item) => String(item[skName]),
    ...(query.budget ? { budget: query.budget } : {}),
    async read(partition, start, limit) {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: query.index,
          KeyConditionExpression: condition,
          // DynamoDB rejects unused placeholders, so #sk is declared only when the condition uses it.
          ExpressionAttributeNames: {
            "#pk": pkName,
            ...(condition.includes("#sk") ? { "#sk": skName } : {}),
            ...query.filter?.ExpressionAttributeNames,
          },
          ExpressionAttributeValues: {
            ":pk": partition,
            ...values,
            ...query.filter?.ExpressionAttributeValues,
          },
          FilterExpression: query.filter?.FilterExpression,
          ScanIndexForward: !query.descending,
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      const items = (result.Items ?? []).filter(
        (item) => item[skName] !== query.after && item[skName] !== query.before,
      );
      const last = result.LastEvaluatedKey;
      return {
        items,
        scanned: result.ScannedCount ?? items.length,
        ...(last ? { lastKey: last, lastSortKey: String(last[skName]) } : {}),
      };
    },
  });
  return {
    items: page.items,
    ...(page.cursor !== undefined ? { lastSortKey: page.cursor } : {}),
    budgetSpent: page.budgetSpent,
    queries: page.queries,
  };
}
