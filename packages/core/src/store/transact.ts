import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { StoreError, StoreUnavailableError, TransientStoreError } from "../kernel/errors";

/**
 * Why a TransactWriteItems was cancelled, per labelled action. DynamoDB reports one reason
 * per action in request order; `ConditionalCheckFailed` carries the old item when the
 * action asked for ALL_OLD.
 */
export interface Cancellation {
  failed: { label: string; code: string; item?: Record<string, unknown> }[];
  /** A concurrent transaction touched the same items: safe to retry as-is. */
  conflict: boolean;
}

export function classifyCancellation(error: unknown, labels: string[]): Cancellation | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.flatMap((reason, index) => {
    if (!reason.Code || reason.Code === "None") return [];
    const entry: Cancellation["failed"][number] = { label: labels[index] ?? `#${index}`, code: reason.Code };
    if (reason.Item) entry.item = unmarshall(reason.Item as Parameters<typeof unmarshall>[0]);
    return [entry];
  });
  return { failed, conflict: failed.some((f) => f.code === "TransactionConflict") };
}

const RETRYABLE = new Set([
  "TransactionConflictException",
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
]);

/**
 * Errors worth retrying with backoff. DynamoDB Local never throttles nor reports transaction
 * conflicts, real DynamoDB does; this classification is unit-tested for that reason.
 */
export function isRetryableStoreError(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some(
      (r) =>
        r.Code === "TransactionConflict" ||
        r.Code === "ThrottlingError" ||
        r.Code === "ProvisionedThroughputExceeded",
    );
  }
  const name = (error as { name?: string } | null)?.name;
  return name !== undefined && RETRYABLE.has(name);
}

/** A retryable error that is a race with another writer (the rest are the store's capacity). */
function isConflict(error: unknown): boolean {
  if (error instanceof TransactionCanceledException)
    return (error.CancellationReasons ?? []).some((r) => r.Code === "TransactionConflict");
  return (error as { name?: string } | null)?.name === "TransactionConflictException";
}

/** Node's and the SDK's ways of saying "no answer": nothing came back from DynamoDB. */
const NO_ANSWER = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
]);

/** The request got no HTTP answer: refused, reset, or timed out (requestTimeout / connectionTimeout). */
export function isNoAnswer(error: unknown): boolean {
  const e = (error ?? {}) as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  if (e.$metadata?.httpStatusCode !== undefined) return false;
  return e.name === "TimeoutError" || (e.code !== undefined && NO_ANSWER.has(e.code));
}

/**
 * What the store throws for an SDK error, so nothing above it needs to know AWS's error
 * shapes: a retryable one becomes TransientStoreError (a race or throttling), no answer at all
 * StoreUnavailableError, any other DynamoDB service error (they carry `$metadata`) StoreError;
 * anything else (a bug) is passed through unchanged.
 */
export function storeErrorOf(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const { name = "Error", message = String(error) } = (error ?? {}) as { name?: string; message?: string };
  if (isNoAnswer(error)) return new StoreUnavailableError(name, message, error);
  if (isRetryableStoreError(error))
    return new TransientStoreError(name, message, error, isConflict(error) ? "conflict" : "throttled");
  if (error && typeof error === "object" && "$metadata" in error) return new StoreError(name, message, error);
  return error;
}
