import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { CorruptItemError } from "../kernel/errors";
import * as z from "../kernel/zod";
import type { IdempotencyRepository, StoredResponse } from "../ports/idempotency";
import { readItem } from "./items";
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

/** A stored response as its item holds it: the body as JSON text. */
const storedResponseItemSchema = z.object({
  principalId: z.string(),
  key: z.string(),
  fingerprint: z.string(),
  status: z.number(),
  body: z.string(),
  headers: z.optional(z.record(z.string(), z.string())),
  createdAt: z.string(),
  ttlSeconds: z.optional(z.number()),
});

/** The stored response of an idempotency item, checked (a corrupt one is an internal error, not a replay). */
export function fromIdempotencyItem(item: Record<string, unknown>): StoredResponse {
  const {
    body,
    headers,
    ttlSeconds: _ttl,
    ...rest
  } = readItem(storedResponseItemSchema, "idempotency record", item);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new CorruptItemError("idempotency record", `${String(item.pk)} / ${String(item.sk)}`, [
      { path: ["body"], message: `not JSON: ${(error as Error).message}` },
    ]);
  }
  return { ...rest, body: parsed, ...(headers ? { headers } : {}) };
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
