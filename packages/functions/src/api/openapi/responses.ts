import * as z from "@rebound/core/zod";
import type { AnyRoute } from "../http/route";
import type { JsonSchema, SchemaComponents } from "./components";
import {
  type ProblemSlug,
  problemSchema,
  problemSchemaName,
  problemTypes,
  problemTypeUri,
  slugsFor,
} from "./problems";

export const PROBLEM_JSON = "application/problem+json";

/** Response headers this API sends, with their value schemas. */
const headerSchemas: Record<string, JsonSchema> = {
  ETag: { type: "string", pattern: '^(W/)?"\\d+"$', examples: ['"3"'] },
  Location: { type: "string", format: "uri-reference" },
  "Idempotent-Replayed": { type: "string", enum: ["true"] },
  "WWW-Authenticate": { type: "string" },
  "Retry-After": { type: "string", pattern: "^\\d+$" },
  "X-Correlation-Id": { type: "string", minLength: 1 },
};

/**
 * Sent on every response (http/request-context.ts): the id on every log line of the request
 * and on the events it caused (`actor.correlationId`).
 */
export const correlationHeader = {
  "X-Correlation-Id": headerObject(
    "X-Correlation-Id",
    "The request's correlation id (API Gateway's request id, or one the API made): on every log line of the request and on the events it caused. Quote it when reporting a problem.",
  ),
};

export function headerObject(name: string, description: string, required = false) {
  return {
    description,
    ...(required ? { required: true } : {}),
    schema: headerSchemas[name] ?? { type: "string" },
  };
}

/** One shared response per problem status, named for clients and referenced by every operation. */
const statusResponses: Record<
  number,
  { name: string; description: string; headers?: Record<string, unknown> }
> = {
  400: { name: "BadRequest", description: "Malformed request: a bad parameter or header, or malformed JSON" },
  401: {
    name: "Unauthorized",
    description: "Missing, unknown or revoked API key",
    headers: {
      "WWW-Authenticate": headerObject("WWW-Authenticate", "The scheme to authenticate with.", true),
    },
  },
  403: { name: "Forbidden", description: "The key lacks the scope, or may not act on this resource" },
  404: { name: "NotFound", description: "No such resource" },
  409: {
    name: "Conflict",
    description: "Conflicts with the current state (status, another lead's email, concurrent writes)",
    headers: { "Retry-After": headerObject("Retry-After", "Seconds to wait before retrying (contention).") },
  },
  410: { name: "Gone", description: "The lead was erased and takes no further change" },
  412: { name: "PreconditionFailed", description: "The If-Match version is not current" },
  413: { name: "PayloadTooLarge", description: "The body exceeds the size limit" },
  415: { name: "UnsupportedMediaType", description: "A media type this operation does not read" },
  422: { name: "UnprocessableContent", description: "Well-formed but invalid input" },
  429: {
    name: "TooManyRequests",
    description: "Rate limited",
    headers: { "Retry-After": headerObject("Retry-After", "Seconds to wait before retrying.", true) },
  },
  503: {
    name: "ServiceUnavailable",
    description: "Temporarily unavailable (the database or a secret): retry after `Retry-After` seconds",
    headers: { "Retry-After": headerObject("Retry-After", "Seconds to wait before retrying.", true) },
  },
};

export const problemStatuses = Object.keys(statusResponses).map(Number);

/**
 * Problem statuses an operation can answer whatever its handler does, from its shape:
 * parameters and headers can be malformed (400), a key can be unknown (401, on public routes
 * too), missing or lacking the scope (401/403), any method that may carry a body can exceed the size limit (413), a body can
 * have the wrong media type (415) or be invalid (422), If-Match can be stale (412), an
 * Idempotency-Key can be reused (422).
 */
