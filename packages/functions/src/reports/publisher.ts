import type { EventPublisher } from "@rebound/core/events";
import { projectEvents, type ReportDeps } from "@rebound/core/usecases";

/**
 * The report projector as an event publisher, so the local stream poller (`npm start`) can
 * run it as a second consumer of the same stream: all or nothing per batch, retried from its
 * first event by the poller (every event counts once per event id).
 */
export function reportProjectorPublisher(deps: ReportDeps): EventPublisher {
  return {
    async publish(events) {
      try {
        await projectEvents(deps, events);
        return { published: events.map((e) => e.eventId), failed: [] };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return {
          published: [],
          failed: events.map((e) => ({
            eventId: e.eventId,
            leadId: e.leadId,
            kind: "exhausted" as const,
            code: "ReportProjectionFailed",
            message,
            attempts: 1,
          })),
        };
      }
    },
  };
}
