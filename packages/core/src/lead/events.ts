import type { EventDraft } from "./decision";
import type { Lead } from "./lead";

/** The consent event for the lead's current answer. */
export function consentEvent(lead: Lead): EventDraft {
  return {
    type: "lead.consent_changed",
    data: { marketing: lead.consent?.marketing ? "granted" : "withdrawn" },
  };
}
