import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { listingPartitions } from "../packages/core/src/store/keys";
import type { TestTable } from "./dynamo";

/**
 * Every lead in a test table (email → touch count and version), read straight from the
 * all-leads index: what the table holds, not what an API answer claims.
 */
export async function leadsInTable(
  table: TestTable,
): Promise<Map<string, { touchCount: number; version: number }>> {
  const leads = new Map<string, { touchCount: number; version: number }>();
  for (const partition of listingPartitions.all()) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          IndexName: "gsi4",
          KeyConditionExpression: "gsi4pk = :p",
          ExpressionAttributeValues: { ":p": partition },
          ProjectionExpression: "email, touchCount, version",
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? [])
        leads.set(String(item.email), { touchCount: Number(item.touchCount), version: Number(item.version) });
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return leads;
}
