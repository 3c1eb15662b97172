import type { Lead } from "../lead/lead";

/**
 * A lead is stored as two items in its partition, so a change writes only the part it changed:
 *
 * - `LEAD#<id>` / `LEAD`: what marketing and every capture touch (contact, consent, status,
 *   owner, sources, signals, custom fields, verdict, rebound state, counters, version) and the
 *   index keys. A typical lead stays under 1 KB, so writing it costs 1 WCU (2 in a transaction).
 * - `LEAD#<id>` / `LEAD#SALES`: what only sales actions change (hand-off record, outcome,
 *   follow-ups, appointments, the closed record, the suggested rep). Written only when one of
 *   them changes; a touch, a sweep or a consent change never rewrites it.
 *
 * Both sort between `LEAD` and `LEAD#\uffff`, so reading a lead is one Query.
 */
export const SALES_FIELDS = [
  "handoff",
  "outcome",
  "followUps",
  "appointments",
  "closed",
  "suggestedRepId",
] as const;
type SalesField = (typeof SALES_FIELDS)[number];
export type LeadSales = Pick<Lead, SalesField>;
type Item = Record<string, unknown>;

/** The sales part of a lead (only fields that are set); undefined when it has none. */
export function salesOf(lead: Lead): LeadSales | undefined {
  const sales: Item = {};
  for (const field of SALES_FIELDS) if (lead[field] !== undefined) sales[field] = lead[field];
  return Object.keys(sales).length ? (sales as LeadSales) : undefined;
}

/** The lead without its sales part. */
export function withoutSales(lead: Lead): Omit<Lead, SalesField> {
  const rest: Item = { ...lead };
  for (const field of SALES_FIELDS) delete rest[field];
  return rest as Omit<Lead, SalesField>;
}

/** Deep equality of JSON-shaped values (what DynamoDB stores), undefined members ignored. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Item)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Item)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => same((a as Item)[k], (b as Item)[k]));
}

/**
 * What a change does to the sales item: nothing when its fields did not change (the common
 * case: touches, sweeps, edits), a put when they did, a delete when none are left.
 */
export function salesWrite(previous: Lead | undefined, next: Lead): "none" | "put" | "delete" {
  const before = previous ? salesOf(previous) : undefined;
  const after = salesOf(next);
  if (same(before, after)) return "none";
  return after ? "put" : "delete";
}
