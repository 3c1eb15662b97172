import { GetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
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
}

export function idempotencyItem(record: StoredResponse, nowEpochSeconds: number): Record<string, unknown> {
  return {
    ...keys.idempotency(record.principalId, record.key),
    entity: "idempotency",
    ...record,
    body: JSON.stringify(record.body),
    expiresAt: nowEpochSeconds + IDEMPOTENCY_TTL_SECONDS,
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
  constructor(private readonly client: DynamoDBDocumentClient, private readonly tableName: string) {}

  /** The stored response, unless absent or past its TTL (DynamoDB deletes expired items lazily). */
  async find(principalId: string, key: string, nowEpochSeconds: number): Promise<StoredResponse | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.idempotency(principalId, key), ConsistentRead: true }));
    if (!Item || Number(Item.expiresAt) <= nowEpochSeconds) return undefined;
    return fromIdempotencyItem(Item);
  }
}
