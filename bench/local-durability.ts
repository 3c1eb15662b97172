import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchGetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, ensureTable } from "../packages/core/src/store";
import { startDynamoLocal } from "../packages/local/src/dynamo-local";

/**
 * Does DynamoDB Local keep what it acknowledged when its JVM is killed? Each round writes
 * transactions (two items each) from several writers, SIGKILLs the JVM mid-stream, restarts it
 * on the same data directory and reads back every acknowledged transaction. No Rebound code is
 * involved: this measures the emulator.
 *
 *   node --import tsx bench/local-durability.ts [rounds=5] [writeMs=3000]
 */
const rounds = Number(process.argv[2] ?? 5);
const writeMs = Number(process.argv[3] ?? 3_000);
const WRITERS = 8;
const tableName = "durability";

let acknowledged = 0;
let lost = 0;
for (let round = 1; round <= rounds; round++) {
  const dataDir = mkdtempSync(join(tmpdir(), "rebound-durability-"));
  const first = await startDynamoLocal({ dataDir, startTimeoutMs: 60_000 });
  const client = createDocumentClient({ endpoint: first.endpoint });
  await ensureTable(client, tableName);
  const acked: string[] = [];
  let stop = false;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const id = `w${w}-${i}`;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: tableName, Item: { pk: `T#${id}`, sk: "A", n: i } } },
              { Put: { TableName: tableName, Item: { pk: `T#${id}`, sk: "B", n: i } } },
            ],
          }),
        );
        acked.push(id);
      } catch {
        return; // the JVM is gone: this write was never acknowledged
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  await new Promise((r) => setTimeout(r, writeMs));
  process.kill(first.pid, "SIGKILL");
  stop = true;
  await Promise.all(writers);
  client.destroy();
  await first.stop();

  const second = await startDynamoLocal({ dataDir, startTimeoutMs: 60_000 });
  const reader = createDocumentClient({ endpoint: second.endpoint });
  let missing = 0;
  for (let i = 0; i < acked.length; i += 50) {
    const ids = acked.slice(i, i + 50);
    const keys = ids.flatMap((id) => [
      { pk: `T#${id}`, sk: "A" },
      { pk: `T#${id}`, sk: "B" },
    ]);
    const found = new Set<string>();
    for (let j = 0; j < keys.length; j += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [tableName]: { Keys: keys.slice(j, j + 100) },
      };
      while (request && Object.keys(request).length > 0) {
        const out = await reader.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[tableName] ?? []) found.add(`${item.pk}|${item.sk}`);
        request = out.UnprocessedKeys as typeof request;
      }
    }
    missing += ids.filter((id) => !found.has(`T#${id}|A`) || !found.has(`T#${id}|B`)).length;
  }
  reader.destroy();
  await second.stop();
  acknowledged += acked.length;
  lost += missing;
  console.log(
    `round ${round}: ${acked.length} transactions acknowledged before the kill, ${missing} missing after restart`,
  );
}
console.log(`total: ${lost} of ${acknowledged} acknowledged transactions lost`);
