/**
 * Domain errors. Domain code throws these, never HTTP errors; the API maps each `code`
 * to a status and an RFC 9457 body in one place.
 */
export interface FieldIssue {
  /** Path of the offending field, e.g. ["source", "type"]; [] for the whole input. */
  path: (string | number)[];
  message: string;
  code: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that is well-formed but breaks a rule (schema or business). */
export class ValidationError extends DomainError {
  readonly code = "validation";
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = "not_found";
}

/** The request conflicts with the current state (e.g. an email that belongs to another lead). */
export class ConflictError extends DomainError {
  readonly code = "conflict";
}

/** The caller's expected version is not the current one (If-Match). */
export class VersionMismatchError extends DomainError {
  readonly code = "version_mismatch";
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`The lead is at version ${actual}, not ${expected}: read it again and retry.`, {
      expected,
      actual,
    });
  }
}

/** An Idempotency-Key reused for a different request. */
export class IdempotencyKeyReuseError extends DomainError {
  readonly code = "idempotency_key_reused";
}

/** Contention that did not settle within the retry budget; safe to retry later. */
export class ContentionError extends DomainError {
  readonly code = "contention";
}

/**
 * A status change the lifecycle does not allow (e.g. accepting a lead that is not handed off,
 * anything after won). Carries the current status and the moves that are allowed from it,
 * so a client can tell "someone else got there first" from "wrong call".
 */
export class IllegalTransitionError extends DomainError {
  readonly code = "illegal_transition";
  constructor(
    readonly status: string,
    readonly attempted: string,
    readonly allowed: readonly string[],
    message = `A lead in status ${status} cannot move to ${attempted}.`,
  ) {
    super(message, { status, attempted, allowed: [...allowed] });
  }
}

/** A hand-off of a lead that does not meet the sales-ready policy, without a stated override. */
export class NotSalesReadyError extends DomainError {
  readonly code = "not_sales_ready";
}

/** The lead's personal data was erased: it takes no further changes (the API answers 410 Gone). */
export class ErasedError extends DomainError {
  readonly code = "erased";
}

/** The caller is authenticated and has the scope, but may not act on this particular lead (not its rep). */
export class ForbiddenError extends DomainError {
  readonly code = "forbidden";
}

/*
 * What the store answers when it does not do a write. These are not domain errors: use cases
 * decide what they mean (retry, replay, a 409…); one that escapes is a 500.
 */

/** Why a conditional write did not happen. */
export type WriteConflictReason = "lead_exists" | "version_changed" | "email_taken" | "idempotency_key_used";

/**
 * A conditional write lost: `reason` names the condition that failed, `found` is what the
 * store found in the way, already read back and checked (each port says what it holds).
 */
export class WriteConflict extends Error {
  constructor(
    readonly reason: WriteConflictReason,
    readonly found?: unknown,
  ) {
    super(`write conflict: ${reason}`);
    this.name = "WriteConflict";
  }
}

/** The store refused a request (its own service error, e.g. an item too large). Not retried. */
export class StoreError extends Error {
  constructor(
    /** The store's name for the error (for logs and reports). */
    readonly code: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(`${code}: ${message}`);
    this.name = new.target.name;
  }
}

/**
 * The store was busy: throttled, or a transaction raced another on the same item. Nothing
 * was written; reading again and retrying (with backoff) is safe.
 */
export class TransientStoreError extends StoreError {
  constructor(
    code: string,
    message: string,
    cause?: unknown,
    /** Which kind of busy: a lost race (another writer) or the store's capacity. */
    readonly busy: "conflict" | "throttled" = "conflict",
  ) {
    super(code, message, cause);
  }
}

/** The retryable-error predicate for loops over store writes (see retry.ts). */
export const isTransientStoreError = (error: unknown): boolean => error instanceof TransientStoreError;

/**
 * The store cannot serve now: it did not answer (connection refused or reset, a request
 * timeout), or kept throttling after every retry. Not retried by our loops: a timed-out write
 * may still land, so a blind retry could apply it twice; the caller retries later (HTTP 503
 * with Retry-After), with an Idempotency-Key where it matters.
 */
export class StoreUnavailableError extends StoreError {}

/**
 * A stored item that does not match its schema when read back: our bug or a corruption,
 * never the caller's fault, so it is an internal error (500) whose message says which item
 * and which fields, instead of a silently mistyped object travelling on.
 */
export class CorruptItemError extends Error {
  constructor(
    readonly what: string,
    readonly key: string,
    readonly issues: readonly { path: PropertyKey[]; message: string }[],
  ) {
    super(
      `Stored ${what} ${key} does not match its schema: ${issues
        .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)
        .join("; ")}`,
    );
    this.name = "CorruptItemError";
  }
}
