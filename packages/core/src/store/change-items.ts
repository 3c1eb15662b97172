import type { LeadEvent } from "../events/envelope";

/**
 * One item per change of a lead: the events that explain it, with the envelope they share
 * (lead, version, time, actor) stored once. A change's events are written together and
 * never apart, so one item costs one write instead of one per event (a new lead explains
 * itself with `lead.captured` and `lead.qualified`), and the item is still the outbox entry:
 * the stream forwarder publishes one event per event in it.
 */
type Item = Record<string, unknown>;

export const CHANGE_ENTITY = "change";
const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Sort key of a change (by lead version, so the timeline reads in order). */
export const changeSortKey = (version: number) => `EVT#${pad(version, 10)}`;
/** Position of one event within the timeline: its change, then its order in the change. */
export const eventPosition = (version: number, index: number) => `${changeSortKey(version)}#${pad(index, 3)}`;

interface StoredEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  why?: string;
  /** Only when it differs from the change's. */
  at?: string;
  actor?: LeadEvent["actor"];
}

/** The item of a change: every event must be of the same lead and version (one change). */
export function changeItem(events: LeadEvent[]): Item {
  const first = events[0];
  if (!first) throw new Error("a change has at least one event");
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const stored = events.map((e): StoredEvent => {
    if (e.leadId !== first.leadId || e.version !== first.version)
      throw new Error(`events of one change must share lead and version (${e.type})`);
    return {
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      ...(e.why !== undefined ? { why: e.why } : {}),
      ...(e.at !== first.at ? { at: e.at } : {}),
      ...(!same(e.actor, first.actor) ? { actor: e.actor } : {}),
    };
  });
  return {
    pk: `LEAD#${first.leadId}`,
    sk: changeSortKey(first.version),
    entity: CHANGE_ENTITY,
    leadId: first.leadId,
    version: first.version,
    at: first.at,
    actor: first.actor,
    events: stored,
  };
}

/** The events of a change item, in order, as they were published. */
export function eventsOfChange(item: Item): LeadEvent[] {
  const { leadId, version, at, actor } = item as {
    leadId: string;
    version: number;
    at: string;
    actor: LeadEvent["actor"];
  };
  return (item.events as StoredEvent[]).map((e) => ({
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    leadId,
    version,
    at: e.at ?? at,
    actor: e.actor ?? actor,
    ...(e.why !== undefined ? { why: e.why } : {}),
    data: e.data,
  }));
}

/**
 * A page of a lead's timeline from its change items (in sort order): the events after
 * `after` (an event position), at most `limit`, and the position to continue from when more
 * may follow (`more`: the query stopped early, or events of the last change were left).
 */
export function timelinePage(
  changes: Item[],
  limit: number,
  after: string | undefined,
  more: boolean,
): { items: LeadEvent[]; lastPosition?: string } {
  const items: LeadEvent[] = [];
  let lastPosition: string | undefined;
  let left = false;
  for (const change of changes) {
    const events = eventsOfChange(change);
    for (const [index, event] of events.entries()) {
      const position = eventPosition(event.version, index);
      if (after !== undefined && position <= after) continue;
      if (items.length === limit) {
        left = true;
        break;
      }
      items.push(event);
      lastPosition = position;
    }
    if (left) break;
  }
  return (left || more) && lastPosition !== undefined ? { items, lastPosition } : { items };
}
