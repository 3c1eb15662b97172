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

/** The caller is authenticated and has the scope, but may not act on this particular lead (not its rep). */
export class ForbiddenError extends DomainError {
  readonly code = "forbidden";
}
