import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";

/**
 * Proves the table answers: one eventually consistent GetItem of a key nothing is stored
 * under (half a read unit). Throws what any read throws when the table cannot serve: a
 * StoreUnavailableError when nothing answers, the SDK's error when it answers with one.
 */
export async function pingTable(client: DynamoDBDocumentClient, tableName: string): Promise<void> {
  await client.send(new GetCommand({ TableName: tableName, Key: { pk: "HEALTH", sk: "READY" } }));
}
