import { allLeadReaders } from "@rebound/core/auth";
import { reboundReasons, segmentMemberSchema, sourceTypes } from "@rebound/core/lead";
import { reboundPolicyInputSchema, reboundPolicySchema, segmentCsv } from "@rebound/core/rebound";
import {
  currentReboundPolicy,
  readSegment,
  replaceReboundPolicy,
  upcomingRebounds,
} from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import type { Context } from "hono";
import { type ApiDeps, leadDeps } from "../deps";
import { etagOf, parseIfMatch } from "../http/etag";
import { cursorSchema, decodeCursor } from "../http/pagination";
import { defineRoute, readJson } from "../http/route";
import { problemDoc } from "../openapi/common";
import { named } from "../openapi/names";
import { actorOf } from "./leads";

const segmentPageSchema = z.object({
  items: z.array(segmentMemberSchema),
  next: z.optional(z.string()),
  more: z.boolean(),
});

const upcomingSchema = named(
  z.object({
    before: z.string().check(z.describe("The end of the window (exclusive), as an instant.")),
    groupBy: z.enum(["week", "reason"]),
    groups: z.array(
      z.object({
        key: z.string().check(z.describe("The week's Monday (YYYY-MM-DD) or the reason.")),
        count: z.number(),
        leads: z.array(
          z.object({ leadId: z.string(), dueAt: z.string(), cycle: z.number(), reason: z.string() }),
        ),
      }),
    ),
    total: z.number(),
    truncated: z.boolean().check(z.describe("True when more than 5,000 rebounds are due in the window.")),
  }),
  "UpcomingRebounds",
);

const segmentQuery = z.object({
  cursor: cursorSchema,
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
  reason: z.optional(z.enum(reboundReasons)),
  source: z.optional(z.enum(sourceTypes)),
});

/** How far `upcoming` looks without `before`: a year, so a six-month plan sees every P6M rebound. */
export const UPCOMING_DEFAULT_WINDOW_MONTHS = 12;

const upcomingQuery = z.object({
  before: z.optional(
    z.iso
      .datetime({ offset: true })
      .check(
        z.describe(
          `An instant, with Z or an offset (+02:00); by default ${UPCOMING_DEFAULT_WINDOW_MONTHS} months from now.`,
        ),
      ),
  ),
  groupBy: z._default(z.enum(["week", "reason"]), "week"),
});

