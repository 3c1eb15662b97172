import type { LeadEvent } from "../events/envelope";
import { CorruptItemError } from "../kernel/errors";
import type { Schema } from "../kernel/parse";
import type { Lead } from "../lead/lead";
import type { ReboundEntry, SegmentMember } from "../lead/records";
import { REBOUND_SEGMENT } from "../rebound/segment";
import { keys, leadIndexKeys, reboundDueKeys, segmentMemberKeys, slaDueKeys } from "./keys";

const STORAGE_ATTRIBUTES = new Set([
  "pk",
  "sk",
  "gsi1pk",
  "gsi1sk",
  "gsi2pk",
  "gsi2sk",
  "gsi3pk",
  "gsi3sk",
  "gsi4pk",
  "gsi4sk",
  "entity",
  "expiresAt",
]);

/** Drops key and bookkeeping attributes, leaving the domain object's attributes. */
export function stripStorage(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_ATTRIBUTES.has(k)));
}

/**
 * Reads a domain object back from its item: storage attributes dropped, then checked with
 * the object's schema. A mismatch is a CorruptItemError (a 500 naming the item), never a cast.
 */
export function readItem<T>(schema: Schema<T>, what: string, item: Record<string, unknown>): T {
  const parsed = schema.safeParse(stripStorage(item));
  if (parsed.success) return parsed.data;
  throw new CorruptItemError(what, `${String(item.pk)} / ${String(item.sk)}`, parsed.error.issues);
}

export function leadItem(lead: Lead): Record<string, unknown> {
  return { ...keys.lead(lead.id), ...leadIndexKeys(lead), entity: "lead", ...lead };
}

export function eventItem(event: LeadEvent, index: number): Record<string, unknown> {
  return { ...keys.event(event.leadId, event.version, index), entity: "event", ...event };
}

/** A scheduled rebound: next to its lead, and on the sparse due queue (gsi1) by due time. */
export function entryItem(entry: ReboundEntry, scheduledAt: string): Record<string, unknown> {
  return {
    ...keys.reboundEntry(entry.leadId, entry.cycle),
    ...reboundDueKeys(entry.leadId, entry.cycle, entry.dueAt),
    entity: "rebound_entry",
    ...entry,
    scheduledAt,
  };
}

/** A rebound segment membership: next to its lead, and on the sparse segment index (gsi2) by entry time. */
export function memberItem(member: SegmentMember): Record<string, unknown> {
  return {
    ...keys.segmentMember(member.lead.id, member.cycle),
    ...segmentMemberKeys(member.lead.id, member.cycle, member.enteredAt),
    entity: "segment_member",
    segment: REBOUND_SEGMENT,
    ...member,
  };
}

/** A running SLA clock: next to its lead, and on the sparse deadline queue (gsi1). */
export function slaItem(clock: { leadId: string; kind: string; dueAt: string; handoffId: string }) {
  const { leadId, kind, handoffId, dueAt } = clock;
  return {
    ...keys.sla(leadId, kind),
    ...slaDueKeys(leadId, kind, dueAt),
    entity: "sla",
    leadId,
    kind,
    handoffId,
    dueAt,
  };
}
