/**
 * What DynamoDB bills for the items we write and read, computed from their sizes (pure).
 *
 * DynamoDB Local cannot tell us: it reports a TransactWriteItems as if it held only its first
 * item (1, 2, 4 and 8 items of 3 KB each all report 6 units), and it reports no index writes
 * of its own. So published costs are modelled here from the rules AWS documents:
 *
 * - Item size (developer guide, "DynamoDB item sizes and formats"): the sum over attributes of
 *   the UTF-8 bytes of the name plus the value: a string is its UTF-8 bytes; a number is about
 *   1 byte per two significant digits + 1 byte; binary is its raw bytes; null and booleans are
 *   1 byte; a list or map is 3 bytes + its elements + 1 byte per element (a map element also
 *   counts its key's bytes).
 * - Writes ("Capacity unit consumption for write operations"): 1 WCU per 1 KB, rounded up per
 *   item. A put that replaces an item and an update are charged for the larger of the item
 *   before and after; a delete for the item deleted (1 WCU when there was none).
 * - Transactions ("Capacity management for transactions"): two underlying writes (prepare,
 *   commit) of every item in the transaction, so ×2. Index maintenance starts after the
 *   transaction completes, so index writes are modelled as ordinary writes (not doubled).
 * - Global secondary indexes ("Provisioned throughput considerations for GSIs"): writing an
 *   item that carries an index's keys puts its projection into the index (one write per 1 KB
 *   of the index entry); an update that changes an index key deletes the old entry and puts the
 *   new one (two writes); removing the key deletes the entry (one write); an update that changes
 *   only projected non-key attributes rewrites the entry (one write); anything else costs the
 *   index nothing. An index entry is the table keys, the index keys and the projected attributes.
 * - Reads: 1 RCU per 4 KB for a strongly consistent read, half for eventually consistent, double
 *   for transactional. GetItem and BatchGetItem round every item up to 4 KB (a missing item still
 *   costs the minimum); a Query sums the sizes of the items (index entries, on an index) it read
 *   before any filter, then rounds up once.
 */

export type Projection =
  | { type: "ALL" }
  | { type: "KEYS_ONLY" }
  | { type: "INCLUDE"; attributes: readonly string[] };

/** The key schema and projections the model needs (a subset of the table definition). */
export interface TableShape {
  partitionKey: string;
  sortKey: string;
  indexes: Record<string, { partitionKey: string; sortKey: string; projection: Projection }>;
}

export type Item = Record<string, unknown>;

/** The shape of a CreateTable input (what `createTableInput` builds and DynamoDB Local creates). */
export function shapeOfTable(input: {
  KeySchema: readonly { AttributeName: string; KeyType: string }[];
  GlobalSecondaryIndexes?: readonly {
    IndexName: string;
    KeySchema: readonly { AttributeName: string; KeyType: string }[];
    Projection: { ProjectionType?: string; NonKeyAttributes?: readonly string[] };
  }[];
}): TableShape {
  const key = (schema: readonly { AttributeName: string; KeyType: string }[], type: string) =>
    schema.find((k) => k.KeyType === type)!.AttributeName;
  const projection = (p: { ProjectionType?: string; NonKeyAttributes?: readonly string[] }): Projection =>
    p.ProjectionType === "INCLUDE"
      ? { type: "INCLUDE", attributes: p.NonKeyAttributes ?? [] }
      : { type: p.ProjectionType === "KEYS_ONLY" ? "KEYS_ONLY" : "ALL" };
  return {
    partitionKey: key(input.KeySchema, "HASH"),
    sortKey: key(input.KeySchema, "RANGE"),
    indexes: Object.fromEntries(
      (input.GlobalSecondaryIndexes ?? []).map((index) => [
        index.IndexName,
        {
          partitionKey: key(index.KeySchema, "HASH"),
          sortKey: key(index.KeySchema, "RANGE"),
          projection: projection(index.Projection),
        },
      ]),
    ),
  };
}

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

/** Significant digits of a number as DynamoDB stores it (leading and trailing zeros trimmed). */
function significantDigits(n: number): number {
  if (!Number.isFinite(n)) throw new Error(`DynamoDB cannot store ${n}`);
  // Exponential form gives the mantissa's digits without the positional zeros.
  const mantissa = Math.abs(n).toExponential().split("e")[0]!.replace(".", "");
  const trimmed = mantissa.replace(/^0+/, "").replace(/0+$/, "");
  return Math.max(1, trimmed.length);
}

/** Bytes of one attribute value (without its name). `undefined` is not stored (removeUndefinedValues). */
export function valueSize(value: unknown): number {
  if (value === null || typeof value === "boolean") return 1;
  if (typeof value === "string") return utf8(value);
  if (typeof value === "number") return Math.ceil(significantDigits(value) / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) {
    // A set is its elements; AWS documents no per-set or per-element overhead.
    let total = 0;
    for (const element of value) total += valueSize(element);
    return total;
  }
  if (Array.isArray(value)) {
    let total = 3;
    for (const element of value) if (element !== undefined) total += 1 + valueSize(element);
    return total;
  }
  if (typeof value === "object") {
    let total = 3;
    for (const [key, element] of Object.entries(value))
      if (element !== undefined) total += 1 + utf8(key) + valueSize(element);
    return total;
  }
  throw new Error(`no DynamoDB type for a ${typeof value}`);
}

