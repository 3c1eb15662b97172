import { randomUUID } from "node:crypto";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { createDocumentClient } from "../packages/core/src/store/client";
import { ensureTable } from "../packages/core/src/store/ensure-table";

export interface TestTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  endpoint: string;
  drop(): Promise<void>;
}

/** A fresh table on the run's DynamoDB Local, so test files never see each other's items. */
export async function createTestTable(prefix = "t"): Promise<TestTable> {
  const endpoint = inject("dynamoEndpoint");
  // One DynamoDB Local serves every test file at once; under that load a request can take far
  // longer than the 3 s a deployed function allows DynamoDB, so tests wait longer.
  const client = createDocumentClient({ endpoint, requestTimeoutMs: 30_000 });
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return {
    client,
    tableName,
    endpoint,
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      client.destroy();
    },
  };
}
