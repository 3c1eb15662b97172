import { buildLeadEvent, type LeadEventType } from "../events/catalogue";
import type { Actor, LeadEvent } from "../events/envelope";
import type { Clock, IdGenerator, Sleep } from "../kernel";
import type { EventDraft } from "../lead/decision";
import { withJourney } from "../lead/journey";
import type { Lead } from "../lead/lead";
import type { ApiKeyRepository } from "../ports/api-keys";
import type { BulkReads } from "../ports/bulk";
import type { ErasureStore, SuppressionList } from "../ports/erasure";
import type { IdempotencyRepository } from "../ports/idempotency";
import type { JobRepository } from "../ports/jobs";
import type { LeadRepository } from "../ports/leads";
import type { PolicyVersions } from "../ports/policies";
import type { ReboundQueue, SlaQueue } from "../ports/queues";
import type { ReportCounters } from "../ports/reports";
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
  /**
   * The suppression list of erased addresses, and the secret its hashes are keyed with (a
   * getter: deployed stages read it from Secrets Manager at run time and may refresh it).
   */
  suppression: { secret: () => string; list: SuppressionList };
  reportCounters: ReportCounters;
  jobs: JobRepository;
}

/**
 * What a change records: the lead to write and its timeline events. The report facts are
 * stamped first (lead/journey.ts: the lead's pass through the funnel, and `attribution` on
 * every event), then each event is built and validated against the event catalogue: an event
 * whose payload does not match its published schema is a bug and never reaches the table.
 * Every write path (mutateLead, capture, imports) records its changes here.
 */
export function recordChange(
  deps: Pick<LeadDeps, "ids">,
  before: Lead | undefined,
  after: Lead,
  drafts: EventDraft[],
  actor: Actor,
  at: string,
): { lead: Lead; events: LeadEvent[] } {
  const stamped = withJourney(before, after, drafts, at);
  const events = stamped.events.map((draft) =>
    buildLeadEvent({
      eventId: deps.ids.next(),
      type: draft.type as LeadEventType,
      leadId: stamped.lead.id,
      version: stamped.lead.version,
      at,
      actor,
      ...(draft.why ? { why: draft.why } : {}),
      data: draft.data as never,
    }),
  );
  return { lead: stamped.lead, events };
}
