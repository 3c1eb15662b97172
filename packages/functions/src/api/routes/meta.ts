import * as z from "@rebound/core/zod";
import { type AnyRoute, defineRoute } from "../http/route";
import { docsPage, docsPageCsp } from "../openapi/docs-page";
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
      responses: { 200: { description: "Up", schema: z.object({ status: z.literal("ok") }) } },
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
      responses: { 200: { description: "OpenAPI document" } },
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
      responses: { 200: { description: "HTML", contentType: "text/html" } },
      handler: ({ c }) => c.html(docsPage, 200, { "Content-Security-Policy": docsPageCsp }),
    }),
  ];
}
