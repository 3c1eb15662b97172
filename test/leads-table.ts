import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { leadStatuses } from "../packages/core/src/lead/status";
import { batchGet } from "../packages/core/src/store/batch-get";
import { keys, listingPartitions } from "../packages/core/src/store/keys";
import type { TestTable } from "./dynamo";

/**
 * Every lead in a test table (email → touch count and version), read straight from the
 * table (the status index, every status, then the lead items): what the table holds, not
 * what an API answer claims.
 */
export async function leadsInTable(
  table: TestTable,
): Promise<Map<string, { touchCount: number; version: number }>> {
  const leads = new Map<string, { touchCount: number; version: number }>();
  const ids: string[] = [];
  for (const partition of listingPartitions.all(leadStatuses)) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": partition },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.id));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  for (const item of await batchGet(table.client, table.tableName, ids.map(keys.lead), { consistent: true }))
    leads.set(String(item.email), { touchCount: Number(item.touchCount), version: Number(item.version) });
  return leads;
}
