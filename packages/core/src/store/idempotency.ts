import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { IdempotencyRepository, StoredResponse } from "../ports/idempotency";
import { keys } from "./keys";

/** How long a retried request is recognised (seconds): a day covers any client's retry policy. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export function idempotencyItem(record: StoredResponse, nowEpochSeconds: number): Record<string, unknown> {
  return {
    ...keys.idempotency(record.principalId, record.key),
    entity: "idempotency",
    ...record,
    body: JSON.stringify(record.body),
    expiresAt: nowEpochSeconds + (record.ttlSeconds ?? IDEMPOTENCY_TTL_SECONDS),
  };
}

/**
 * The conditional put of a stored response inside a change's own transaction. An expired
 * record still there (TTL deletes lazily) does not count; on failure the holder comes back.
 */
export function idempotencyPut(tableName: string, record: StoredResponse, nowEpochSeconds: number) {
  return {
    TableName: tableName,
    Item: idempotencyItem(record, nowEpochSeconds),
    ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
    ExpressionAttributeValues: { ":now": nowEpochSeconds },
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  };
}

export function fromIdempotencyItem(item: Record<string, unknown>): StoredResponse {
  return {
    principalId: String(item.principalId),
    key: String(item.key),
    fingerprint: String(item.fingerprint),
    status: Number(item.status),
    body: JSON.parse(String(item.body)),
    ...(item.headers ? { headers: item.headers as Record<string, string> } : {}),
    createdAt: String(item.createdAt),
  };
}

export class IdempotencyStore implements IdempotencyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The stored response, unless absent or past its TTL (DynamoDB deletes expired items lazily). */
  async find(principalId: string, key: string, nowEpochSeconds: number): Promise<StoredResponse | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.idempotency(principalId, key),
        ConsistentRead: true,
      }),
    );
    if (!Item || Number(Item.expiresAt) <= nowEpochSeconds) return undefined;
    return fromIdempotencyItem(Item);
  }

  /** See IdempotencyRepository.claim: a conditional put, the holder's record (ALL_OLD) when it fails. */
  async claim(record: StoredResponse, nowEpochSeconds: number): Promise<StoredResponse | undefined> {
    try {
      await this.client.send(new PutCommand(idempotencyPut(this.tableName, record, nowEpochSeconds)));
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item
        ? fromIdempotencyItem(unmarshall(error.Item as Parameters<typeof unmarshall>[0]))
        : await this.find(record.principalId, record.key, nowEpochSeconds);
    }
  }

  /** Overwrites the claim with the final response, unless another request (fingerprint) holds the key. */
  async complete(record: StoredResponse, nowEpochSeconds: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: idempotencyItem(record, nowEpochSeconds),
        ConditionExpression: "fingerprint = :fingerprint",
        ExpressionAttributeValues: { ":fingerprint": record.fingerprint },
      }),
    );
  }
}