/** Rebound policy, sweep, segment and planning routes. */
export function reboundRoutes(deps: ApiDeps) {
  const services = leadDeps(deps);
  return [
    defineRoute({
      method: "get",
      path: "/v1/policies/rebound",
      operationId: "getReboundPolicy",
      summary: "The rebound policy in force: reason → delays (ISO-8601) or never",
      description:
        "For each loss or qualify-out reason, the delays after which the lead comes back, or `never`.",
      tags: ["rebound"],
      scopes: ["sales", "automation"],
      responses: {
        200: {
          description: "The policy; version 0 is the built-in default",
          schema: reboundPolicySchema,
          headers: { ETag: "Version of the policy" },
        },
      },
      async handler({ c }) {
        const policy = await currentReboundPolicy(services);
        return c.json(policy, 200, { ETag: etagOf(policy.version) });
      },
    }),
    defineRoute({
      method: "put",
      path: "/v1/policies/rebound",
      operationId: "putReboundPolicy",
      summary: "Replace the rebound policy (a new version; older versions are kept)",
      description:
        "Delays count from the loss; several delays resurface the lead once per delay (cycles). `never` is a permanent reason. Short delays (PT30S) are allowed for trying a cycle by hand. " +
        "Send `If-Match` with the version you edited to get 412 instead of replacing a concurrent change; without it, two admins publishing at once get two versions, in turn.",
      tags: ["rebound"],
      scopes: ["admin"],
      body: { schema: reboundPolicyInputSchema, required: true },
      headers: [{ name: "If-Match", description: "ETag of the policy version the change is based on." }],
      responses: {
        200: {
          description: "The new policy",
          schema: reboundPolicySchema,
          headers: { ETag: "Version of the policy" },
        },
        409: problemDoc("Too much contention (other admins kept publishing); retry shortly"),
        412: problemDoc("Stale If-Match"),
        422: problemDoc("Invalid policy"),
      },
      async handler({ c, principal }) {
        const ifMatch = parseIfMatch(c.req.header("if-match"));
        const body = await readJson(c);
        const policy = await replaceReboundPolicy(services, body, actorOf(principal!).id, ifMatch);
        return c.json(policy, 200, { ETag: etagOf(policy.version) });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/segments/rebound",
      operationId: "pullReboundSegment",
      summary: "Pull the rebound segment incrementally, in the order members entered",
      description:
        "Store `next` and pull again later for what is new since: it is always returned, no member is seen twice or missed. " +
        "Members show up once they are older than a settle window (REBOUND_SEGMENT_SETTLE_MS, 30 s by default). " +
        "`Accept: text/csv` returns the same page as CSV with the cursor in `X-Next-Cursor` and `Link`.",
      tags: ["rebound"],
      scopes: ["automation"],
      query: segmentQuery,
      responses: {
        200: {
          description: "A page of members (JSON), or the same page as CSV with `Accept: text/csv`",
          content: { "application/json": segmentPageSchema, "text/csv": z.string() },
          headers: {
            "X-Next-Cursor": "CSV only: the cursor of the next pull",
            Link: 'CSV only: the next pull\'s URL, rel="next"',
          },
        },
        400: problemDoc("Invalid filter or cursor"),
      },
      async handler({ c, query }) {
        const identity = JSON.stringify(["segment:rebound", query.reason ?? null, query.source ?? null]);
        const after = decodeCursor(deps.cursors, identity, query.cursor);
        const page = await readSegment(services, {
          limit: query.limit,
          now: deps.clock.now(),
          settleMs: deps.config.segmentSettleMs,
          ...(after !== undefined ? { after } : {}),
          ...(query.reason ? { reason: query.reason } : {}),
          ...(query.source ? { source: query.source } : {}),
        });
        const next = page.position !== undefined ? deps.cursors.encode(identity, page.position) : undefined;
        return wantsCsv(c)
          ? csvResponse(c, segmentCsv(page.items), next, query)
          : c.json({ items: page.items, ...(next ? { next } : {}), more: page.more });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/rebounds/upcoming",
      operationId: "upcomingRebounds",
      summary: "Rebounds due before a date, counted by week or by reason, for campaign planning",
      description:
        "The pending rebounds due before `before` (by default a year from now, so a six-month plan sees every P6M rebound), grouped by week or by reason, with the leads due.",
      tags: ["rebound"],
      scopes: ["sales", "automation"],
      kinds: allLeadReaders,
      query: upcomingQuery,
      responses: {
        200: { description: "Groups with counts and the leads due", schema: upcomingSchema },
        400: problemDoc("Invalid query"),
      },
      async handler({ c, query }) {
        const before = query.before
          ? new Date(query.before)
          : monthsAhead(deps.clock.now(), UPCOMING_DEFAULT_WINDOW_MONTHS);
        return c.json({
          before: before.toISOString(),
          groupBy: query.groupBy,
          ...(await upcomingRebounds(services, before, query.groupBy)),
        });
      },
    }),
  ];
}

function monthsAhead(now: Date, months: number): Date {
  const at = new Date(now.getTime());
  at.setUTCMonth(at.getUTCMonth() + months);
  return at;
}

function wantsCsv(c: Context): boolean {
  return /\btext\/csv\b/i.test(c.req.header("accept") ?? "");
}

function csvResponse(
  c: Context,
  body: string,
  next: string | undefined,
  query: { limit: number; reason?: string | undefined; source?: string | undefined },
): Response {
  const headers: Record<string, string> = { "content-type": "text/csv; charset=utf-8" };
  if (next) {
    headers["X-Next-Cursor"] = next;
    const params = new URLSearchParams({
      cursor: next,
      limit: String(query.limit),
      ...(query.reason ? { reason: query.reason } : {}),
      ...(query.source ? { source: query.source } : {}),
    });
    headers.Link = `</v1/segments/rebound?${params}>; rel="next"`;
  }
  return c.body(body, 200, headers);
}