export function inferredStatuses(route: AnyRoute): number[] {
  const header = (name: string) => (route.headers ?? []).some((h) => h.name === name);
  const out = new Set<number>();
  if (route.params || route.query || route.body || route.headers?.length) out.add(400);
  // A presented key that is unknown or revoked is a 401 on every route, public ones too; a key
  // past its request budget (http/rate-limit.ts: ingest keys always have one) is a 429 likewise.
  out.add(401);
  out.add(429);
  if (route.scopes !== "public") out.add(403);
  if (route.method !== "get") out.add(413);
  if (route.body) {
    out.add(415);
    out.add(422);
  }
  if (header("If-Match")) out.add(412);
  if (header("Idempotency-Key")) out.add(422);
  // A keyed request needs the table and may need a secret read at run time: either can be
  // unavailable for a moment (http/unavailable.ts).
  if (route.scopes !== "public") out.add(503);
  return [...out];
}

/** Builds the shared problem schemas and responses on first use, so the document lists only used ones. */
export class ProblemResponses {
  private readonly used = new Map<number, unknown>();

  constructor(private readonly schemas: SchemaComponents) {}

  /** `$ref` to the shared response for a status, with an operation's own description if it has one. */
  ref(status: number, description?: string): Record<string, unknown> {
    const shared = statusResponses[status];
    if (!shared) throw new Error(`No shared problem response for status ${status}.`);
    if (!this.used.has(status)) this.used.set(status, this.build(status));
    return {
      $ref: `#/components/responses/${shared.name}`,
      ...(description && description !== shared.description ? { description } : {}),
    };
  }

  /**
   * The shared response for a status, inline, with a `text/html` page beside problem+json: for
   * an operation that answers a plain HTML form with pages (RouteSpec.pageErrors).
   */
  withPage(status: number, description?: string): Record<string, unknown> {
    this.ref(status);
    const built = this.used.get(status) as {
      description: string;
      headers?: Record<string, unknown>;
      content: Record<string, unknown>;
    };
    return {
      ...built,
      ...(description ? { description } : {}),
      headers: {
        ...built.headers,
        "Content-Security-Policy": headerObject(
          "Content-Security-Policy",
          "On a text/html page: it loads, runs and posts nothing.",
        ),
      },
      content: {
        ...built.content,
        "text/html": {
          schema: {
            type: "string",
            description: "A readable page saying what to fix, with a link back to the form.",
          },
        },
      },
    };
  }

  all(): Record<string, unknown> {
    return Object.fromEntries(
      [...this.used.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, response]) => [statusResponses[status]!.name, response]),
    );
  }

  private build(status: number) {
    const shared = statusResponses[status]!;
    const slugs = slugsFor(status);
    const refs = slugs.map((slug) => this.typeSchema(slug));
    const schema =
      refs.length === 0
        ? this.base()
        : refs.length === 1
          ? refs[0]
          : {
              oneOf: refs,
              discriminator: {
                propertyName: "type",
                mapping: Object.fromEntries(slugs.map((slug, i) => [problemTypeUri(slug), refs[i]!.$ref])),
              },
            };
    return {
      description: shared.description,
      headers: { ...correlationHeader, ...shared.headers },
      content: { [PROBLEM_JSON]: { schema } },
    };
  }

  private base(): JsonSchema {
    return this.schemas.put("Problem", {
      ...this.schemas.convert(problemSchema, "output"),
      description:
        "RFC 9457 problem details. Open to extension members: each problem type documents its own.",
    });
  }

  private typeSchema(slug: ProblemSlug): { $ref: string } {
    const spec = problemTypes[slug] as { members?: Record<string, z.ZodMiniType>; required?: string[] };
    const members = Object.fromEntries(
      Object.entries(spec.members ?? {}).map(([name, schema]) => [
        name,
        spec.required?.includes(name) ? schema : z.optional(schema),
      ]),
    );
    const own = this.schemas.convert(
      z.looseObject({
        type: z.literal(problemTypeUri(slug)),
        status: z.literal(problemTypes[slug].status),
        ...members,
      }),
      "output",
    );
    return this.schemas.put(problemSchemaName(slug), {
      description: problemTypes[slug].description,
      allOf: [this.base(), own],
    }) as { $ref: string };
  }
}
