import * as z from "@rebound/core/zod";
import type { AnyRoute, Schema } from "../http/route";
import { problemDoc, problemSchema } from "./common";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

function jsonSchema(schema: Schema, io: "input" | "output"): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema as never, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as JsonSchema;
  return rest;
}

/**
 * Big schemas that several operations share (the lead is returned by a dozen routes) go to
 * components once and are referenced, instead of being inlined in every operation. Named after
 * the first operation that uses them; a schema used once stays inline.
 */
function sharedSchemas() {
  const seen = new Map<string, { name: string; schema: JsonSchema; uses: number }>();
  const placeholders: { key: string; holder: Record<string, unknown> }[] = [];
  return {
    ref(schema: JsonSchema, name: string): JsonSchema {
      const text = JSON.stringify(schema);
      if (text.length < 1_000) return schema;
      const entry = seen.get(text) ?? { name, schema, uses: 0 };
      entry.uses++;
      seen.set(text, entry);
      // Decided at the end, when the use count is known: a placeholder object filled in place.
      const holder: Record<string, unknown> = {};
      placeholders.push({ key: text, holder });
      return holder as JsonSchema;
    },
    components(): Record<string, JsonSchema> {
      const out: Record<string, JsonSchema> = {};
      for (const { key, holder } of placeholders) {
        const entry = seen.get(key)!;
        if (entry.uses > 1) {
          out[entry.name] = entry.schema;
          holder.$ref = `#/components/schemas/${entry.name}`;
        } else Object.assign(holder, entry.schema);
      }
      return out;
    },
  };
}

function parameters(schema: Schema | undefined, where: "path" | "query") {
  if (!schema) return [];
  const json = jsonSchema(schema, "input");
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const IDEMPOTENCY_KEY_DOC =
  "Optional, unique per logical request: a retry with the same key (kept 24 h) replays the first answer and writes nothing; the same key with another request is 422.";

/**
 * What `idempotent: true` adds to a route's documentation: the Idempotency-Key header, the
 * Idempotent-Replayed header on every success (a replay is answered exactly as the first
 * time, plus that header), and the 422 for a key reused with another request.
 */
function idempotencyDocs(route: AnyRoute): Pick<AnyRoute, "headers" | "responses"> {
  if (!route.idempotent) return { headers: route.headers ?? [], responses: route.responses };
  const description = typeof route.idempotent === "string" ? route.idempotent : IDEMPOTENCY_KEY_DOC;
  const responses: AnyRoute["responses"] = {};
  for (const [status, doc] of Object.entries(route.responses)) {
    const code = Number(status);
    responses[code] =
      code >= 200 && code < 300
        ? {
            ...doc,
            headers: {
              ...doc.headers,
              "Idempotent-Replayed":
                "`true` when this is the stored answer to an earlier request with the same Idempotency-Key",
            },
          }
        : doc;
  }
  responses[422] ??= problemDoc("Idempotency-Key already used for a different request");
  return { headers: [...(route.headers ?? []), { name: "Idempotency-Key", description }], responses };
}

/** Sent on every response (http/request-context.ts). */
const correlationHeader = { "X-Correlation-Id": { $ref: "#/components/headers/CorrelationId" } };

/** A dependency (the table, a secret) cannot serve right now (http/unavailable.ts). */
const unavailableResponse = {
  description: "Temporarily unavailable (the database or a secret): retry after `Retry-After` seconds",
  headers: { ...correlationHeader, "Retry-After": { $ref: "#/components/headers/RetryAfter" } },
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

/**
 * The OpenAPI 3.1 document, generated from the same route specs and zod schemas that
 * validate requests, so the docs cannot drift from the behaviour.
 */
export function buildOpenApi(
  routes: AnyRoute[],
  info: { title: string; version: string; description?: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  const shared = sharedSchemas();
  for (const route of routes) {
    const { headers, responses: documented } = idempotencyDocs(route);
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      security: route.scopes === "public" ? [] : [{ apiKey: [] }],
      ...(route.scopes === "public" ? {} : { "x-scopes": route.scopes }),
      parameters: [
        ...parameters(route.params, "path"),
        ...parameters(route.query, "query"),
        ...(headers ?? []).map((h) => ({
          name: h.name,
          in: "header",
          required: h.required ?? false,
          description: h.description,
          schema: { type: "string" },
        })),
      ],
    };
    if (route.body) {
      const content: Record<string, unknown> = {};
      for (const type of route.body.contentTypes ?? ["application/json"])
        content[type] = { schema: jsonSchema(route.body.schemas?.[type] ?? route.body.schema, "input") };
      operation.requestBody = { required: route.body.required ?? true, content };
    }
    const responses: Record<string, unknown> = {};
    for (const [status, doc] of Object.entries(documented)) {
      responses[status] = {
        description: doc.description,
        headers: {
          ...correlationHeader,
          ...Object.fromEntries(
            Object.entries(doc.headers ?? {}).map(([name, description]) => [
              name,
              { description, schema: { type: "string" } },
            ]),
          ),
        },
        ...(doc.schema
          ? {
              content: {
                [doc.contentType ?? "application/json"]: {
                  schema: shared.ref(jsonSchema(doc.schema, "output"), `${route.operationId}${status}`),
                },
              },
            }
          : {}),
      };
    }
    if (route.scopes !== "public") {
      responses["401"] ??= {
        description: "Missing or unknown API key",
        headers: correlationHeader,
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
      responses["403"] ??= {
        description: "The key lacks the scope",
        headers: correlationHeader,
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
      // Any keyed request may need a secret read at run time, and the table.
      responses["503"] ??= unavailableResponse;
    }
    operation.responses = responses;
    paths[route.path] ??= {};
    paths[route.path]![route.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key: `Authorization: Bearer rbk_…` (or `X-Api-Key`).",
        },
      },
      headers: {
        CorrelationId: {
          description:
            "The request's correlation id (API Gateway's request id): on every log line of the request and on the events it caused (`actor.correlationId`). Quote it when reporting a problem.",
          schema: { type: "string" },
        },
        RetryAfter: { description: "Seconds to wait before retrying", schema: { type: "string" } },
      },
      schemas: { Problem: jsonSchema(problemSchema, "output"), ...shared.components() },
    },
  };
}
