import * as dynamodb from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** One DynamoDB request as it went on the wire (marshalled input), retargeted to another table. */
export interface RecordedCall {
  command: string;
  input: Record<string, unknown>;
}

export interface CallRecorder {
  /** Calls recorded since the last `take()`, in the order they were sent. */
  take(): RecordedCall[];
}

/**
 * Records every request `client` sends, with its table name swapped for `replayTable`, so the
 * very same calls with the very same items can be sent again without our code (the direct
 * baseline of the API-overhead ratio). It sits at the build step, after the document client
 * has marshalled the input; the copy it takes costs the recorded path a few microseconds.
 */
export function recordCalls(
  client: DynamoDBDocumentClient,
  tableName: string,
  replayTable: string,
): CallRecorder {
  let calls: RecordedCall[] = [];
  const quoted = JSON.stringify(tableName);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName ?? "");
      const json = JSON.stringify(args.input).replaceAll(quoted, JSON.stringify(replayTable));
      calls.push({ command, input: JSON.parse(json) as Record<string, unknown> });
      return next(args);
    },
    { step: "build", name: "reboundCallRecorder" },
  );
  return {
    take() {
      const taken = calls;
      calls = [];
      return taken;
    },
  };
}

type CommandClass = new (input: never) => Parameters<dynamodb.DynamoDBClient["send"]>[0];

/** Errors our own code retries (store/transact.ts): a fair replay retries them too. */
const TRANSIENT = new Set(["InternalServerError", "ThrottlingException", "TransactionConflictException"]);

/**
 * Sends recorded calls again, in order, on the low-level client: DynamoDB time and nothing
 * else. A transient refusal (DynamoDB Local times transactions out when too many wait for its
 * locks, "this request will succeed in actual DynamoDB") is sent again after a short pause,
 * as our code does; `retries` counts them.
 */
export async function replay(
  client: dynamodb.DynamoDBClient,
  calls: RecordedCall[],
  retries: { count: number } = { count: 0 },
): Promise<void> {
  for (const call of calls) {
    const Command = (dynamodb as unknown as Record<string, CommandClass>)[call.command];
    if (!Command) throw new Error(`cannot replay ${call.command}`);
    for (let attempt = 1; ; attempt++) {
      try {
        await client.send(new Command(call.input as never));
        break;
      } catch (error) {
        if (attempt >= 10 || !TRANSIENT.has((error as { name?: string }).name ?? "")) throw error;
        retries.count++;
        await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** attempt));
      }
    }
  }
}

/** Sends independent recorded calls with `concurrency` in flight (each call once, any order). */
export async function replayConcurrently(
  client: dynamodb.DynamoDBClient,
  calls: RecordedCall[],
  concurrency: number,
): Promise<{ retries: number }> {
  let next = 0;
  const retries = { count: 0 };
  const worker = async () => {
    while (next < calls.length) await replay(client, [calls[next++]!], retries);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { retries: retries.count };
}
