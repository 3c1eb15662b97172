import { describe, expect, it } from "vitest";
import {
  indexEntry,
  itemSize,
  modelItemReads,
  modelQuery,
  modelWrite,
  modelWrites,
  readUnits,
  type TableShape,
  valueSize,
  writeUnits,
} from "../src/store/capacity-model";

// Every expected figure below is computed by hand from AWS's item-size rules, written out
// next to it, so a change in the model that breaks a documented rule fails here.

describe("item size (attribute names + values)", () => {
  it("strings are their UTF-8 bytes, names included", () => {
    expect(itemSize({ pk: "LEAD#1" })).toBe(2 + 6);
    expect(itemSize({ n: "é" })).toBe(1 + 2);
    expect(itemSize({ ü: "€" })).toBe(2 + 3);
    expect(itemSize({ empty: "" })).toBe(5 + 0);
  });

  it("numbers: 1 byte per two significant digits + 1, leading and trailing zeros trimmed", () => {
    expect(valueSize(123)).toBe(2 + 1); // 3 digits → 2 bytes
    expect(valueSize(1000)).toBe(1 + 1); // "1"
    expect(valueSize(0.00012)).toBe(1 + 1); // "12"
    expect(valueSize(12345678)).toBe(4 + 1); // 8 digits
    expect(valueSize(-5)).toBe(1 + 1);
    expect(valueSize(0)).toBe(1 + 1);
    expect(valueSize(1.5)).toBe(1 + 1); // "15"
    expect(itemSize({ version: 12 })).toBe(7 + 2);
  });

  it("booleans and null are 1 byte; binary is its raw bytes", () => {
    expect(itemSize({ ok: true })).toBe(2 + 1);
    expect(itemSize({ x: null })).toBe(1 + 1);
    expect(itemSize({ b: new Uint8Array(10) })).toBe(1 + 10);
  });

  it("maps and lists: 3 bytes + 1 byte per element + the elements (a map element counts its key)", () => {
    // m: 1 name + 3 + (1 + "a" 1 + "xy" 2) + (1 + "b" 1 + number 1 → 2)
    expect(itemSize({ m: { a: "xy", b: 1 } })).toBe(1 + 3 + 4 + 4);
    // l: 1 name + 3 + (1 + 2) + (1 + 2) + (1 + 1)
    expect(itemSize({ l: ["ab", 7, true] })).toBe(1 + 3 + 3 + 3 + 2);
    expect(itemSize({ m: {} })).toBe(1 + 3);
    expect(itemSize({ l: [] })).toBe(1 + 3);
    // nested: outer 3 + (1 + "in" 2 + inner (3 + (1 + "k" 1 + "v" 1)))
    expect(valueSize({ in: { k: "v" } })).toBe(3 + 1 + 2 + 3 + 3);
  });

  it("skips undefined, as the document client does (removeUndefinedValues)", () => {
    expect(itemSize({ a: "x", b: undefined })).toBe(2);
    expect(valueSize({ a: undefined })).toBe(3);
    expect(valueSize([undefined, "x"])).toBe(3 + 2);
  });
});

describe("units", () => {
  it("1 WCU per started KB, at least one", () => {
    expect(writeUnits(0)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(3 * 1024)).toBe(3);
  });

  it("1 RCU per started 4 KB strongly consistent, half eventually, double transactional", () => {
    expect(readUnits(4096, "strong")).toBe(1);
    expect(readUnits(4097, "eventual")).toBe(1);
    expect(readUnits(0, "eventual")).toBe(0.5);
    expect(readUnits(8193, "transactional")).toBe(6);
  });

  it("GetItem/BatchGetItem round each item on its own (1.5 KB + 6.5 KB = 4 + 8 KB), misses cost the minimum", () => {
    const kb = (n: number) => ({ d: "x".repeat(n * 1024 - 1) });
    expect(modelItemReads([kb(1.5), kb(6.5)], "strong")).toBe(1 + 2);
    expect(modelItemReads([undefined], "eventual")).toBe(0.5);
  });

  it("a Query sums what it read, then rounds once (two 1.5 KB items = 3 KB = 1 unit)", () => {
    const item = { d: "x".repeat(1535) };
    expect(modelQuery([item, item], "strong")).toBe(1);
    expect(modelQuery([], "eventual")).toBe(0.5);
  });
});

