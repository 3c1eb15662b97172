import { allLeadReaders } from "@rebound/core/auth";
import {
  DAY_BOUND_PATTERN,
  type ReportKind,
  reportCatalog,
  reportCsv,
  resolveRange,
} from "@rebound/core/reports";
import { readReport } from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import type { Context } from "hono";
import { type ApiDeps, leadDeps } from "../deps";
import { HttpProblem } from "../http/problem";
import { defineRoute } from "../http/route";
import { problemDoc } from "../openapi/common";

const dayBound = (which: string, example: string) =>
  z.optional(
    z
      .string()
      .check(
        z.regex(DAY_BOUND_PATTERN, "a date (2026-03-01), an instant, today, or an offset such as -90d"),
        z.describe(
          `${which}: a date (2026-03-01), an instant (its UTC day), \`today\`, or an offset from today (\`-90d\`, \`-12w\`, \`-6m\`, \`+26w\`). ${example}`,
        ),
      ),
  );

const summaries: Record<ReportKind, { summary: string; description: string }> = {
  funnel: {
    summary:
      "Funnel: captured → sales-ready → handed off → accepted → won, conversion at each step and leads per sale",
    description:
      "Counts passes through the funnel (a new lead, or a lead that came back) in the period they began; the stages they reached since are credited to that period. `groupBy` week, month, source or campaign.",
  },
  sources: {
    summary:
      "Source quality: volume, sales-ready share, accept and reject rates with reasons, win rate, median time to accept, qualify-outs",
    description:
      "By the source a lead first came from, for passes that began in the period. `groupBy` source (type:id), type or campaign.",
  },
  reps: {
    summary:
      "Rep follow-through: hand-offs, SLA compliance, breaches, rejections, appointments, follow-ups done vs due, outcomes",
    description: "Counted on the day each thing happened. `groupBy` rep, or week/month for the whole team.",
  },
  rebounds: {
    summary:
      "Rebounds: losses by reason, rebounds scheduled, due and resurfaced per cycle, returning rebounders, and comeback leads' conversion next to first-time leads'",
    description:
      "Losses and rebound flows count on the day they happened; `due` counts on the day a rebound falls due, so a period in the future (`to=+26w`) is the rebound forecast. Cohorts count passes that began in the period.",
  },
};

const wantsCsv = (c: Context) => /\btext\/csv\b/i.test(c.req.header("accept") ?? "");

function reportRoute(deps: ApiDeps, kind: ReportKind) {
  const { groupings, defaultGroupBy, schema } = reportCatalog[kind];
  return defineRoute({
    method: "get",
    path: `/v1/reports/${kind}`,
    operationId: `${kind}Report`,
    ...summaries[kind],
    tags: ["reports"],
    scopes: ["sales", "automation"],
    // Reports show every rep's figures: the kinds that read every lead (admins, automation,
    // sales managers), not a rep's key (core/auth/kinds.ts).
    kinds: allLeadReaders,
    query: z.object({
      from: dayBound("First day", "Default: 89 days before `to`."),
      to: dayBound("Last day (included)", "Default: today."),
      groupBy: z._default(z.enum(groupings as unknown as [string, ...string[]]), defaultGroupBy),
    }),
    responses: {
      200: {
        description:
          "The report. With `Accept: text/csv`, the same figures as one CSV table: a total row, then a row per group.",
        content: { "application/json": schema, "text/csv": z.string() },
        headers: { "Content-Disposition": "With `text/csv`: the file name, `<report>-<from>-<to>.csv`." },
      },
      400: problemDoc("Invalid period (unreadable, reversed, or longer than 1,100 days) or grouping"),
      403: problemDoc("The key may not read reports (a rep's key, or an ingest key)"),
    },
    async handler({ c, query }) {
      const resolved = resolveRange(query, deps.clock.now());
      if ("issues" in resolved)
        throw new HttpProblem(
          400,
          "bad-request",
          "Bad request",
          "Invalid query parameters.",
          resolved.issues.map((issue) => ({
            path: ["query", issue.field],
            message: issue.message,
            code: "invalid_period",
          })),
        );
      const { report } = await readReport(leadDeps(deps), kind, resolved.range, query.groupBy);
      if (!wantsCsv(c)) return c.json(report);
      return c.body(reportCsv(report), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${kind}-${report.from}-${report.to}.csv"`,
      });
    },
  });
}

/** GET /v1/reports/{funnel,sources,reps,rebounds}: read from day counters, O(days × dimensions). */
export function reportRoutes(deps: ApiDeps) {
  return (Object.keys(reportCatalog) as ReportKind[]).map((kind) => reportRoute(deps, kind));
}
