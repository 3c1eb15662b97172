import { leadEventSchema } from "@rebound/core/events";
import { InvalidCursorError, type LocalEventSink } from "@rebound/core/events/local-sink";
import * as z from "@rebound/core/zod";
import { limitSchema } from "../http/pagination";
import { HttpProblem } from "../http/problem";
import { defineRoute } from "../http/route";
import { named } from "../openapi/names";

const pageSchema = named(
  z.object({ items: z.array(leadEventSchema), next: z.string(), gap: z.boolean() }),
  "LocalEventPage",
);

/**
 * The local event sink, readable over HTTP, so someone running `npm start` sees the events
 * that would go to EventBridge. Only mounted when a sink is configured (never in AWS, where
 * consumers subscribe to the bus).
 */
export function eventRoutes(sink: LocalEventSink) {
  return [
    defineRoute({
      method: "get",
      path: "/v1/events",
      operationId: "listLocalEvents",
      summary: "Events delivered to the local sink (npm start only), oldest first",
      description:
        "Pass `next` back as `cursor` to get what is new; under `npm start` the sink is `.data/events.jsonl`, so cursors stay valid across restarts. `gap: true` means events older than this page (and newer than your cursor) are no longer held: dropped from memory (`--in-memory`), or the events file was replaced since your cursor was issued.",
      tags: ["events"],
      scopes: ["automation"],
      query: z.object({ cursor: z.optional(z.string().check(z.maxLength(100))), limit: limitSchema }),
      responses: { 200: { description: "A page of events", schema: pageSchema } },
      async handler({ c, query }) {
        try {
          const page = await sink.list(query.cursor, query.limit);
          return c.json({ items: page.events.map((e) => e.event), next: page.nextCursor, gap: page.gap });
        } catch (error) {
          if (error instanceof InvalidCursorError)
            throw new HttpProblem(400, "bad-request", "Bad request", error.message, [
              { path: ["query", "cursor"], message: "unknown cursor", code: error.code },
            ]);
          throw error;
        }
      },
    }),
  ];
}
