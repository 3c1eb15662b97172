import type { LeadEvent } from "../events/envelope";
import type { Lead } from "../lead/lead";
import { keys, leadIndexKeys } from "./keys";

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

/** Drops key and bookkeeping attributes, leaving the domain object. */
export function stripStorage<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_ATTRIBUTES.has(k))) as T;
}

export function leadItem(lead: Lead): Record<string, unknown> {
  return { ...keys.lead(lead.id), ...leadIndexKeys(lead), entity: "lead", ...lead };
}

export function eventItem(event: LeadEvent, index: number): Record<string, unknown> {
  return { ...keys.event(event.leadId, event.version, index), entity: "event", ...event };
}
