import type { LeadEvent } from "./envelope";

/**
 * The events of one change of a lead, as one record: the envelope they share (lead, version,
 * time, actor) stored once, then each event's own part. A change's events are written
 * together and never apart, so one record (one item, one stream insert) costs one write
 * instead of one per event (a new lead is explained by `lead.captured` and `lead.qualified`).
 * The forwarder publishes one event per event in it, with the same ids and payloads.
 */
export interface ChangeRecord {
  leadId: string;
  version: number;
  at: string;
  actor: LeadEvent["actor"];
  events: {
    eventId: string;
    type: string;
    schemaVersion: number;
    data: Record<string, unknown>;
    why?: string;
    /** Only when it differs from the change's. */
    at?: string;
    actor?: LeadEvent["actor"];
  }[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The record of a change; every event must be of the same lead and version. */
export function changeRecord(events: LeadEvent[]): ChangeRecord {
  const first = events[0];
  if (!first) throw new Error("a change has at least one event");
  return {
    leadId: first.leadId,
    version: first.version,
    at: first.at,
    actor: first.actor,
    events: events.map((e) => {
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
    }),
  };
}

/** The events of a change record, in order, as they were committed. */
export function eventsOf(record: ChangeRecord): LeadEvent[] {
  return record.events.map((e) => ({
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    leadId: record.leadId,
    version: record.version,
    at: e.at ?? record.at,
    actor: e.actor ?? record.actor,
    ...(e.why !== undefined ? { why: e.why } : {}),
    data: e.data,
  }));
}
