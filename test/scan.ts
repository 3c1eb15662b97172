import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { TestTable } from "./dynamo";

/**
 * Every item of a test table. Test-only: a Scan reads the whole table, which no request path
 * or schedule may do; erasure tests use it to prove a value is gone from every copy.
 */
export async function scanAll(
  table: Pick<TestTable, "client" | "tableName">,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.tableName,
        ConsistentRead: true,
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
