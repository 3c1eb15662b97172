import { buildLeadEvent } from "../../src/events/catalogue";
import type { LeadEvent } from "../../src/events/envelope";

/** A valid catalogue event for `leadId` at `version`; the id encodes both for readable asserts. */
export function touched(leadId: string, version: number): LeadEvent {
  return buildLeadEvent({
    type: "lead.touched",
    eventId: `${leadId}-v${version}`,
    leadId,
    version,
    at: new Date(Date.UTC(2025, 2, 1, 9, 0, version)).toISOString(),
    actor: { kind: "api_key", id: "key_forms", name: "Website forms" },
    data: { source: { type: "form", id: "contact-us" }, merged: false },
  });
}

/**
 * An envelope whose Detail is about `bytes` long. It bypasses the catalogue on purpose:
 * catalogue payloads are bounded far below the limit, and the adapter must still cope with
 * whatever a future schema or a bug hands it.
 */
export function sized(leadId: string, version: number, bytes: number): LeadEvent {
  const base = { ...touched(leadId, version), data: { blob: "" } };
  const overhead = Buffer.byteLength(JSON.stringify(base));
  return { ...base, data: { blob: "x".repeat(Math.max(0, bytes - overhead)) } };
}
