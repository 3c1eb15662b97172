import * as z from "@rebound/core/zod";
import type { ApiDeps } from "../deps";
import { defineRoute } from "../http/route";
import { problemDoc } from "../openapi/common";

/**
 * Readiness, next to /health (liveness: the process answers). Ready means the table answers a
 * read now; when it does not, the one error mapper answers 503 with Retry-After, as for any
 * request that needs the table. For load balancers, deploy checks and uptime probes.
 */
export function healthRoutes(deps: Pick<ApiDeps, "stores">) {
  return [
    defineRoute({
      method: "get",
      path: "/health/ready",
      operationId: "ready",
      summary: "Readiness: the table answers a read",
      description:
        "For load balancers, deploy checks and uptime probes: 200 when one read of the table succeeds now, 503 with `Retry-After` when the table does not answer or throttles. `/health` stays liveness (the process answers).",
      tags: ["meta"],
      scopes: "public",
      responses: {
        200: { description: "Ready", schema: z.object({ status: z.literal("ready") }) },
        503: {
          ...problemDoc(
            "Not ready: the table does not answer (or throttles); retry after `Retry-After` seconds",
          ),
          headers: { "Retry-After": "Seconds to wait before retrying" },
        },
      },
      async handler({ c }) {
        await deps.stores.ping();
        return c.json({ status: "ready" as const });
      },
    }),
  ];
}
