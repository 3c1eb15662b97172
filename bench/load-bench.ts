import { PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoLocal } from "../packages/local/src/dynamo-local";
import { captureBody, startBenchApi } from "./capture";
import { runLoad, summarizeLoad } from "./load";
import { type BenchSection, ms } from "./stats";

const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 16);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);

/**
 * Sustained captures per second: CLIENTS concurrent clients posting new leads over HTTP for
 * SECONDS, then DynamoDB Local's raw rate for single conditional PutItems of a lead-sized item
 * with the same number of clients, on the same machine in the same run.
 */
export async function benchLoad(dynamo: DynamoLocal): Promise<BenchSection> {
  const api = await startBenchApi(dynamo, "bench-load");
  for (let i = 0; i < 50; i++) await api.post("/v1/leads", api.key, captureBody(`warm${i}@load.example`));
  const captures = summarizeLoad(
    await runLoad({ concurrency: CLIENTS, durationMs: SECONDS * 1000 }, async (i) => {
      await api.post("/v1/leads", api.key, captureBody(`load${i}@load.example`));
    }),
  );
  // A lead-sized item (the size of the lead item a capture writes), conditional like a capture's put.
  const filler = "x".repeat(700);
  const raw = summarizeLoad(
    await runLoad({ concurrency: CLIENTS, durationMs: SECONDS * 1000 }, async (i) => {
      await api.client.send(
        new PutCommand({
          TableName: api.tableName,
          Item: { pk: `RAW#${i}`, sk: "RAW", filler },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    }),
  );
  // The shape of a new lead's transaction (lead, email item, change), conditional like it.
  const rawTx = summarizeLoad(
    await runLoad({ concurrency: CLIENTS, durationMs: SECONDS * 1000 }, async (i) => {
      const put = (sk: string, size: number) => ({
        Put: {
          TableName: api.tableName,
          Item: { pk: `RAWTX#${i}`, sk, filler: "x".repeat(size) },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      });
      await api.client.send(
        new TransactWriteCommand({ TransactItems: [put("A", 700), put("B", 50), put("C", 400)] }),
      );
    }),
  );
  await api.close();
  const ratio = captures.perSecond / raw.perSecond;
  const txRatio = captures.perSecond / rawTx.perSecond;
  const table = [
    "| load | requests | errors | per second | p50 | p99 |",
    "| --- | --- | --- | --- | --- | --- |",
    `| captures over HTTP (new leads) | ${captures.requests} | ${captures.errors} | ${captures.perSecond.toFixed(0)} | ${ms(captures.p50)} | ${ms(captures.p99)} |`,
    `| DynamoDB Local raw conditional PutItem (~0.7 KB) | ${raw.requests} | ${raw.errors} | ${raw.perSecond.toFixed(0)} | ${ms(raw.p50)} | ${ms(raw.p99)} |`,
    `| DynamoDB Local raw TransactWriteItems, a new lead's shape (3 conditional puts) | ${rawTx.requests} | ${rawTx.errors} | ${rawTx.perSecond.toFixed(0)} | ${ms(rawTx.p50)} | ${ms(rawTx.p99)} |`,
  ].join("\n");
  const summary = `Captures per second / raw puts per second: ${ratio.toFixed(2)}; / raw transactions of a new lead's shape per second: ${txRatio.toFixed(2)} (${captures.errors} capture errors).`;
  console.log(`\nload (${CLIENTS} clients, ${SECONDS} s each)\n${table}\n${summary}`);
  return {
    summary: [
      `Captures over HTTP under load / DynamoDB Local raw puts (\`npm run bench load\`, ${CLIENTS} clients, ${SECONDS} s): ${captures.perSecond.toFixed(0)} / ${raw.perSecond.toFixed(0)} per second = ${ratio.toFixed(2)} (/ raw new-lead-shaped transactions: ${txRatio.toFixed(2)}), ${captures.errors} errors.`,
    ],
    name: "load",
    title: "Sustained captures under load",
    markdown:
      `${CLIENTS} concurrent clients (\`bench/load.ts\`, a closed loop: each sends its next request when the last one is answered) post new leads over HTTP for ${SECONDS} s; ` +
      `then the same number of clients send DynamoDB Local single conditional PutItems for ${SECONDS} s, then transactions shaped like a new lead's for ${SECONDS} s. Same machine, same run.\n\n` +
      `${table}\n\n${summary} ` +
      "A new lead reads its email item (and, as it grants consent, its entry on the suppression list) and commits one transaction (the API key and the policy in force come from the instance's cache), " +
      "so the last row, not the single put, is the ceiling DynamoDB Local sets for captures here.",
  };
}
