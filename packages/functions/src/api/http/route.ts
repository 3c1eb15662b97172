import type { KeyKind, Principal, Scope } from "@rebound/core/auth";
import { type FieldIssue, jsonShapeIssue, ValidationError } from "@rebound/core/kernel";
import type { Context, Hono } from "hono";
import { authorize, authorizeKind } from "./auth";
import { type IdempotencyKey, idempotencyOf } from "./idempotency";
import { HttpProblem } from "./problem";

/** Anything zod (mini or classic) can parse; the OpenAPI builder also reads it. */
export interface Schema<T = unknown> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string; code: string }[] } };
}
type Out<S> = S extends Schema<infer T> ? T : undefined;

export interface HeaderDoc {
  name: string;
  description: string;
  required?: boolean;
}

export interface ResponseDoc {
  description: string;
  schema?: Schema;
  contentType?: string;
  /** Several media types (content negotiation), in place of `schema` and `contentType`. */
  content?: Record<string, Schema | undefined>;
  headers?: Record<string, string>;
}

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI-style path, e.g. /v1/leads/{id}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Scopes any one of which grants access; "public" needs no key. */
  scopes: readonly Scope[] | "public";
  /**
   * The key kinds served, when narrower than "any key holding one of the scopes" (e.g. every
   * lead's listing is not for a rep's key). Checked right after the scopes; 403 otherwise.
   */
  kinds?: readonly KeyKind[];
  params?: P;
  query?: Q;
  /** The request body: documented here, validated by the domain service it is passed to. */
  body?: {
    schema: Schema;
    contentTypes?: string[];
    required?: boolean /** Per media type, where they differ (CSV vs JSON). */;
    schemas?: Record<string, Schema>;
  };
  headers?: HeaderDoc[];
  /**
   * A POST that creates or changes something: mount reads its `Idempotency-Key` and passes
   * it to the handler (`idempotency`), and the OpenAPI document describes the header, the
   * `Idempotent-Replayed` answer and the 422 for a key reused with another request.
   * A string is the header's description, when the route says more than the default.
   */
  idempotent?: true | string;
  responses: Record<number, ResponseDoc>;
  /**
   * Problems may also be answered as `text/html` pages (a plain HTML form posting with its key
   * in the URL): the document lists that media type beside problem+json for every problem status.
   */
  pageErrors?: true;
  handler(ctx: {
    c: Context;
    params: Out<P>;
    query: Out<Q>;
    principal: Principal | undefined;
    /** Set on idempotent routes when the request carries an Idempotency-Key. */
    idempotency: IdempotencyKey | undefined;
  }): Promise<Response> | Response;
}

export type AnyRoute = RouteSpec<Schema | undefined, Schema | undefined>;

/** Keeps the spec's types while erasing them for the registry. */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q>): AnyRoute {
  return spec as unknown as AnyRoute;
}

function issuesOf(
  error: { issues: { path: PropertyKey[]; message: string; code: string }[] },
  prefix: string,
): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
    message: i.message,
    code: i.code,
  }));
}

function parsePart(schema: Schema | undefined, value: unknown, where: "path" | "query"): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Bad path or query parameters are a malformed request (400), not an invalid entity (422).
  throw new HttpProblem(
    400,
    "bad-request",
    "Bad request",
    `Invalid ${where} parameters.`,
    issuesOf(parsed.error, where),
  );
}

/**
 * Registers the routes on the app: scope check first (401/403), then parameter validation
 * (400), then, on idempotent routes, the Idempotency-Key and the request's fingerprint.
 */
export function mount(app: Hono, routes: AnyRoute[]): void {
  for (const route of routes) {
    const honoPath = route.path.replace(/\{(\w+)\}/g, ":$1");
    app.on(route.method.toUpperCase(), honoPath, async (c) => {
      const principal = c.get("principal");
      if (route.scopes !== "public") authorize(principal, route.scopes);
      if (route.kinds) authorizeKind(principal!, route.kinds);
      const params = parsePart(route.params, c.req.param(), "path");
      const query = parsePart(route.query, c.req.query(), "query");
      const idempotency = route.idempotent && principal ? await idempotencyOf(c, principal) : undefined;
      return route.handler({ c, params, query, principal, idempotency } as never);
    });
  }
}

/** Reads a JSON body: 415 for another media type, 400 for malformed JSON (the domain validates the rest). */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpProblem(
      415,
      "unsupported-media-type",
      "Unsupported media type",
      "Send the body as application/json.",
    );
  }
  const text = await c.req.text();
  // Refused before parsing: building an object of 400,000 keys blocks the event loop for a second.
  const absurd = jsonShapeIssue(text);
  if (absurd) throw new ValidationError("The body's shape is far beyond anything this API takes.", [absurd]);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(
      400,
      "malformed-json",
      "Malformed JSON",
      `The body is not valid JSON: ${(error as Error).message}`,
    );
  }
}
