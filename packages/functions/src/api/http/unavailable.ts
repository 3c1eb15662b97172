import { StoreUnavailableError, TransientStoreError } from "@rebound/core/kernel";
import { SecretUnavailableError } from "../../secrets/store";

/** AWS's names for "slow down" across services and protocols. */
const THROTTLED = new Set([
  "ThrottlingException",
  "Throttling",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
]);

export interface Unavailable {
  detail: string;
  /** Seconds the client should wait before retrying. */
  retryAfter: number;
}

/**
 * Whether an error means "something we depend on cannot serve right now" (the client should
 * come back: a 503 with Retry-After), as opposed to a bug (a 500). Covers the store's own
 * classification (StoreUnavailableError, TransientStoreError), SDK errors that reached the
 * API unclassified (reads are not wrapped: throttling names, or a 5xx from the service), and
 * a secret that cannot be read.
 */
export function unavailability(error: unknown): Unavailable | undefined {
  if (error instanceof SecretUnavailableError)
    return { detail: "A secret this request needs cannot be read right now; retry shortly.", retryAfter: 5 };
  if (error instanceof StoreUnavailableError)
    return { detail: "The database is not answering or is overloaded; retry shortly.", retryAfter: 5 };
  if (error instanceof TransientStoreError)
    return { detail: "The database is busy; retry shortly.", retryAfter: 2 };
  const e = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if ((e.name && THROTTLED.has(e.name)) || (status !== undefined && status >= 500))
    return { detail: "The database is busy or failing; retry shortly.", retryAfter: 2 };
  return undefined;
}
