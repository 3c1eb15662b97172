import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import {
  type Item,
  type ItemWrite,
  modelItemReads,
  modelQuery,
  modelWrites,
  type ReadConsistency,
  type TableShape,
} from "../packages/core/src/store/capacity-model";

/**
 * One request the client sent, with what the capacity model needs to price it: the images of
 * every item written before and after the request (read around it with a second client), or
 * the items read; and the units DynamoDB Local reported for it.
 */
export interface CapturedRequest {
  command: string;
  transactional: boolean;
  writes: ItemWrite[];
  /** Items a read returned (misses as undefined for Get/BatchGet). */
  read?: {
    kind: "items" | "query";
    items: (Item | undefined)[];
    consistency: ReadConsistency;
    filtered: boolean;
  };
  /** ConsumedCapacity summed as DynamoDB Local reported it. */
  reported: number;
}

export interface CapacityCapture {
  requests: CapturedRequest[];
  reset(): void;
  /** Modelled units of everything captured since the last reset. */
  totals(shape: TableShape): {
    read: number;
    write: number;
    index: number;
    reportedRead: number;
    reportedWrite: number;
  };
}

type Raw = Record<string, AttributeValue>;
type Key = { pk: string; sk: string };
const WRITES = /^(Put|Update|Delete|TransactWrite|BatchWrite)/;

const keyOf = (item: Item): Key => ({ pk: String(item.pk), sk: String(item.sk) });
const keyId = (k: Key) => `${k.pk}\u0000${k.sk}`;

/** The items a write request targets, in request order, with the action each one is. */
function targets(
  command: string,
  input: Record<string, unknown>,
): { action: ItemWrite["action"]; key: Key }[] {
  const un = (raw: unknown) => unmarshall(raw as Raw);
  if (command === "PutItemCommand") return [{ action: "put", key: keyOf(un(input.Item)) }];
  if (command === "UpdateItemCommand") return [{ action: "update", key: keyOf(un(input.Key)) }];
  if (command === "DeleteItemCommand") return [{ action: "delete", key: keyOf(un(input.Key)) }];
  if (command === "TransactWriteItemsCommand") {
    return (input.TransactItems as Record<string, { Item?: Raw; Key?: Raw }>[]).map((entry) => {
      const [kind, body] = Object.entries(entry)[0]!;
      const action = ({ Put: "put", Update: "update", Delete: "delete", ConditionCheck: "check" } as const)[
        kind as "Put"
      ];
      return { action, key: keyOf(un(body.Item ?? body.Key)) };
    });
  }
  if (command === "BatchWriteItemCommand") {
    const byTable = input.RequestItems as Record<
      string,
      { PutRequest?: { Item: Raw }; DeleteRequest?: { Key: Raw } }[]
    >;
    return Object.values(byTable)
      .flat()
      .map((r) =>
        r.PutRequest
          ? { action: "put" as const, key: keyOf(un(r.PutRequest.Item)) }
          : { action: "delete" as const, key: keyOf(un(r.DeleteRequest!.Key)) },
      );
  }
  return [];
}

async function images(
  images: DynamoDBDocumentClient,
  tableName: string,
  keys: Key[],
): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [keyId(k), k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Key[] = unique.slice(i, i + 100);
    while (pending.length) {
      const out = await images.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[tableName] ?? []) found.set(keyId(keyOf(item)), item);
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
  }
  return found;
}

function consumed(output: unknown): number {
  const c = (output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] })
    .ConsumedCapacity;
  return (Array.isArray(c) ? c : c ? [c] : []).reduce((s, e) => s + (e.CapacityUnits ?? 0), 0);
}

/**
 * Records every request `client` sends, for the capacity model (benchmarks only: it reads the
 * written items before and after each write with `imagesClient`, which must be another client
 * on the same endpoint, and slows writes down). The middleware sits at the build step: there the
 * document client has already marshalled the input, and the output comes back unmarshalled.
 */
export function captureCapacity(
  client: DynamoDBDocumentClient,
  imagesClient: DynamoDBDocumentClient,
  tableName: string,
): CapacityCapture {
  const capture: CapacityCapture = {
    requests: [],
    reset() {
      capture.requests.length = 0;
    },
    totals(shape) {
      const t = { read: 0, write: 0, index: 0, reportedRead: 0, reportedWrite: 0 };
      for (const r of capture.requests) {
        if (WRITES.test(r.command)) t.reportedWrite += r.reported;
        else t.reportedRead += r.reported;
        if (r.writes.length) {
          const cost = modelWrites(shape, r.writes, r.transactional);
          t.write += cost.total;
          t.index += cost.total - cost.table;
        }
        if (r.read)
          t.read +=
            r.read.kind === "query"
              ? modelQuery(r.read.items as Item[], r.read.consistency)
              : modelItemReads(r.read.items, r.read.consistency);
      }
      return t;
    },
  };
  // Asked for before serialisation (the build step is too late to change the request).
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= "TOTAL";
      return next(args);
    },
    { step: "initialize", name: "reboundCapacityCaptureAsk" },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName ?? "");
      const input = args.input as Record<string, unknown>;
      const written = targets(command, input);
      const before = written.length
        ? await images(
            imagesClient,
            tableName,
            written.map((w) => w.key),
          )
        : undefined;
      const result = await next(args);
      const record: CapturedRequest = {
        command,
        transactional: command === "TransactWriteItemsCommand",
        writes: [],
        reported: consumed(result.output),
      };
      if (written.length) {
        const after = await images(
          imagesClient,
          tableName,
          written.map((w) => w.key),
        );
        record.writes = written.map(({ action, key }) => {
          const b = before!.get(keyId(key));
          const a = action === "delete" ? undefined : after.get(keyId(key));
          return { action, ...(b ? { before: b } : {}), ...(a ? { after: a } : {}) };
        });
      } else {
        // Outputs are already unmarshalled here (lib-dynamodb does it before the deserialize step).
        const out = result.output as { Item?: Item; Items?: Item[]; Responses?: Record<string, Item[]> };
        const strong = input.ConsistentRead === true;
        const consistency: ReadConsistency = strong ? "strong" : "eventual";
        if (command === "GetItemCommand")
          record.read = { kind: "items", items: [out.Item], consistency, filtered: false };
        else if (command === "QueryCommand")
          record.read = {
            kind: "query",
            items: out.Items ?? [],
            consistency,
            filtered: input.FilterExpression !== undefined,
          };
        else if (command === "BatchGetItemCommand") {
          const requested = Object.values(
            input.RequestItems as Record<string, { Keys: Raw[]; ConsistentRead?: boolean }>,
          );
          const returned = Object.values(out.Responses ?? {}).flat();
          const unprocessed = Object.values(
            (result.output as { UnprocessedKeys?: Record<string, { Keys?: unknown[] }> }).UnprocessedKeys ??
              {},
          ).reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
          // Unprocessed keys are asked again in a later request; only processed misses cost here.
          const asked = requested.reduce((n, r) => n + r.Keys.length, 0) - unprocessed;
          record.read = {
            kind: "items",
            items: [...returned, ...Array.from({ length: asked - returned.length }, () => undefined)],
            consistency: requested[0]?.ConsistentRead ? "strong" : "eventual",
            filtered: false,
          };
        }
      }
      capture.requests.push(record);
      return result;
    },
    { step: "build", name: "reboundCapacityCapture" },
  );
  return capture;
}
