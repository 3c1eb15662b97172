/**
 * Retry policy for PutEvents, kept apart from the adapter so the classification (the part
 * that decides whether an event is retried or reported) is unit-tested on its own.
 */

export type Attempt =
  | { outcome: "published"; eventBridgeId: string }
  | { outcome: "retry" | "reject"; code: string; message: string };

/**
 * Per-entry ErrorCodes that PutEventsResultEntry documents as retryable. Every other code
 * (InvalidArgument, MalformedDetail, AccessDeniedException, NotAuthorizedFor…, and codes
 * added after this was written) is final: resending the same bytes would fail the same way,
 * and the event is reported as rejected rather than retried into exhaustion.
 */
const retryableEntryCodes = new Set(["InternalFailure", "ThrottlingException"]);

export function classifyEntryError(code: string, message = ""): Attempt {
  return { outcome: retryableEntryCodes.has(code) ? "retry" : "reject", code, message };
}

/** Exception names AWS uses for throttling across services and protocols. */
const throttlingNames = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
]);

/**
 * Classifies an error thrown by `client.send` for a whole PutEvents request: throttling,
 * 5xx and errors without an HTTP status (socket resets, timeouts, DNS: the request may
 * never have arrived) are retried; any other 4xx (access denied, unknown bus, validation)
 * is final for every entry of the request. Retrying an unknown status-less error is cheap
 * and bounded; treating it as final could drop events that a second try would publish.
 */
export function classifyRequestError(error: unknown): Attempt {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const code = e.name && e.name !== "Error" ? e.name : (e.code ?? e.name ?? "UnknownError");
  const message = e.message ?? String(error);
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined || status >= 500 || status === 429 || throttlingNames.has(code))
    return { outcome: "retry", code, message };
  return { outcome: "reject", code, message };
}
