import { buildLeadEvent, type LeadEventType } from "../events/catalogue";
import type { Actor, LeadEvent } from "../events/envelope";
import type { Clock, IdGenerator, Sleep } from "../kernel";
import type { EventDraft } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { ApiKeyRepository } from "../ports/api-keys";
import type { BulkReads } from "../ports/bulk";
import type { ErasureStore, SuppressionList } from "../ports/erasure";
import type { IdempotencyRepository } from "../ports/idempotency";
import type { LeadRepository } from "../ports/leads";
import type { PolicyVersions } from "../ports/policies";
import type { ReboundQueue, SlaQueue } from "../ports/queues";
import type { SegmentReader } from "../ports/segments";
import type { SalesReadyPolicy } from "../qualification/policy";
import type { ReboundPolicy } from "../rebound/policy";

/** What lead services need from the outside world; injected so tests control time and ids. */
export interface LeadDeps {
  leads: LeadRepository;
  idempotency: Pick<IdempotencyRepository, "find">;
  /** The sales-ready policy every capture and edit is evaluated against. */
  policies: Pick<PolicyVersions<SalesReadyPolicy>, "current" | "create">;
  clock: Clock;
  ids: IdGenerator;
  sleep?: Sleep;
  random?: () => number;
}

/**
 * Every port a use case may take, plus time and ids. The wiring (functions, the local
 * runner) builds one of these from the stores; each use case declares the part it needs.
 */
export interface UseCaseDeps extends LeadDeps {
  idempotency: IdempotencyRepository;
  reboundPolicies: PolicyVersions<ReboundPolicy>;
  reboundQueue: ReboundQueue;
  slaQueue: SlaQueue;
  segments: SegmentReader;
  bulk: BulkReads;
  apiKeys: ApiKeyRepository;
  erasure: ErasureStore;
  /** The suppression list of erased addresses, and the secret its hashes are keyed with. */
  suppression: { secret: string; list: SuppressionList };
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
