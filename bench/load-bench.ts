import { PutCommand } from "@aws-sdk/lib-dynamodb";
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
  await api.close();
  const ratio = captures.perSecond / raw.perSecond;
  const table = [
    "| load | requests | errors | per second | p50 | p99 |",
    "| --- | --- | --- | --- | --- | --- |",
    `| captures over HTTP (new leads) | ${captures.requests} | ${captures.errors} | ${captures.perSecond.toFixed(0)} | ${ms(captures.p50)} | ${ms(captures.p99)} |`,
    `| DynamoDB Local raw conditional PutItem (~0.7 KB) | ${raw.requests} | ${raw.errors} | ${raw.perSecond.toFixed(0)} | ${ms(raw.p50)} | ${ms(raw.p99)} |`,
  ].join("\n");
  const summary = `Captures per second / raw puts per second: ${ratio.toFixed(2)} (${captures.errors} capture errors).`;
  console.log(`\nload (${CLIENTS} clients, ${SECONDS} s each)\n${table}\n${summary}`);
  return {
    summary: [
      `Captures over HTTP under load / DynamoDB Local raw puts (\`npm run bench load\`, ${CLIENTS} clients, ${SECONDS} s): ${captures.perSecond.toFixed(0)} / ${raw.perSecond.toFixed(0)} per second = ${ratio.toFixed(2)}, ${captures.errors} errors.`,
    ],
    name: "load",
    title: "Sustained captures under load",
    markdown:
      `${CLIENTS} concurrent clients (\`bench/load.ts\`, a closed loop: each sends its next request when the last one is answered) post new leads over HTTP for ${SECONDS} s; ` +
      `then the same number of clients send DynamoDB Local single conditional PutItems for ${SECONDS} s. Same machine, same run.\n\n` +
      `${table}\n\n${summary} ` +
      "A capture is four DynamoDB requests (API key, policy, email lookup, then one transaction of the lead, its email item and its events), " +
      "and DynamoDB Local runs transactions one at a time, so the capture rate is bounded by Local's transaction rate, not by the API's CPU.",
  };
}
