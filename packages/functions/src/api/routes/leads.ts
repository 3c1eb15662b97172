import {
  allLeadReaders,
  capturesTrusted,
  isPublicKey,
  keyKindOf,
  type Principal,
  readerScopes,
} from "@rebound/core/auth";
import type { Actor } from "@rebound/core/events";
import { leadEventSchema } from "@rebound/core/events";
import type { CaptureResult } from "@rebound/core/intake";
import { NotFoundError } from "@rebound/core/kernel";
import {
  captureInputSchema,
  contactPatchSchema,
  emailSchema,
  type Lead,
  leadSchema,
  leadStatuses,
  normalizeEmail,
  parseSourceRef,
} from "@rebound/core/lead";
import { captureLead, updateLeadContact } from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import { currentCorrelationId } from "../../observability/log";
import { type ApiDeps, leadDeps } from "../deps";
import { assertMayRead } from "../http/auth";
import { etagOf, parseIfMatch } from "../http/etag";
import { reply } from "../http/idempotency";
import { actingOf } from "../http/lead-action";
import { cursorSchema, decodeCursor, limitSchema, pageSchema } from "../http/pagination";
import { leadIdParams, sourceParam } from "../http/params";
import { defineRoute, readJson } from "../http/route";
import { problemDoc } from "../openapi/common";
import { named } from "../openapi/names";

/** The actor of a change: the caller's key, and the request's correlation id (see observability/log.ts). */
export function actorOf(principal: Principal): Actor {
  const correlationId = currentCorrelationId();
  return {
    kind: principal.kind,
    id: principal.id,
    name: principal.name,
    ...(correlationId ? { correlationId } : {}),
  };
}

/**
 * The whole answer to an ingest-only key. Distinct from a Lead by shape: it has no `id`
 * (every Lead has one), so `"id" in body` narrows a capture's 200/201/202 body.
 */
export const acceptedSchema = named(
  z
    .strictObject({ status: z.literal("accepted") })
    .check(
      z.describe(
        'The receipt an ingest-only key gets: no lead data, and no `id` ("id" in body tells a Lead from it).',
      ),
    ),
  "CaptureReceipt",
);

/** The capture answer: the lead for callers allowed to read it, a bare receipt for ingest-only keys. */
export function renderCapture(result: CaptureResult, canRead: boolean) {
  if (!canRead) return { status: 202, body: { status: "accepted" } };
  const headers: Record<string, string> = { ETag: etagOf(result.lead.version) };
  if (result.outcome === "created") headers.Location = `/v1/leads/${result.lead.id}`;
  return { status: result.outcome === "created" ? 201 : 200, body: result.lead, headers };
}

const listQuery = z.object({
  /** Through the email item: the lead of that address (normalized), if any. */
  email: z.optional(emailSchema),
  status: z.optional(z.enum(leadStatuses)),
  owner: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  source: sourceParam,
  limit: limitSchema,
  cursor: cursorSchema,
});

