import * as z from "@rebound/core/zod";
import { defineRoute, type AnyRoute } from "../http/route";
import { buildOpenApi } from "../openapi/document";
import { docsPage } from "../openapi/docs-page";

export const API_INFO = {
  title: "Rebound API",
  version: "0.1.0",
  description: "Qualify B2B leads, hand them to sales with accountability, and bring lost leads back.",
};

/** Health, the OpenAPI document (built once, on first request) and the docs page. */
export function metaRoutes(allRoutes: () => AnyRoute[]): AnyRoute[] {
  let document: unknown;
  return [
    defineRoute({
      method: "get",
      path: "/health",
      operationId: "health",
      summary: "Liveness",
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
      tags: ["meta"],
      scopes: "public",
      responses: { 200: { description: "OpenAPI document" } },
      handler: ({ c }) => c.json((document ??= buildOpenApi(allRoutes(), API_INFO))),
    }),
    defineRoute({
      method: "get",
      path: "/docs",
      operationId: "docs",
      summary: "API reference page",
      tags: ["meta"],
      scopes: "public",
      responses: { 200: { description: "HTML", contentType: "text/html" } },
      handler: ({ c }) => c.html(docsPage),
    }),
  ];
}
