import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { type RateLimit, rateWindowOf } from "../auth/rate-limit";
import type { RateLimiter, RateVerdict } from "../ports/rate-limits";
import { keys } from "./keys";
import { storeErrorOf } from "./transact";

// Counter items outlive their window a little so a clock skew between instances never reuses a deleted one.
const TTL_SLACK_SECONDS = 300;
const THROTTLED = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
]);

/**
 * Per-key request counters shared by every Lambda instance: one item per key and fixed window,
 * incremented by one atomic conditional `ADD` that refuses once the budget is spent. Modelled
 * cost: one UpdateItem of an item far below 1 KB, in no index = 1 WCU per counted request
 * (a refused one too: a failed condition is billed as a write). The item has no GSI keys, so
 * it never fans out, and its TTL deletes it after the window.
 */
export class RateLimitStore implements RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hit(keyId: string, limit: RateLimit, now: Date): Promise<RateVerdict> {
    const window = rateWindowOf(now, limit.windowSeconds);
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rateWindow(keyId, window.start),
          UpdateExpression:
            "ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires), entity = :entity",
          ConditionExpression: "attribute_not_exists(#count) OR #count < :limit",
          ExpressionAttributeNames: { "#count": "count" },
          ExpressionAttributeValues: {
            ":one": 1,
            ":limit": limit.requests,
            ":expires": window.end + TTL_SLACK_SECONDS,
            ":entity": "rate_window",
          },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return { allowed: true, count: Number(Attributes?.count ?? 1), resetAt: window.end };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        return { allowed: false, count: limit.requests, resetAt: window.end };
      // The SDK has already retried; a counter throttled after that is being hammered.
      if (error instanceof Error && THROTTLED.has(error.name))
        return { allowed: false, count: limit.requests, resetAt: window.end, throttled: true };
      // No answer (refused, reset, timed out): StoreUnavailableError, a 503 like every store outage.
      throw storeErrorOf(error);
    }
  }
}
