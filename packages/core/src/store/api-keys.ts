import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ApiKeyRecord } from "../auth";
import { stripStorage } from "./items";
import { keys, listingPartitions } from "./keys";
import { queryMerged } from "./merge";

export class ApiKeyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: ApiKeyRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.apiKey(record.id),
          gsi4pk: listingPartitions.apiKeys()[0],
          gsi4sk: `${record.createdAt}#${record.id}`,
          entity: "api_key",
          ...record,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  /** Eventually consistent on purpose: half the cost on every request; a revocation is seen within a second. */
  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(id) }),
    );
    return Item ? stripStorage<ApiKeyRecord>(Item) : undefined;
  }

  /** Marks the key revoked (kept for the audit trail). False when there is no such key. */
  async revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.apiKey(id),
          UpdateExpression: "SET revokedAt = if_not_exists(revokedAt, :at)",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":at": at },
          ReturnValues: "ALL_NEW",
        }),
      );
      return Attributes ? stripStorage<ApiKeyRecord>(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async list(
    limit: number,
    after: string | undefined,
  ): Promise<{ items: ApiKeyRecord[]; lastSortKey?: string }> {
    const page = await queryMerged(this.client, this.tableName, {
      index: "gsi4",
      partitions: listingPartitions.apiKeys(),
      limit,
      ...(after ? { after } : {}),
    });
    const items = page.items.map((item) => stripStorage<ApiKeyRecord>(item));
    return page.lastSortKey ? { items, lastSortKey: page.lastSortKey } : { items };
  }
}
