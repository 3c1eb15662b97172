import { CorruptItemError } from "../kernel/errors";
import type { Schema } from "../kernel/parse";
import * as z from "../kernel/zod";
import { type Lead, leadSchema } from "../lead/lead";
import type { SegmentMember } from "../lead/records";
import { REBOUND_SEGMENT } from "../rebound/segment";
import { keys, leadIndexKeys, segmentMemberKeys, slaDueKeys } from "./keys";
import { salesOf, withoutSales } from "./lead-items";

/** On the lead item: the lead has a sales item (so a listing reads it only for those that do). */
const WITH_SALES = "withSales";

const STORAGE_ATTRIBUTES = new Set([
  "pk",
  "sk",
  "gsi1pk",
  "gsi2pk",
  "gsi2sk",
  "gsi3pk",
  "gsi3sk",
  "gsi4pk",
  "gsi4sk",
  "gsi5pk",
  "gsi5sk",
  "entity",
  "expiresAt",
  WITH_SALES,
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

/**
 * The items of a lead (see lead-items.ts): the lead item, with its index keys, and the sales
 * item when the lead has sales fields.
 */
export function leadItems(lead: Lead): { lead: Record<string, unknown>; sales?: Record<string, unknown> } {
  const sales = salesOf(lead);
  return {
    lead: {
      ...keys.lead(lead.id),
      ...leadIndexKeys(lead),
      entity: "lead",
      ...withoutSales(lead),
      ...(sales ? { [WITH_SALES]: true } : {}),
    },
    ...(sales ? { sales: { ...keys.leadSales(lead.id), entity: "lead_sales", ...sales } } : {}),
  };
}

/** Whether a stored lead item has a sales item beside it. */
export const hasSales = (item: Record<string, unknown>) => item[WITH_SALES] === true;

/** The lead from its items, checked with the lead schema. */
export function readLead(item: Record<string, unknown>, sales: Record<string, unknown> | undefined): Lead {
  return readItem(leadSchema, "lead", { ...item, ...(sales ? stripStorage(sales) : {}) });
}

/** The part of a lead item a consent check needs (consent lives on the lead item, never the sales item). */
const consentViewSchema = z.looseObject({ id: leadSchema.shape.id, consent: leadSchema.shape.consent });

/** Whether a stored lead item holds marketing consent, checked with the lead schema's own fields. */
export function hasMarketingConsent(item: Record<string, unknown>): boolean {
  return readItem(consentViewSchema, "lead", item).consent?.marketing === true;
}

/** A rebound segment membership: next to its lead, and on the sparse segment index (gsi5) by entry time. */
export function memberItem(member: SegmentMember): Record<string, unknown> {
  return {
    ...keys.segmentMember(member.lead.id, member.cycle),
    ...segmentMemberKeys(member.lead.id, member.cycle, member.enteredAt),
    entity: "segment_member",
    segment: REBOUND_SEGMENT,
    ...member,
  };
}

/** A running SLA clock: next to its lead, and on the sparse deadline queue (gsi5). */
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
