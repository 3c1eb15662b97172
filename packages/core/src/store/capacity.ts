import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Capacity units one client consumed, summed over every request it sent. */
export interface CapacityMeter {
  /** Units of reads (Get, BatchGet, Query), index reads included. */
  readUnits: number;
  /** Units of writes (Put, TransactWrite…), index writes included. */
  writeUnits: number;
  /** All units, as DynamoDB bills them. */
  totalUnits: number;
  requests: number;
  reset(): void;
}

const WRITE_COMMANDS = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/**
 * Asks for `ReturnConsumedCapacity: TOTAL` on every request the client sends and sums the
 * answers: the cost figures benchmarks and tests publish, measured rather than estimated.
 * A middleware on the client, so repositories stay unaware of it.
 */
export function meterCapacity(client: DynamoDBDocumentClient): CapacityMeter {
  const meter: CapacityMeter = {
    readUnits: 0,
    writeUnits: 0,
    totalUnits: 0,
    requests: 0,
    reset() {
      meter.readUnits = meter.writeUnits = meter.totalUnits = meter.requests = 0;
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= "TOTAL";
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
      // DynamoDB Local reports only the total, so reads and writes are told apart by the operation.
      const writes = WRITE_COMMANDS.test(String((context as { commandName?: string }).commandName ?? ""));
      meter.requests++;
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const units = entry.CapacityUnits ?? 0;
        meter.totalUnits += units;
        if (writes) meter.writeUnits += units;
        else meter.readUnits += units;
      }
      return result;
    },
    { step: "initialize", name: "reboundCapacityMeter" },
  );
  return meter;
}
