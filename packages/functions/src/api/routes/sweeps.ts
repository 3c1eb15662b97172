import { runSlaSweep } from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import { type ApiDeps, slaSweepDeps } from "../deps";
import { defineRoute } from "../http/route";

const sweepResultSchema = z.object({
  at: z.string(),
  due: z.number(),
  breached: z.number(),
  returnedToMarketing: z.number(),
  stale: z.number(),
  failed: z.number(),
  complete: z.boolean(),
});

/** Runs the SLA sweep now (operators; the schedule runs it anyway). Safe alongside a scheduled run. */
export function sweepRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: "post",
      path: "/v1/admin/sweeps/sla",
      operationId: "runSlaSweep",
      summary: "Run the SLA sweep now: record overdue acceptances and outcomes",
      tags: ["admin"],
      scopes: ["admin"],
      responses: { 200: { description: "What the run did", schema: sweepResultSchema } },
      // A short budget: an HTTP caller waits for the answer; the scheduled run does the long tail.
      handler: async ({ c }) => c.json(await runSlaSweep(slaSweepDeps(deps, { budgetMs: 20_000 }))),
    }),
  ];
}