/** Bytes of an item: every attribute's name plus its value. */
export function itemSize(item: Item): number {
  let total = 0;
  for (const [name, value] of Object.entries(item))
    if (value !== undefined) total += utf8(name) + valueSize(value);
  return total;
}

export const WRITE_UNIT_BYTES = 1024;
export const READ_UNIT_BYTES = 4096;

/** Write units for writing `bytes` once (at least one). */
export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
}

export type ReadConsistency = "eventual" | "strong" | "transactional";
const READ_FACTOR: Record<ReadConsistency, number> = { eventual: 0.5, strong: 1, transactional: 2 };

/** Read units for reading `bytes` in one request (at least the minimum). */
export function readUnits(bytes: number, consistency: ReadConsistency): number {
  return Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES)) * READ_FACTOR[consistency];
}

/** One item written: its image before (absent: it did not exist) and after (absent: deleted). */
export interface ItemWrite {
  /**
   * `check` is a transaction's ConditionCheck: nothing changes. AWS documents no rate of its
   * own, so it is modelled as a transactional write of the item checked (an upper bound).
   */
  action: "put" | "update" | "delete" | "check";
  before?: Item;
  after?: Item;
}

export interface WriteCost {
  /** Units charged on the table itself (×2 inside a transaction). */
  table: number;
  /** Units per index (index maintenance; never doubled). */
  indexes: Record<string, number>;
  total: number;
}

/** The index entry an item puts into an index, or undefined when the item lacks the index keys (sparse). */
export function indexEntry(shape: TableShape, indexName: string, item: Item | undefined): Item | undefined {
  const index = shape.indexes[indexName];
  if (!index) throw new Error(`no index ${indexName}`);
  if (!item || item[index.partitionKey] === undefined || item[index.sortKey] === undefined) return undefined;
  const keep = new Set([shape.partitionKey, shape.sortKey, index.partitionKey, index.sortKey]);
  if (index.projection.type === "INCLUDE") for (const a of index.projection.attributes) keep.add(a);
  if (index.projection.type === "ALL") return { ...item };
  return Object.fromEntries(Object.entries(item).filter(([name]) => keep.has(name)));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Item)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Item)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Item)[k], (b as Item)[k]));
}

/** Write units one index is charged for a change of an item from `before` to `after`. */
export function indexWriteUnits(shape: TableShape, indexName: string, before?: Item, after?: Item): number {
  const index = shape.indexes[indexName]!;
  const old = indexEntry(shape, indexName, before);
  const next = indexEntry(shape, indexName, after);
  if (!old && !next) return 0;
  if (!old) return writeUnits(itemSize(next!));
  if (!next) return writeUnits(itemSize(old));
  const keyChanged =
    old[index.partitionKey] !== next[index.partitionKey] || old[index.sortKey] !== next[index.sortKey];
  if (keyChanged) return writeUnits(itemSize(old)) + writeUnits(itemSize(next));
  if (sameValue(old, next)) return 0;
  return writeUnits(Math.max(itemSize(old), itemSize(next)));
}

/** What one item write costs, table and indexes. */
export function modelWrite(shape: TableShape, write: ItemWrite, transactional: boolean): WriteCost {
  const { before, after } = write;
  const sizes = [before, after].filter((i): i is Item => i !== undefined).map(itemSize);
  const tableUnits = writeUnits(sizes.length ? Math.max(...sizes) : 0) * (transactional ? 2 : 1);
  const indexes: Record<string, number> = {};
  let total = tableUnits;
  if (write.action !== "check") {
    const next = write.action === "delete" ? undefined : after;
    for (const name of Object.keys(shape.indexes)) {
      const units = indexWriteUnits(shape, name, before, next);
      if (units) {
        indexes[name] = units;
        total += units;
      }
    }
  }
  return { table: tableUnits, indexes, total };
}

/** What a request of several writes costs (a TransactWriteItems when `transactional`). */
export function modelWrites(shape: TableShape, writes: ItemWrite[], transactional: boolean): WriteCost {
  const sum: WriteCost = { table: 0, indexes: {}, total: 0 };
  for (const write of writes) {
    const cost = modelWrite(shape, write, transactional);
    sum.table += cost.table;
    sum.total += cost.total;
    for (const [name, units] of Object.entries(cost.indexes))
      sum.indexes[name] = (sum.indexes[name] ?? 0) + units;
  }
  return sum;
}

/** GetItem / BatchGetItem: every item (or miss) rounded up to 4 KB on its own. */
export function modelItemReads(items: (Item | undefined)[], consistency: ReadConsistency): number {
  return items.reduce<number>((sum, item) => sum + readUnits(item ? itemSize(item) : 0, consistency), 0);
}

/**
 * One Query request: the items it read (table items, or index entries on an index, counted
 * before any FilterExpression drops them), summed and rounded up once.
 */
export function modelQuery(read: Item[], consistency: ReadConsistency): number {
  return readUnits(
    read.reduce((sum, item) => sum + itemSize(item), 0),
    consistency,
  );
}
