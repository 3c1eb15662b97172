import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type ApiKeyRecord, apiKeyRecordSchema } from "../auth";
import { WriteConflict } from "../kernel/errors";
import type { ApiKeyRepository } from "../ports/api-keys";
import type { StoredResponse } from "../ports/idempotency";
import type { KeyPage } from "../ports/leads";
import { fromIdempotencyItem, idempotencyPut } from "./idempotency";
import { readItem } from "./items";
import { apiKeyListKeys, keys, listingPartitions } from "./keys";
import { queryMerged } from "./merge";
import { classifyCancellation, storeErrorOf } from "./transact";

export class ApiKeyStore implements ApiKeyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: ApiKeyRecord, idempotency?: StoredResponse): Promise<void> {
    const put = {
      TableName: this.tableName,
      Item: {
        ...keys.apiKey(record.id),
        ...apiKeyListKeys(record.createdAt, record.id),
        entity: "api_key",
        ...record,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    };
    if (!idempotency) {
      await this.client.send(new PutCommand(put));
      return;
    }
    // With an Idempotency-Key, the key and the stored response are one transaction: a retry
    // finds the response and replays it; a racing twin fails on the record and replays ours.
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: put },
            {
              Put: idempotencyPut(
                this.tableName,
                idempotency,
                // The response is made at the change's time (the injected clock's).
                Math.floor(Date.parse(idempotency.createdAt) / 1000),
              ),
            },
          ],
        }),
      );
    } catch (error) {
      const failed = classifyCancellation(error, ["api_key", "idempotency"])?.failed ?? [];
      const holder = failed.find((f) => f.label === "idempotency" && f.code === "ConditionalCheckFailed");
      if (holder)
        throw new WriteConflict(
          "idempotency_key_used",
          holder.item ? fromIdempotencyItem(holder.item) : undefined,
        );
      throw storeErrorOf(error);
    }
  }

  /** Eventually consistent on purpose: half the cost on every request; a revocation is seen within a second. */
  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(id) }),
    );
    return Item ? readItem(apiKeyRecordSchema, "API key", Item) : undefined;
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
      return Attributes ? readItem(apiKeyRecordSchema, "API key", Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async list(limit: number, after: string | undefined): Promise<KeyPage<ApiKeyRecord>> {
    const page = await queryMerged(this.client, this.tableName, {
      index: "gsi5",
      partitions: listingPartitions.apiKeys(),
      limit,
      ...(after ? { after } : {}),
    });
    const items = page.items.map((item) => readItem(apiKeyRecordSchema, "API key", item));
    return page.lastSortKey ? { items, lastSortKey: page.lastSortKey } : { items };
  }
}
