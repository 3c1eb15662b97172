import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { keys } from "./keys";

/** How long a retried request is recognised (seconds): a day covers any client's retry policy. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** The first response to a request, kept so a retry with the same key gets it back verbatim. */
export interface StoredResponse {
  principalId: string;
  key: string;
  /** Hash of method, path and body: the same key on a different request is an error, not a replay. */
  fingerprint: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  createdAt: string;
  /** How long the record is kept, when not the default day (an import row's replay window is longer). */
  ttlSeconds?: number;
}

export function idempotencyItem(record: StoredResponse, nowEpochSeconds: number): Record<string, unknown> {
  return {
    ...keys.idempotency(record.principalId, record.key),
    entity: "idempotency",
    ...record,
    body: JSON.stringify(record.body),
    expiresAt: nowEpochSeconds + (record.ttlSeconds ?? IDEMPOTENCY_TTL_SECONDS),
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

export class IdempotencyStore {
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

  /**
   * Records a request that is not a single lead change (an import) under its key, unless the
   * key is already held: then the holder's record is returned, for the caller to compare
   * fingerprints. Expired records do not hold a key.
   */
  async claim(record: StoredResponse, nowEpochSeconds: number): Promise<StoredResponse | undefined> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: idempotencyItem(record, nowEpochSeconds),
          ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
          ExpressionAttributeValues: { ":now": nowEpochSeconds },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item
        ? fromIdempotencyItem(unmarshall(error.Item as Parameters<typeof unmarshall>[0]))
        : await this.find(record.principalId, record.key, nowEpochSeconds);
    }
  }
}
