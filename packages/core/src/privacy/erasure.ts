import { ERASED_TEXT } from "../events/redaction";
import { closeRunningSla } from "../handoff/sla";
import type { Decision, Effect } from "../lead/decision";
import type { Lead } from "../lead/lead";
import { segmentRemovals } from "../rebound/consent";
import { cancelRebounds } from "../rebound/plan";

/**
 * The lead as erasure leaves it (pure): ids, statuses, reasons from the taxonomies, times,
 * counts, rep ids, the verdict and the source references stay, so every count and listing
 * stays right; the address, names, company, title, phone, custom fields and everything a
 * person typed (notes, free-text reasons, UTM values) go. Marketing consent becomes "no":
 * nothing may ever be sent to an erased lead.
 */
export function anonymizeLead(lead: Lead, at: string): Lead {
  const {
    email: _email,
    name: _name,
    firstName: _first,
    lastName: _last,
    company: _company,
    title: _title,
    phone: _phone,
    ...kept
  } = lead;
  const source = ({ utm: _utm, ...rest }: Lead["origin"]) => rest;
  return {
    ...kept,
    email: "",
    consent: { marketing: false, updatedAt: at },
    origin: source(lead.origin),
    lastSource: source(lead.lastSource),
    custom: {},
    ...(lead.closed ? { closed: withoutNote(lead.closed) } : {}),
    ...(lead.outcome
      ? {
          outcome: {
            ...withoutNote(lead.outcome),
            // A recycle's reason is a person's sentence; lost/qualified-out reasons are taxonomy words.
            ...(lead.outcome.type === "recycled" && lead.outcome.reason ? { reason: ERASED_TEXT } : {}),
          },
        }
      : {}),
    ...(lead.handoff
      ? {
          handoff: {
            ...lead.handoff,
            ...(lead.handoff.override ? { override: { reason: ERASED_TEXT } } : {}),
            ...(lead.handoff.rejectReason ? { rejectReason: ERASED_TEXT } : {}),
          },
        }
      : {}),
    ...(lead.appointments ? { appointments: lead.appointments.map(withoutNote) } : {}),
    erasure: { at },
    updatedAt: at,
    version: lead.version + 1,
  };
}

function withoutNote<T extends { note?: string | undefined }>(record: T): T {
  const { note: _note, ...rest } = record;
  return rest as T;
}

/**
 * The first, atomic step of an erasure (pure): the anonymous lead, `lead.erased`, and in the
 * same transaction every copy that hangs off the lead by key — its email item, its segment
 * memberships, its pending rebounds and running SLA clock — plus the address's keyed hash on
 * the suppression list. The timeline and stored responses are rewritten after it, resumably
 * (usecases/erase-lead.ts), because a lead may have more of them than one transaction holds.
 */
export function decideErasure(lead: Lead, at: string, suppressionHash: string): Decision {
  const pending = lead.rebound?.pending ?? [];
  const effects: Effect[] = [
    ...(lead.email ? [{ type: "email.release", leadId: lead.id, email: lead.email } as const] : []),
    { type: "suppression.add", hash: suppressionHash, at },
    ...segmentRemovals(lead),
    ...cancelRebounds(lead, pending, "consent_withdrawn").effects,
    ...closeRunningSla(lead),
  ];
  const erased = anonymizeLead(lead, at);
  return {
    lead: lead.rebound ? { ...erased, rebound: { ...lead.rebound, pending: [] } } : erased,
    events: [{ type: "lead.erased", data: {} }],
    effects,
  };
}
