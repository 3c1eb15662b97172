import * as z from "@rebound/core/zod";
import { type AnyRoute, defineRoute } from "../http/route";
import { docsPage, docsPageCsp } from "../openapi/docs-page";
import { named } from "../openapi/names";
import { prebuiltOpenApi } from "../openapi/prebuilt";

/** Builds the OpenAPI document from the mounted routes (the local runner and tests use buildOpenApi). */
export type OpenApiSource = (routes: AnyRoute[]) => unknown;

/**
 * Health, the OpenAPI document (built once, on first request) and the docs page. Without an
 * `openApi` source the document is the one generated at build time (Lambda): the generator
 * (zod's JSON-schema code) stays out of the Lambda bundle.
 */
export function metaRoutes(
  allRoutes: () => AnyRoute[],
  openApi: OpenApiSource = prebuiltOpenApi,
): AnyRoute[] {
  let document: unknown;
  return [
    defineRoute({
      method: "get",
      path: "/health",
      operationId: "health",
      summary: "Liveness",
      description: "Answers 200 while the process serves requests; needs no key and touches no storage.",
      tags: ["meta"],
      scopes: "public",
      responses: {
        200: { description: "Up", schema: named(z.object({ status: z.literal("ok") }), "Health") },
      },
      handler: ({ c }) => c.json({ status: "ok" }),
    }),
    defineRoute({
      method: "get",
      path: "/openapi.json",
      operationId: "openapi",
      summary: "This API's OpenAPI 3.1 document",
      description:
        "Generated from the zod schemas that validate requests (never hand-written); the deployed API serves the copy built with it.",
      tags: ["meta"],
      scopes: "public",
      responses: {
        200: {
          description: "OpenAPI document",
          schema: named(
            z.looseObject({
              openapi: z.string(),
              info: z.looseObject({ title: z.string(), version: z.string() }),
              paths: z.record(z.string(), z.unknown()),
            }),
            "OpenApiDocument",
          ),
        },
      },
      handler: ({ c }) => {
        document ??= openApi(allRoutes());
        return c.json(document);
      },
    }),
    defineRoute({
      method: "get",
      path: "/docs",
      operationId: "docs",
      summary: "API reference page",
      description:
        "This document rendered by Redoc (served beside the API, no CDN): every operation, schema and media type, with search.",
      tags: ["meta"],
      scopes: "public",
      responses: {
        200: {
          description: "HTML",
          content: { "text/html": z.string() },
          headers: { "Content-Security-Policy": "The page loads nothing from outside this API." },
        },
      },
      handler: ({ c }) => c.html(docsPage, 200, { "Content-Security-Policy": docsPageCsp }),
    }),
  ];
}
