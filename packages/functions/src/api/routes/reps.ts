import { isRep } from "@rebound/core/auth";
import { leadSchema, leadStatuses, repIdSchema } from "@rebound/core/lead";
import * as z from "@rebound/core/zod";
import type { ApiDeps } from "../deps";
import { cursorSchema, decodeCursor, limitSchema, pageSchema } from "../http/pagination";
import { HttpProblem } from "../http/problem";
import { defineRoute } from "../http/route";
import { problemDoc } from "../openapi/common";

/** A rep's queue: the leads they own, by status (gsi2, one partition per rep). */
export function repRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: "get",
      path: "/v1/reps/{repId}/leads",
      operationId: "listRepLeads",
      summary:
        "A rep's leads, newest first; with `status`, one queue (e.g. handed_off: waiting for acceptance)",
      description:
        "With a status the read is a key condition on the rep's partition; without one, leads are grouped by status, newest first within each. " +
        "A rep's key (a `sales` key with a `repId`) reads its own queue only; managers, automation and admins read any.",
      tags: ["reps"],
      scopes: ["sales", "automation"],
      params: z.object({ repId: repIdSchema }),
      query: z.object({ status: z.optional(z.enum(leadStatuses)), limit: limitSchema, cursor: cursorSchema }),
      responses: {
        200: { description: "A page of leads", schema: pageSchema(leadSchema) },
        400: problemDoc("Invalid status or cursor"),
        403: problemDoc("A rep's key asking for another rep's queue, or the key lacks the scope"),
      },
      async handler({ c, params, query, principal }) {
        if (isRep(principal!) && principal!.repId !== params.repId)
          throw new HttpProblem(
            403,
            "forbidden",
            "Forbidden",
            `This rep's key reads only the queue of ${principal!.repId}.`,
          );
        const filter = { ownerId: params.repId, ...(query.status ? { status: query.status } : {}) };
        const identity = JSON.stringify(["rep-leads", filter]);
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
  ];
}
