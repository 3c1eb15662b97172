import { DescribeTableCommand, DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTable, type TestTable } from "../../../test/dynamo";
import { ensureTable } from "../src/store/ensure-table";
import { tableDefinition } from "../src/store/table";

describe("table definition on DynamoDB Local", () => {
  let table: TestTable;
  beforeAll(async () => (table = await createTestTable("table")));
  afterAll(() => table.drop());

  it("creates every GSI of the shared definition with the TTL attribute enabled", async () => {
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((i) => [
        i.IndexName,
        i.KeySchema?.map((k) => k.AttributeName),
      ]),
    );
    for (const [name, index] of Object.entries(tableDefinition.globalIndexes)) {
      expect(indexes[name]).toEqual([index.partitionKey, index.sortKey]);
    }
    const ttl = await table.client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(tableDefinition.ttlAttribute);
  });

  it("is idempotent: a second ensureTable finds the table", async () => {
    expect(await ensureTable(table.client, table.tableName)).toBe("existed");
  });
});
