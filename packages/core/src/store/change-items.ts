import { type ChangeRecord, changeRecord, eventsOf } from "../events/change-record";
import { type LeadEvent, leadEventSchema } from "../events/envelope";
import { CorruptItemError } from "../kernel/errors";
import { keys, pad } from "./keys";

/**
 * A change's events as one item next to the lead, `LEAD#<id>` / `EVT#<version>` (see
 * events/change-record.ts): the timeline and the outbox. A timeline position is
 * `EVT#<version>#<index>`, an event within its change.
 */
type Item = Record<string, unknown>;

export const CHANGE_ENTITY = "change";

export function changeItem(events: LeadEvent[]): Item {
  const record = changeRecord(events);
  return { ...keys.change(record.leadId, record.version), entity: CHANGE_ENTITY, ...record };
}

/** Position of one event on the timeline: its change, then its order in the change. */
export const eventPosition = (version: number, index: number) =>
  `${keys.change("", version).sk}#${pad(index, 3)}`;

/** The sort key of the change a position is in. */
export const changeOfPosition = (position: string) => position.slice(0, keys.change("", 0).sk.length);

/** A change item's events, each checked with the event schema (a mismatch is a corrupt item). */
export function eventsOfItem(item: Item): LeadEvent[] {
  return eventsOf(item as unknown as ChangeRecord).map((event) => {
    const parsed = leadEventSchema.safeParse(event);
    if (parsed.success) return parsed.data;
    throw new CorruptItemError("event", `${String(item.pk)} / ${String(item.sk)}`, parsed.error.issues);
  });
}

/**
 * A page of a lead's timeline from its change items (in order): the events after `after`,
 * at most `limit`, and the position to continue from when more may follow (`more`: the query
 * stopped early; or events of the last change were left over).
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
    for (const [index, event] of eventsOfItem(change).entries()) {
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
