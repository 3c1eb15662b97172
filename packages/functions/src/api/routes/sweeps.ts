import {
  dueRebounds,
  onceByClaim,
  runSlaSweep,
  type SlaSweepResult,
  type SweepReport,
  sweepRebounds,
} from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import { currentCorrelationId } from "../../observability";
import { recordSweep } from "../../sweeps/report";
import { type ApiDeps, leadDeps, slaSweepDeps } from "../deps";
import { reply } from "../http/idempotency";
import { cursorSchema, decodeCursor } from "../http/pagination";
import { defineRoute } from "../http/route";
import { named } from "../openapi/names";

const failures = (extra: Record<string, z.ZodMiniType>) =>
  z.array(z.object({ leadId: z.string(), error: z.string(), ...extra }));

const slaResultSchema = named(
  z.object({
    at: z.string(),
    due: z.number(),
    breached: z.number(),
    returnedToMarketing: z.number(),
    followUpsOverdue: z.number(),
    stale: z.number(),
    failed: z.number(),
    failures: failures({ kind: z.string() }),
    lagSeconds: z.number(),
    complete: z.boolean(),
  }),
  "SlaSweepReport",
);

const reboundReportSchema = named(
  z.object({
    rebounded: z.number(),
    dropped: z.number().check(z.describe("Entries dropped: consent withdrawn, re-engaged, or already done.")),
    failed: z.number(),
    failures: failures({ cycle: z.number() }),
    lagSeconds: z.number(),
    more: z.boolean().check(z.describe("True when the budget ran out with due entries left.")),
  }),
  "ReboundSweepReport",
);

const dueSchema = named(
  z.object({
    due: z.array(
      z.object({
        leadId: z.string(),
        cycle: z.number(),
        dueAt: z.string(),
        from: z.string(),
        reason: z.string(),
      }),
    ),
    next: z.optional(z.string()),
  }),
  "ReboundDuePage",
);

const reboundQuery = z.object({
  dryRun: z._default(z.enum(["true", "false"]), "false"),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
  cursor: cursorSchema,
});

/**
 * The sweeps, run now (operators; the schedules run them anyway). Safe alongside a scheduled
 * run. A run through here is logged and counted like a scheduled one (sweeps/report.ts).
 */
export function sweepRoutes(deps: ApiDeps) {
  const services = leadDeps(deps);
  return [
    defineRoute({
      method: "post",
      path: "/v1/admin/sweeps/sla",
      operationId: "runSlaSweep",
      summary: "Run the SLA sweep now: record overdue acceptances, outcomes and agreed follow-ups",
      description:
        "What the schedule runs every minute, with a 20 s budget: `complete` is false when it stopped early (the next run goes on). A lead that fails is listed in `failures` (and logged), stays queued and is retried by the next run; the others proceed. `lagSeconds` is how overdue the oldest entry was.",
      tags: ["admin"],
      scopes: ["admin"],
      idempotent: true,
      responses: { 200: { description: "What the run did", schema: slaResultSchema } },
      async handler({ c, idempotency }) {
        const render = (result: SlaSweepResult) => ({ status: 200, body: result });
        // A short budget: an HTTP caller waits for the answer; the scheduled run does the long tail.
        const correlationId = currentCorrelationId();
        const sweepDeps = {
          ...slaSweepDeps(deps, { budgetMs: 20_000 }),
          ...(correlationId ? { correlationId } : {}),
        };
        // A run that finished is replayed to a retry; one the budget cut short runs on.
        const answer = await onceByClaim(
          services,
          idempotency && { ...idempotency, render },
          async () => {
            const result = await runSlaSweep(sweepDeps);
            recordSweep(deps, "sla", result);
            return result;
          },
          (result) => result.complete,
        );
        return reply(c, answer, render);
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/admin/sweeps/rebound",
      operationId: "runReboundSweep",
      summary:
        "Run the rebound sweep now (what the schedule runs); `dryRun=true` pages through what would resurface",
      description:
        "A lead that fails is listed in `failures` (and logged), stays queued and is retried by the next run; the others proceed. " +
        "`dryRun=true` changes nothing: it answers up to `limit` due entries, oldest first, and `next` to pass back as `cursor` while there are more.",
      tags: ["rebound"],
      scopes: ["admin"],
      query: reboundQuery,
      idempotent: true,
      responses: {
        200: {
          description: "What the sweep did; with `dryRun=true`, a page of what would resurface",
          schema: z.union([reboundReportSchema, dueSchema]),
        },
      },
      async handler({ c, query, idempotency }) {
        if (query.dryRun === "true") {
          // Reads only: nothing to make idempotent.
          const identity = "sweep:rebound:due";
          const after = decodeCursor(deps.cursors, identity, query.cursor);
          const page = await dueRebounds(services, query.limit, after);
          return c.json({
            due: page.due,
            ...(page.after ? { next: deps.cursors.encode(identity, page.after) } : {}),
          });
        }
        const render = (report: SweepReport) => ({ status: 200, body: report });
        const correlationId = currentCorrelationId();
        // A run that finished is replayed to a retry; one the budget cut short runs on.
        const answer = await onceByClaim(
          services,
          idempotency && { ...idempotency, render },
          async () => {
            const report = await sweepRebounds(services, {
              budgetMs: deps.config.sweepBudgetMs,
              ...(correlationId ? { correlationId } : {}),
            });
            recordSweep(deps, "rebound", report);
            return report;
          },
          (report) => !report.more,
        );
        return reply(c, answer, render);
      },
    }),
  ];
}
