import type { LeadEvent } from "../packages/core/src/events/envelope";
import { leadDeps } from "../packages/functions/src/api/deps";
import { reportProjectorPublisher } from "../packages/functions/src/reports/publisher";
import { StreamPoller } from "../packages/local/src/stream-poller";
import type { TestApi } from "./api";

/** The report projector reading the test table's stream, as `npm start` runs it (checkpoint in memory). */
export function reportProjector(api: TestApi): StreamPoller {
  return new StreamPoller({
    endpoint: api.table.endpoint,
    tableName: api.table.tableName,
    publisher: reportProjectorPublisher(leadDeps(api.deps)),
  });
}

/** Every lead's timeline, read from the table (through the all-leads index): what a recount starts from. */
export async function allTimelines(api: TestApi): Promise<LeadEvent[][]> {
  const timelines: LeadEvent[][] = [];
  let after: string | undefined;
  do {
    const page = await api.stores.leads.list({}, 100, after);
    for (const lead of page.items) {
      const events: LeadEvent[] = [];
      let position: string | undefined;
      do {
        const part = await api.stores.leads.timeline(lead.id, 100, position);
        events.push(...part.items);
        position = part.lastSortKey;
      } while (position);
      timelines.push(events);
    }
    after = page.lastSortKey;
  } while (after);
  return timelines;
}
