import { onceByClaim, runSlaSweep, type SlaSweepResult } from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import { type ApiDeps, leadDeps, slaSweepDeps } from "../deps";
import { reply } from "../http/idempotency";
import { defineRoute } from "../http/route";
import { named } from "../openapi/names";

const sweepResultSchema = named(
  z.object({
    at: z.string(),
    due: z.number(),
    breached: z.number(),
    returnedToMarketing: z.number(),
    stale: z.number(),
    failed: z.number(),
    complete: z.boolean(),
  }),
  "SlaSweepReport",
);

/** Runs the SLA sweep now (operators; the schedule runs it anyway). Safe alongside a scheduled run. */
export function sweepRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: "post",
      path: "/v1/admin/sweeps/sla",
      operationId: "runSlaSweep",
      summary: "Run the SLA sweep now: record overdue acceptances and outcomes",
      description:
        "What the schedule runs every minute, with a 20 s budget: `complete` is false when it stopped early (the next run goes on).",
      tags: ["admin"],
      scopes: ["admin"],
      idempotent: true,
      responses: { 200: { description: "What the run did", schema: sweepResultSchema } },
      async handler({ c, idempotency }) {
        const render = (result: SlaSweepResult) => ({ status: 200, body: result });
        // A short budget: an HTTP caller waits for the answer; the scheduled run does the long tail.
        const sweepDeps = slaSweepDeps(deps, { budgetMs: 20_000 });
        // A run that finished is replayed to a retry; one the budget cut short runs on.
        const answer = await onceByClaim(
          leadDeps(deps),
          idempotency && { ...idempotency, render },
          () => runSlaSweep(sweepDeps),
          (result) => result.complete,
        );
        return reply(c, answer, render);
      },
    }),
  ];
}
