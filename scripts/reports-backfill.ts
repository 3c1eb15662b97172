import { systemClock } from "../packages/core/src/kernel";
import { createDocumentClient, LeadStore, ReportCounterStore } from "../packages/core/src/store";
import { rebuildReports } from "../packages/core/src/usecases";

/**
 * `npm run reports:backfill`: rebuilds the report counters from every lead's timeline, into a
 * new generation, then switches reports to it (usecases/reports.ts rebuildReports). Safe while
 * the API and the projector run; run it again to resume after a crash.
 *
 *   REBOUND_TABLE_NAME=rebound-local DYNAMODB_ENDPOINT=http://127.0.0.1:<port> npm run reports:backfill
 *
 * (the DynamoDB Local endpoint is the one `npm start` prints); without DYNAMODB_ENDPOINT it
 * uses AWS with the usual credentials and AWS_REGION, e.g. against a stage's table.
 */
async function main() {
  const tableName = process.env.REBOUND_TABLE_NAME;
  if (!tableName) throw new Error("Set REBOUND_TABLE_NAME (and DYNAMODB_ENDPOINT for DynamoDB Local).");
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const client = createDocumentClient(endpoint ? { endpoint } : {});
  const started = performance.now();
  const result = await rebuildReports(
    {
      leads: new LeadStore(client, tableName),
      reportCounters: new ReportCounterStore(client, tableName),
      clock: systemClock,
    },
    { log: (line) => console.log(`  ${line}`) },
  );
  console.log(
    `Report counters rebuilt into generation ${result.generation} in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `${result.leads} leads, ${result.events} events (${result.applied} counted, ${result.duplicates} already counted by the projector), ` +
      `${result.journeysAdopted} leads given their journey, ${result.dropped} old rows dropped.`,
  );
  client.destroy();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
