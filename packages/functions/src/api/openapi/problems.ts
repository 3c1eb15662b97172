import * as z from "@rebound/core/zod";

/**
 * Every problem type this API answers with: its status, its title and the extension members
 * it carries. One table for both sides: the error mapper (http/problem.ts) takes status and
 * title from here, and the OpenAPI document gets one schema per type (`type` is a constant,
 * so a typed client narrows on it) and one shared response per status. A problem type the
 * server sends but this table lacks is an off-schema body in the contract suite.
 */
const issue = z.object({
  pointer: z.string().check(z.describe("RFC 6901 JSON Pointer to the field, e.g. #/source/type.")),
  path: z.array(z.union([z.string(), z.number()])),
  detail: z.string(),
  code: z.string(),
});
const errors = z.array(issue).check(z.describe("One entry per offending field."));
const maybeId = z.nullable(z.string());

export interface ProblemType {
  status: 400 | 401 | 403 | 404 | 405 | 409 | 410 | 412 | 413 | 415 | 422 | 429 | 500 | 503;
  title: string;
  /** What the type means, for the document. */
  description: string;
  /** Extension members beyond RFC 9457's, with the ones always present. */
  members?: Record<string, z.ZodMiniType>;
  required?: string[];
}

export const problemTypes = {
  "bad-request": {
    status: 400,
    title: "Bad request",
    description: "A path, query or header parameter is malformed; `errors` names it.",
    members: { errors },
  },
  "malformed-json": { status: 400, title: "Malformed JSON", description: "The body is not valid JSON." },
  unauthorized: {
    status: 401,
    title: "Unauthorized",
    description: "No API key, or an unknown or revoked one.",
  },
  forbidden: {
    status: 403,
    title: "Forbidden",
    description:
      "The key lacks the scope, or it is not the key of the rep the lead (or appointment) belongs to.",
    members: { leadId: z.string(), appointmentId: z.string(), ownerId: maybeId, repId: maybeId },
  },
  "not-found": {
    status: 404,
    title: "Not found",
    description: "No such resource (or route).",
    members: { leadId: z.string(), appointmentId: z.string() },
  },
  conflict: {
    status: 409,
    title: "Conflict",
    description: "The request conflicts with the current state, e.g. an email that belongs to another lead.",
    members: {
      leadId: z.string(),
      appointmentId: z.string(),
      appointmentStatus: z.string(),
      at: z.string(),
      open: z.number(),
    },
  },
  "illegal-transition": {
    status: 409,
    title: "Illegal status change",
    description: "The lead's status does not allow this move; the moves it allows are listed.",
    members: { currentStatus: z.string(), attempted: z.string(), allowed: z.array(z.string()) },
    required: ["currentStatus", "attempted", "allowed"],
  },
  "not-sales-ready": {
    status: 409,
    title: "Lead is not sales-ready",
    description: "The lead fails the sales-ready policy; hand it off with `override.reason` or improve it.",
    members: { currentStatus: z.string(), reasons: z.array(z.string()) },
    required: ["currentStatus", "reasons"],
  },
  contention: {
    status: 409,
    title: "Too much contention",
    description: "Concurrent writes did not settle within the retry budget; retry after `Retry-After`.",
    members: { leadId: z.string() },
  },
  erased: {
    status: 410,
    title: "Erased",
    description:
      "The lead's personal data was erased (POST /v1/leads/{id}/erase): it takes no further change.",
    members: { leadId: z.string() },
  },
  "version-mismatch": {
    status: 412,
    title: "Precondition failed",
    description: "`If-Match` names a version that is no longer current.",
    members: { expected: z.number(), actual: z.number() },
    required: ["expected", "actual"],
  },
  "payload-too-large": {
    status: 413,
    title: "Payload too large",
    description: "The body exceeds the size limit.",
  },
  "unsupported-media-type": {
    status: 415,
    title: "Unsupported media type",
    description: "The body's Content-Type (or charset) is not one this operation reads.",
  },
  validation: {
    status: 422,
    title: "Validation failed",
    description: "The body is well-formed but invalid; `errors` points at each field.",
    members: { errors },
  },
  "idempotency-key-reused": {
    status: 422,
    title: "Idempotency-Key reused",
    description: "The Idempotency-Key was already used for a different request.",
    members: { key: z.string() },
    required: ["key"],
  },
  "origin-not-allowed": {
    status: 403,
    title: "Origin not allowed",
    description: "An ingest key used from a site (`Origin`) that is not among the key's allowed origins.",
  },
  "origin-required": {
    status: 403,
    title: "Origin required",
    description:
      "An ingest key for browsers (allowed origins, no server-to-server use) and a request without `Origin`.",
  },
  "key-in-url": {
    status: 403,
    title: "This key may not be sent in the URL",
    description:
      "A key other than an ingest key sent as `?key=`: refused, and to be rotated (URLs end up in logs).",
  },
  "bad-signature": {
    status: 403,
    title: "Bad signature",
    description: "A Typeform delivery without a valid `Typeform-Signature` for the key's Typeform secret.",
  },
  "typeform-secret-required": {
    status: 403,
    title: "Typeform secret required",
    description:
      "An ingest key without a Typeform secret used for Typeform deliveries (they could not be verified).",
  },
  "malformed-form": {
    status: 400,
    title: "Malformed form body",
    description:
      "A urlencoded or multipart body that cannot be parsed (bad %-escapes, not UTF-8, a broken boundary).",
  },
  "rate-limited": {
    status: 429,
    title: "Too many requests",
    description:
      "The API key spent its request budget for this window (per key, across all instances); retry after `Retry-After` seconds.",
  },
  unavailable: {
    status: 503,
    title: "Service unavailable",
    description:
      "Something the API depends on (the table, a secret) cannot serve right now; retry after `Retry-After`.",
  },
} satisfies Record<string, ProblemType>;

export type ProblemSlug = keyof typeof problemTypes;

export const problemTypeUri = (slug: string) => `urn:rebound:problem:${slug}`;

/** PascalCase component name of a type's schema, e.g. IllegalTransitionProblem. */
export function problemSchemaName(slug: string): string {
  return `${slug.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase())}Problem`;
}

const base = {
  type: z.string().check(z.describe("A URI naming the problem type (urn:rebound:problem:…).")),
  title: z.string(),
  status: z.number().check(z.int()),
  detail: z.optional(z.string()),
  instance: z.optional(z.string().check(z.describe("The request path."))),
};

/** RFC 9457 problem details, open to extension members (each type documents its own). */
export const problemSchema = z.looseObject({ ...base, errors: z.optional(errors) });

/** The problem types a status can carry, in table order. */
export function slugsFor(status: number): ProblemSlug[] {
  return (Object.keys(problemTypes) as ProblemSlug[]).filter((slug) => problemTypes[slug].status === status);
}
