import { urlKeyPaths } from "../http/auth";
import type { AnyRoute, ResponseDoc, Schema } from "../http/route";
import { type JsonSchema, SchemaComponents } from "./components";
import {
  correlationHeader,
  headerObject,
  inferredStatuses,
  PROBLEM_JSON,
  ProblemResponses,
} from "./responses";
import "./schemas";
import { API_TAGS } from "./tags";

/** Request headers this API reads, with the values it accepts (anything else is a 400). */
const requestHeaderSchemas: Record<string, JsonSchema> = {
  // Optional whitespace is spaces and tabs only: a header value cannot hold line breaks.
  "If-Match": { type: "string", pattern: '^[ \\t]*(\\*|(W/)?"\\d{1,15}")[ \\t]*$', examples: ['"3"'] },
  "Idempotency-Key": { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
};

function parameters(components: SchemaComponents, schema: Schema | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = components.convert(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = (json.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => {
    const { description, contentMediaType, contentSchema, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.includes(name),
      ...(description ? { description } : {}),
      // A parameter carrying JSON is described by the JSON's schema (OpenAPI's `content`).
      ...(contentMediaType === "application/json" && contentSchema
        ? { content: { "application/json": { schema: contentSchema } } }
        : { schema: rest }),
    };
  });
}

function successResponse(
  components: SchemaComponents,
  doc: ResponseDoc,
  idempotent: boolean,
): Record<string, unknown> {
  const headers: Record<string, unknown> = {
    ...correlationHeader,
    ...Object.fromEntries(
      Object.entries(doc.headers ?? {}).map(([name, description]) => [name, headerObject(name, description)]),
    ),
  };
  if (idempotent)
    headers["Idempotent-Replayed"] = headerObject(
      "Idempotent-Replayed",
      "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
    );
  const media: Record<string, Schema | undefined> = doc.content ?? {
    ...(doc.schema || doc.contentType ? { [doc.contentType ?? "application/json"]: doc.schema } : {}),
  };
  const content = Object.fromEntries(
    Object.entries(media).map(([type, schema]) => [
      type,
      schema ? { schema: components.convert(schema, "output") } : {},
    ]),
  );
  return {
    description: doc.description,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(Object.keys(content).length ? { content } : {}),
  };
}

const IDEMPOTENCY_KEY_DOC =
  "Optional, unique per logical request: a retry with the same key (kept 24 h) replays the first answer and writes nothing; the same key with another request is 422.";

/** Request headers the route reads: its own, plus Idempotency-Key on an idempotent route. */
function requestHeaders(route: AnyRoute) {
  const own = route.headers ?? [];
  if (!route.idempotent || own.some((h) => h.name === "Idempotency-Key")) return own;
  const description = typeof route.idempotent === "string" ? route.idempotent : IDEMPOTENCY_KEY_DOC;
  return [...own, { name: "Idempotency-Key", description }];
}

function operation(route: AnyRoute, components: SchemaComponents, problems: ProblemResponses) {
  const headers = requestHeaders(route);
  const idempotent = headers.some((h) => h.name === "Idempotency-Key");
  const op: Record<string, unknown> = {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    security:
      route.scopes === "public"
        ? []
        : [
            { apiKey: [] },
            { apiKeyHeader: [] },
            ...(urlKeyPaths.has(route.path) ? [{ apiKeyQuery: [] }] : []),
          ],
    ...(route.scopes === "public" ? {} : { "x-scopes": route.scopes }),
    ...(route.kinds ? { "x-key-kinds": route.kinds } : {}),
    parameters: [
      ...parameters(components, route.params, "path"),
      ...parameters(components, route.query, "query"),
      ...headers.map((h) => ({
        name: h.name,
        in: "header",
        required: h.required ?? false,
        description: h.description,
        schema: requestHeaderSchemas[h.name] ?? { type: "string" },
      })),
    ],
  };
  if (route.body) {
    const content: Record<string, unknown> = {};
    for (const type of route.body.contentTypes ?? ["application/json"])
      content[type] = {
        schema: components.convert(route.body.schemas?.[type] ?? route.body.schema, "input"),
      };
    op.requestBody = { required: route.body.required ?? true, content };
  }
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    responses[status] =
      doc.contentType === PROBLEM_JSON
        ? route.pageErrors
          ? problems.withPage(Number(status), doc.description)
          : problems.ref(Number(status), doc.description)
        : successResponse(components, doc, idempotent && Number(status) < 300);
  }
  for (const status of inferredStatuses({ ...route, headers }))
    responses[status] ??= route.pageErrors ? problems.withPage(status) : problems.ref(status);
  op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
  return op;
}

/**
 * The OpenAPI 3.1 document, generated from the same route specs and zod schemas that
 * validate requests, so the docs cannot drift from the behaviour. Problem answers every
 * operation can give are inferred from its shape (./responses.ts) and shared.
 */
export function buildOpenApi(
  routes: AnyRoute[],
  info: { title: string; version: string; description?: string },
  servers: { url: string; description?: string }[] = [],
) {
  const components = new SchemaComponents();
  const problems = new ProblemResponses(components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method] = operation(route, components, problems);
  }
  const used = new Set(routes.flatMap((r) => r.tags));
  return {
    openapi: "3.1.0",
    info,
    servers,
    tags: API_TAGS.filter((tag) => used.has(tag.name)),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key: `Authorization: Bearer <key>`.",
        },
        apiKeyHeader: {
          type: "apiKey",
          in: "header",
          name: "X-Api-Key",
          description: "The same API key in the `X-Api-Key` header.",
        },
        apiKeyQuery: {
          type: "apiKey",
          in: "query",
          name: "key",
          description:
            "An ingest key in the URL, for senders that cannot set headers (a plain HTML form, a webhook); only the form and Typeform captures read it, and only ingest keys are accepted there.",
        },
      },
      responses: problems.all(),
      schemas: components.all(),
    },
  };
}
