import { DomainError, type FieldIssue, ValidationError } from "@rebound/core/kernel";
import type { Context } from "hono";
import { errorFields, type Logger } from "../../observability/log";
import { type ProblemType, problemTypes, problemTypeUri } from "../openapi/problems";
import { problemPage } from "./form-page";
import { unavailability } from "./unavailable";

/** An HTTP-level refusal (auth, media type, size, malformed syntax) that has no domain meaning. */
export class HttpProblem extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 429 | 503,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly issues: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = "HttpProblem";
  }
}

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  errors?: { pointer: string; path: (string | number)[]; detail: string; code: string }[];
  [extension: string]: unknown;
}

/** Status and title of a domain error, from the one problem table the OpenAPI document is built from. */
function domainProblem(code: string): { slug: string; status: number; title: string } {
  const slug = code.replace(/_/g, "-");
  const known: ProblemType | undefined = (problemTypes as Record<string, ProblemType>)[slug];
  // A domain error without a row in the table is a bug the contract suite reports (off-schema).
  return known
    ? { slug, status: known.status, title: known.title }
    : { slug, status: 409, title: "Conflict" };
}

const RESERVED = new Set(["type", "title", "status", "detail", "instance", "errors"]);

/**
 * A domain error's details as problem extension members. The RFC 9457 members always win: a
 * detail named like one (a lead's `status` in an illegal transition) must never change the
 * HTTP status. A lead's status is exposed as `currentStatus`; other colliding names are dropped.
 */
function extensions(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (key === "status") out.currentStatus = value;
    else if (!RESERVED.has(key)) out[key] = value;
  }
  return out;
}

/** RFC 6901 JSON Pointer for a field path, so clients can point at the exact field. */
export function pointer(path: (string | number)[]): string {
  return `#${path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;
}

function toErrors(issues: FieldIssue[]) {
  return issues.map((issue) => ({
    pointer: pointer(issue.path),
    path: issue.path,
    detail: issue.message,
    code: issue.code,
  }));
}

export function problemResponse(
  c: Context,
  body: ProblemBody,
  headers: Record<string, string> = {},
): Response {
  // A person at a browser posted a plain HTML form: the same answer, as a page (http/form-page.ts).
  if (c.get("formPage")) return problemPage(c, body, headers);
  return c.body(JSON.stringify(body), body.status as 400, {
    "Content-Type": "application/problem+json",
    ...headers,
  });
}

/**
 * The one error mapper: domain errors and HTTP problems become RFC 9457 problem+json; a
 * dependency that cannot serve now (the table unavailable or throttled, a secret unreadable)
 * is a 503 with Retry-After; anything else is a 500 that hides internals (and is logged).
 */
export function errorHandler(log: Logger): (error: Error, c: Context) => Response {
  return (error, c) => mapError(error, c, log);
}

function mapError(error: Error, c: Context, log: Logger): Response {
  const instance = new URL(c.req.url).pathname;
  if (error instanceof HttpProblem) {
    const body: ProblemBody = {
      type: problemTypeUri(error.slug),
      title: error.title,
      status: error.status,
      instance,
    };
    if (error.detail) body.detail = error.detail;
    if (error.issues.length) body.errors = toErrors(error.issues);
    return problemResponse(c, body, error.headers);
  }
  const unavailable = unavailability(error);
  if (unavailable) {
    log.warn("dependency unavailable", { path: instance, ...errorFields(error), stack: undefined });
    return problemResponse(
      c,
      {
        type: problemTypeUri("unavailable"),
        title: problemTypes.unavailable.title,
        status: 503,
        detail: unavailable.detail,
        instance,
      },
      { "Retry-After": String(unavailable.retryAfter) },
    );
  }
  if (error instanceof DomainError) {
    const mapped = domainProblem(error.code);
    const body: ProblemBody = {
      ...extensions(error.details),
      type: problemTypeUri(mapped.slug),
      title: mapped.title,
      status: mapped.status,
      detail: error.message,
      instance,
    };
    if (error instanceof ValidationError && error.issues.length) body.errors = toErrors(error.issues);
    return problemResponse(c, body, error.code === "contention" ? { "Retry-After": "1" } : {});
  }
  log.error("unhandled error", { path: instance, ...errorFields(error) });
  return problemResponse(c, {
    type: "urn:rebound:problem:internal",
    title: "Internal error",
    status: 500,
    instance,
  });
}