// pk/sk, an ALL index, a KEYS_ONLY index and an INCLUDE index.
const shape: TableShape = {
  partitionKey: "pk",
  sortKey: "sk",
  indexes: {
    all: { partitionKey: "apk", sortKey: "ask", projection: { type: "ALL" } },
    keys: { partitionKey: "kpk", sortKey: "ksk", projection: { type: "KEYS_ONLY" } },
    incl: { partitionKey: "ipk", sortKey: "isk", projection: { type: "INCLUDE", attributes: ["status"] } },
  },
};

// pk 3 + sk 3 + apk 4 + ask 4 + kpk 4 + ksk 4 + data (4 + 2000) = 2026 bytes: 2 WCU.
const item = { pk: "P", sk: "S", apk: "A", ask: "B", kpk: "C", ksk: "D", data: "x".repeat(2000) };

describe("writes", () => {
  it("a new item: its own units, plus one entry per index whose keys it carries", () => {
    expect(itemSize(item)).toBe(2026);
    expect(modelWrite(shape, { action: "put", after: item }, false)).toEqual({
      table: 2,
      // ALL copies 2026 bytes (2 WCU); KEYS_ONLY copies pk, sk, kpk, ksk (14 bytes, 1 WCU); incl: no keys.
      indexes: { all: 2, keys: 1 },
      total: 5,
    });
  });

  it("inside a transaction the table write counts twice, index maintenance once", () => {
    expect(modelWrite(shape, { action: "put", after: item }, true)).toEqual({
      table: 4,
      indexes: { all: 2, keys: 1 },
      total: 7,
    });
  });

  it("an update is charged for the larger image; an index rewrites only what its projection shows", () => {
    const smaller = { ...item, data: "short" };
    const cost = modelWrite(shape, { action: "update", before: item, after: smaller }, false);
    // Table: larger image 2026 B → 2. ALL entry changed (same keys) → one write of the larger entry → 2.
    // KEYS_ONLY entry unchanged → 0.
    expect(cost).toEqual({ table: 2, indexes: { all: 2 }, total: 4 });
  });

  it("changing an index key deletes the old entry and puts the new one (two writes)", () => {
    const moved = { ...item, data: "short", ksk: "E" };
    const cost = modelWrite(shape, { action: "update", before: item, after: moved }, false);
    // keys: delete (1) + put (1). all: keys unchanged, projected ksk/data changed → 2 (larger entry).
    expect(cost.indexes).toEqual({ all: 2, keys: 2 });
  });

  it("an INCLUDE index is rewritten when an included attribute changes, not otherwise", () => {
    const base = { pk: "P", sk: "S", ipk: "I", isk: "J", status: "open", other: 1 };
    expect(
      modelWrite(shape, { action: "update", before: base, after: { ...base, other: 2 } }, false).indexes,
    ).toEqual({});
    expect(
      modelWrite(shape, { action: "update", before: base, after: { ...base, status: "closed" } }, false)
        .indexes,
    ).toEqual({ incl: 1 });
    expect(indexEntry(shape, "incl", base)).toEqual({ pk: "P", sk: "S", ipk: "I", isk: "J", status: "open" });
  });

  it("removing an index key deletes the entry (one write); a put that replaces counts the larger image", () => {
    const { kpk: _k, ksk: _s, ...unkeyed } = item;
    expect(modelWrite(shape, { action: "put", before: item, after: unkeyed }, false)).toEqual({
      table: 2,
      indexes: { all: 2, keys: 1 },
      total: 5,
    });
  });

  it("a delete costs the deleted item and removes every index entry; deleting nothing costs 1", () => {
    expect(modelWrite(shape, { action: "delete", before: item }, true)).toEqual({
      table: 4,
      indexes: { all: 2, keys: 1 },
      total: 7,
    });
    expect(modelWrite(shape, { action: "delete" }, false).total).toBe(1);
  });

  it("a transaction of 8 items of 3 KB is 48 units, not the 6 DynamoDB Local reports for it", () => {
    const three = (i: number) => ({ pk: `P${i}`, sk: "S", d: "x".repeat(3 * 1024 - 20) });
    const writes = Array.from({ length: 8 }, (_, i) => ({ action: "put" as const, after: three(i) }));
    expect(modelWrites(shape, writes, true)).toEqual({ table: 48, indexes: {}, total: 48 });
  });

  it("items with no index keys cost the indexes nothing (sparse indexes)", () => {
    const plain = { pk: "P", sk: "S", v: 1 };
    expect(modelWrite(shape, { action: "update", before: plain, after: { ...plain, v: 2 } }, false)).toEqual({
      table: 1,
      indexes: {},
      total: 1,
    });
  });
});
