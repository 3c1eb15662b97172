import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface CapacityMeter {
  read: number;
  write: number;
  calls: number;
  reset(): void;
}

type Consumed = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

/**
 * Asks DynamoDB for consumed capacity on every call made through this client and adds it up.
 * Used by benchmarks and tests to publish capacity units per operation, without touching the
 * repositories. Reads and writes are told apart by the command.
 */
export function meterCapacity(client: DynamoDBDocumentClient): CapacityMeter {
  const meter: CapacityMeter = {
    read: 0,
    write: 0,
    calls: 0,
    reset() {
      meter.read = 0;
      meter.write = 0;
      meter.calls = 0;
    },
  };
  const writes = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= "TOTAL";
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
      const entries = output.ConsumedCapacity === undefined ? [] : Array.isArray(output.ConsumedCapacity) ? output.ConsumedCapacity : [output.ConsumedCapacity];
      const units = entries.reduce((sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)), 0);
      if (writes.test(String(context.commandName))) meter.write += units;
      else meter.read += units;
      meter.calls++;
      return result;
    },
    { step: "initialize", name: "reboundCapacityMeter" },
  );
  return meter;
}
