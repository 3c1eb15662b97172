import {
  type ApiKeyRecord,
  apiKeyInputSchema,
  ingestSettingsSchema,
  rateLimitSchema,
  scopes,
} from "@rebound/core/auth";
import { NotFoundError } from "@rebound/core/kernel";
import { type CreatedApiKey, createApiKey } from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import { type ApiDeps, leadDeps } from "../deps";
import { reply, send } from "../http/idempotency";
import { cursorSchema, decodeCursor, limitSchema, pageSchema } from "../http/pagination";
import { defineRoute, readJson } from "../http/route";
import { problemDoc } from "../openapi/common";
import { named } from "../openapi/names";

const keyViewSchema = named(
  z.object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(scopes)),
    repId: z.optional(z.string()),
    rateLimit: z.optional(rateLimitSchema),
    ingest: z.optional(ingestSettingsSchema),
    typeformSigned: z.optional(
      z
        .literal(true)
        .check(z.describe("A Typeform secret is set: Typeform deliveries must be signed with it.")),
    ),
    createdAt: z.string(),
    createdBy: z.string(),
    revokedAt: z.optional(z.string()),
  }),
  "ApiKey",
);
const createdKeySchema = named(
  z.extend(keyViewSchema, {
    token: z.optional(
      z
        .string()
        .check(
          z.describe(
            "The key itself, shown once: a replay (same Idempotency-Key) omits it, since no secret is stored.",
          ),
        ),
    ),
  }),
  "ApiKeyCreated",
);

/** Never returns a secret: the key's is shown once, at creation; a Typeform secret never (only that one is set). */
function view(record: ApiKeyRecord) {
  const { secretHash: _hidden, typeformSecret, ...rest } = record;
  return typeformSecret ? { ...rest, typeformSigned: true as const } : rest;
}

export function apiKeyRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: "post",
      path: "/v1/api-keys",
      operationId: "createApiKey",
      summary: "Create an API key (the token is shown once)",
      description:
        "Scopes: `ingest` (capture only; safe in a web page), `sales`, `automation`, `admin` (everything). " +
        "Give a rep's key their `repId`: accepting, rejecting and recording outcomes of a hand-off needs the named rep's key (or an admin's). " +
        "An ingest-only key must say where it is used, in `ingest`: `allowedOrigins` (the sites whose pages embed it; a browser request from any other " +
        "`Origin` is 403) and/or `serverToServer: true` (requests without `Origin`); `redirectUrl` and `formUrl` serve its plain HTML form. " +
        "`rateLimit` sets the key's own budget (ingest keys otherwise get the stage default); `typeformSecret` makes Typeform deliveries signed-only.",
      tags: ["api-keys"],
      scopes: ["admin"],
      body: { schema: apiKeyInputSchema, required: true },
      idempotent: true,
      responses: {
        201: {
          description: "The key and its token",
          schema: createdKeySchema,
          headers: { Location: "URL of the key (for DELETE)" },
        },
        422: problemDoc("Invalid key request, or the Idempotency-Key was used for a different request"),
      },
      async handler({ c, principal, idempotency }) {
        const render = ({ record, token }: CreatedApiKey) => ({
          status: 201,
          body: { ...view(record), ...(token ? { token } : {}) },
          headers: { Location: `/v1/api-keys/${record.id}` },
        });
        const answer = await createApiKey(
          leadDeps(deps),
          await readJson(c),
          principal!.id,
          idempotency && { ...idempotency, render },
        );
        // The live answer carries the token; the stored one (what a replay sends) never does.
        return answer.kind === "replay" ? reply(c, answer, render) : send(c, render(answer.result));
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/api-keys",
      operationId: "listApiKeys",
      summary: "List API keys (oldest first, revoked ones included)",
      description: "Names, scopes, rep ids and dates; never a token or its hash. Pages of `limit` (1–100).",
      tags: ["api-keys"],
      scopes: ["admin"],
      query: z.object({ limit: limitSchema, cursor: cursorSchema }),
      responses: { 200: { description: "A page of keys", schema: pageSchema(keyViewSchema) } },
      async handler({ c, query }) {
        const identity = "api-keys";
        const page = await deps.stores.apiKeys.list(
          query.limit,
          decodeCursor(deps.cursors, identity, query.cursor),
        );
        return c.json({
          items: page.items.map(view),
          ...(page.lastSortKey ? { next: deps.cursors.encode(identity, page.lastSortKey) } : {}),
        });
      },
    }),
    defineRoute({
      method: "delete",
      path: "/v1/api-keys/{id}",
      operationId: "revokeApiKey",
      summary: "Revoke an API key (effective within a second; kept for the audit trail)",
      description:
        "The key stops authenticating; its record stays, with `revokedAt`, so past actions keep their actor.",
      tags: ["api-keys"],
      scopes: ["admin"],
      params: z.object({ id: z.string().check(z.regex(/^[a-z0-9]{6,32}$/, "not an API key id")) }),
      responses: { 204: { description: "Revoked" }, 404: problemDoc("No such key") },
      async handler({ c, params }) {
        const revoked = await deps.stores.apiKeys.revoke(params.id, deps.clock.now().toISOString());
        if (!revoked) throw new NotFoundError(`No API key with id ${params.id}.`);
        return c.body(null, 204);
      },
    }),
  ];
}