export function leadRoutes(deps: ApiDeps) {
  const services = leadDeps(deps);
  return [
    defineRoute({
      method: "post",
      path: "/v1/leads",
      operationId: "captureLead",
      summary: "Capture a lead (form submit, webinar sign-up, API)",
      description:
        "A new email creates a lead (201 + Location); a known email appends a touch to the existing lead (200). " +
        "Keys that may only add — `ingest` keys (safe to embed in a web page) and reps' keys — get 202 and never see lead data; " +
        "on a known email they fill blank fields and may grant consent, nothing more: no overwrite, no consent withdrawal, no status change. " +
        "Send `Idempotency-Key` to make retries safe: a retry returns the first response and writes nothing.",
      tags: ["leads"],
      scopes: ["ingest", "sales", "automation"],
      body: { schema: captureInputSchema, required: true },
      idempotent: true,
      responses: {
        201: {
          description: "Lead created",
          schema: leadSchema,
          headers: { Location: "URL of the lead", ETag: "Version of the lead" },
        },
        200: {
          description: "Existing lead touched",
          schema: leadSchema,
          headers: { ETag: "Version of the lead" },
        },
        202: { description: "Accepted (a key that only adds: ingest, rep)", schema: acceptedSchema },
        422: problemDoc("Invalid lead, or Idempotency-Key reused for another request"),
      },
      async handler({ c, principal, idempotency }) {
        const body = await readJson(c);
        const trusted = capturesTrusted(principal!);
        const render = (r: CaptureResult) => renderCapture(r, trusted);
        const answer = await captureLead(
          services,
          body,
          actorOf(principal!),
          idempotency && { ...idempotency, render },
          { addsOnly: !trusted, publicKey: isPublicKey(principal!) },
        );
        return reply(c, answer, render);
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/leads",
      operationId: "listLeads",
      summary: "List leads, newest first, filtered by email, status, owner or source",
      description:
        "Pages of `limit` (1–100, default 25); pass `next` back as `cursor` with the same filters for the next page. " +
        "`source` is a source type, optionally with its id (`webinar:q3-launch`). " +
        "Newest first; a rep's leads without a status are grouped by status, and a source type without its id is grouped by source id. " +
        "Every filter combination returns every match exactly once across pages of any size. A page may come back " +
        "short or even empty with a `next` cursor when the filter is sparse (each request reads within a bounded " +
        "budget): keep following `next` until it is absent. `email` finds the one lead of that address.",
      tags: ["leads"],
      scopes: readerScopes,
      kinds: allLeadReaders,
      query: listQuery,
      responses: {
        200: { description: "A page of leads", schema: pageSchema(leadSchema) },
        400: problemDoc("Invalid filter or cursor"),
      },
      async handler({ c, query }) {
        const filter = {
          ...(query.email ? { email: normalizeEmail(query.email) } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.owner ? { ownerId: query.owner } : {}),
          ...(query.source ? { source: parseSourceRef(query.source) } : {}),
        };
        const identity = JSON.stringify(["leads", filter]);
        const page = await deps.stores.leads.list(
          filter,
          query.limit,
          decodeCursor(deps.cursors, identity, query.cursor),
        );
        return c.json({
          items: page.items,
          ...(page.lastSortKey ? { next: deps.cursors.encode(identity, page.lastSortKey) } : {}),
        });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/leads/{id}",
      operationId: "getLead",
      summary: "Read one lead",
      description:
        "The lead with its verdict, hand-off, outcome, appointments and rebound state; `ETag` is its version, for `If-Match`.",
      tags: ["leads"],
      scopes: readerScopes,
      params: leadIdParams,
      responses: {
        200: { description: "The lead", schema: leadSchema, headers: { ETag: "Version of the lead" } },
        404: problemDoc("No such lead"),
      },
      async handler({ c, params, principal }) {
        const lead = await deps.stores.leads.get(params.id);
        if (!lead) throw new NotFoundError(`No lead with id ${params.id}.`);
        assertMayRead(principal!, lead);
        return c.json(lead, 200, { ETag: etagOf(lead.version) });
      },
    }),
    defineRoute({
      method: "patch",
      path: "/v1/leads/{id}",
      operationId: "updateLead",
      summary: "Correct a lead's contact fields",
      description:
        "Send `If-Match` with the ETag you read: if the lead changed since, the answer is 412 and nothing is written. `null` clears a field.",
      tags: ["leads"],
      scopes: ["sales", "automation"],
      params: leadIdParams,
      body: { schema: contactPatchSchema, required: true },
      headers: [{ name: "If-Match", description: "ETag of the version the change is based on." }],
      responses: {
        200: {
          description: "The updated lead",
          schema: leadSchema,
          headers: { ETag: "New version of the lead" },
        },
        404: problemDoc("No such lead"),
        409: problemDoc("The new email belongs to another lead"),
        410: problemDoc("The lead was erased: it takes no further change"),
        412: problemDoc("The lead changed since the If-Match version"),
        422: problemDoc("Invalid change"),
      },
      async handler({ c, params, principal }) {
        const ifMatch = parseIfMatch(c.req.header("if-match"));
        const body = await readJson(c);
        const lead: Lead = await updateLeadContact(
          services,
          params.id,
          body,
          actorOf(principal!),
          ifMatch,
          actingOf(principal!),
        );
        return c.json(lead, 200, { ETag: etagOf(lead.version) });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/leads/{id}/timeline",
      operationId: "getLeadTimeline",
      summary: "A lead's append-only history: who, when, what, why",
      description:
        "Every change to the lead as an event, oldest first, written in the same transaction as the change. Pages of `limit` (1–100).",
      tags: ["leads"],
      scopes: readerScopes,
      params: leadIdParams,
      query: z.object({ limit: limitSchema, cursor: cursorSchema }),
      responses: {
        200: { description: "A page of events, oldest first", schema: pageSchema(leadEventSchema) },
        404: problemDoc("No such lead"),
      },
      async handler({ c, params, query, principal }) {
        const identity = JSON.stringify(["timeline", params.id]);
        const after = decodeCursor(deps.cursors, identity, query.cursor);
        // A rep's key must be checked against the lead first (one more read, for rep keys only).
        if (keyKindOf(principal!) === "rep") {
          const lead = await deps.stores.leads.get(params.id);
          if (!lead) throw new NotFoundError(`No lead with id ${params.id}.`);
          assertMayRead(principal!, lead);
        }
        const page = await deps.stores.leads.timeline(params.id, query.limit, after);
        if (page.items.length === 0 && !after && !(await deps.stores.leads.get(params.id)))
          throw new NotFoundError(`No lead with id ${params.id}.`);
        return c.json({
          items: page.items,
          ...(page.lastSortKey ? { next: deps.cursors.encode(identity, page.lastSortKey) } : {}),
        });
      },
    }),
  ];
}
