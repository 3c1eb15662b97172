import { buildLeadEvent, type LeadEventType } from "../events/catalogue";
import type { Actor, LeadEvent } from "../events/envelope";
import type { Clock, IdGenerator, Sleep } from "../kernel";
import type { EventDraft } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { IdempotencyStore, StoredResponse } from "../store/idempotency";
import type { LeadStore } from "../store/leads";
import type { PolicyStore } from "../store/policies";

/** What lead services need from the outside world; injected so tests control time and ids. */
export interface LeadDeps {
  leads: Pick<LeadStore, "get" | "leadIdByEmail" | "commit" | "list" | "timeline">;
  idempotency: Pick<IdempotencyStore, "find">;
  /** The sales-ready policy every capture and edit is evaluated against. */
  policies: Pick<PolicyStore, "current" | "create">;
  clock: Clock;
  ids: IdGenerator;
  sleep?: Sleep;
  random?: () => number;
}

/** The request's Idempotency-Key, and how to render the response that is stored for replays. */
export interface IdempotencyRequest<R> {
  principalId: string;
  key: string;
  fingerprint: string;
  render(result: R): Pick<StoredResponse, "status" | "body" | "headers">;
}

/**
 * Turns drafts into timeline events, each validated against the event catalogue: an event
 * whose payload does not match its published schema is a bug and never reaches the table.
 */
export function toEvents(
  deps: Pick<LeadDeps, "ids">,
  lead: Lead,
  drafts: EventDraft[],
  actor: Actor,
  at: string,
): LeadEvent[] {
  return drafts.map((draft) =>
    buildLeadEvent({
      eventId: deps.ids.next(),
      type: draft.type as LeadEventType,
      leadId: lead.id,
      version: lead.version,
      at,
      actor,
      ...(draft.why ? { why: draft.why } : {}),
      data: draft.data as never,
    }),
  );
}
