import * as z from "@rebound/core/zod";
import { type ReplayDeps, replayDeadLetters } from "../../events/replay";
import { HttpProblem } from "../http/problem";
import { defineRoute } from "../http/route";

const failureSchema = z.object({ eventId: z.string(), code: z.string(), message: z.string() });
const reportSchema = z.object({
  received: z.number(),
  republished: z.number(),
  failed: z.array(failureSchema),
  unreplayable: z.array(z.object({ eventId: z.string(), leadId: z.string(), version: z.number() })),
  more: z.boolean(),
});

/**
 * Republishes events the bus rejected for good, once their cause is fixed. In AWS this path is
 * routed to its own Lambda (infra/api.ts: it carries the SQS and EventBridge clients, which
 * the API's bundle budget has no room for); without `deadLetters` this function answers 503.
 */
export function deadLetterRoutes(deadLetters: ReplayDeps | undefined) {
  return [
    defineRoute({
      method: "post",
      path: "/v1/admin/dead-letters/replay",
      operationId: "replayDeadLetters",
      summary: "Republish dead-lettered events (rejected for good by the bus) to the bus",
      description:
        "Takes up to `max` letters from the dead-letter queue and publishes their events again, with their original `eventId` and `version`. A letter is removed only once its event is published; the rest stay queued and are listed in `failed` (or `unreplayable` when the event body was too large to keep). `more: true` means the run stopped at `max`.",
      tags: ["admin"],
      scopes: ["admin"],
      query: z.object({
        max: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000)), 100),
      }),
      responses: { 200: { description: "What the replay did", schema: reportSchema } },
      async handler({ c, query }) {
        if (!deadLetters)
          throw new HttpProblem(
            503,
            "unavailable",
            "Service unavailable",
            "Dead-letter replay is not configured in this function.",
            [],
            { "Retry-After": "60" },
          );
        return c.json(await replayDeadLetters(deadLetters, query.max));
      },
    }),
  ];
}
