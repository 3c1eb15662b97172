/**
 * Every key the table uses, in one place. Prefixes are upper-case words and `#`
 * separates parts; ids never contain `#` (ULIDs, validated source ids).
 */
import { createHash } from "node:crypto";

/** Write shards for busy time-ordered partitions; listings fan out over all of them. */
export const LISTING_SHARDS = 4;

/** Stable shard of an id (ids are random, so a hash spreads them evenly). */
export function shardOf(id: string, shards = LISTING_SHARDS): number {
  return createHash("sha1").update(id).digest().readUInt32BE(0) % shards;
}

export const pad = (n: number, width = 10) => String(n).padStart(width, "0");

export const keys = {
  lead: (leadId: string) => ({ pk: `LEAD#${leadId}`, sk: "LEAD" }),
  /** The lead's sales record (hand-off, outcome, activities, closed), written only when those change. */
  leadSales: (leadId: string) => ({ pk: `LEAD#${leadId}`, sk: "LEAD#SALES" }),
  email: (normalizedEmail: string) => ({ pk: `EMAIL#${normalizedEmail}`, sk: "EMAIL" }),
  /** One change's events, by lead version (a timeline position adds `#<index>` within it). */
  change: (leadId: string, version: number) => ({ pk: `LEAD#${leadId}`, sk: `EVT#${pad(version)}` }),
  eventPrefix: "EVT#",
  idempotency: (principalId: string, key: string) => ({ pk: `IDEM#${principalId}#${key}`, sk: "IDEM" }),
  apiKey: (keyId: string) => ({ pk: `APIKEY#${keyId}`, sk: "APIKEY" }),
  /**
   * A reference, in the lead's partition, to an idempotency record that stores a response about
   * the lead: erasure finds every such record with one Query of the partition.
   */
  idempotencyRef: (leadId: string, principalId: string, key: string) => ({
    pk: `LEAD#${leadId}`,
    sk: `IDEMREF#${principalId}#${key}`,
  }),
  idempotencyRefPrefix: "IDEMREF#",
  /** An erased address on the suppression list, by its keyed hash (never the address itself). */
  suppression: (hash: string) => ({ pk: `SUPPRESS#${hash}`, sk: "SUPPRESS" }),
  /** One API key's request counter for one fixed window (epoch seconds of its start): a partition per window. */
  rateWindow: (keyId: string, windowStart: number) => ({ pk: `RATE#${keyId}#${windowStart}`, sk: "RATE" }),
  /** The lead's membership of the rebound segment for one cycle. */
  segmentMember: (leadId: string, cycle: number) => ({ pk: `LEAD#${leadId}`, sk: `RBSEG#${pad(cycle, 4)}` }),
  /** Policies (sales-ready, rebound): immutable versions, and the pointer item holding a copy of the one in force. */
  policyVersion: (name: string, version: number) => ({ pk: `POLICY#${name}`, sk: `V#${pad(version)}` }),
  policyCurrent: (name: string) => ({ pk: `POLICY#${name}`, sk: "CURRENT" }),
  /** A lead's open SLA clock (at most one per kind), next to the lead in its partition. */
  sla: (leadId: string, kind: string) => ({ pk: `LEAD#${leadId}`, sk: `SLA#${kind}` }),
  /** Report counters: one partition per generation and family, rows sorted by day. */
  reportCounterPartition: (generation: number, family: string) => `RPT#${generation}#${family}`,
  reportCounter: (generation: number, family: string, day: string, dims: string) => ({
    pk: `RPT#${generation}#${family}`,
    sk: `${day}#${dims}`,
  }),
  /** "This event was counted in this generation": the exactly-once marker, one partition per event. */
  reportMarker: (generation: number, eventId: string) => ({
    pk: `RPTDEDUP#${generation}#${eventId}`,
    sk: "D",
  }),
  /** A background job's progress (re-qualification after a policy publish). */
  job: (name: string) => ({ pk: `JOB#${name}`, sk: "STATE" }),
  /** Which counter generation is read, and which one a backfill is building. */
  reportGenerations: () => ({ pk: "RPT#META", sk: "GENERATIONS" }),
};

/** Rebound segment (gsi5, sparse): members ordered by the time they entered. */
export function segmentMemberKeys(leadId: string, cycle: number, enteredAt: string) {
  return { gsi5pk: `RBSEG#${shardOf(leadId)}`, gsi5sk: `${enteredAt}#${leadId}#${pad(cycle, 4)}` };
}

/**
 * GSI attributes of an SLA item: a sparse, write-sharded queue on gsi5 ordered by deadline.
 * ISO-8601 UTC instants sort as strings, so "due before now" is a key condition.
 */
export function slaDueKeys(leadId: string, kind: string, dueAt: string) {
  return { gsi5pk: `SLADUE#${shardOf(leadId)}`, gsi5sk: `${dueAt}#${leadId}#${kind}` };
}

/** GSI attributes of an API key: one small partition, oldest first. */
export function apiKeyListKeys(createdAt: string, keyId: string) {
  return { gsi5pk: "APIKEYS", gsi5sk: `${createdAt}#${keyId}` };
}

/** A rebound's position on the due queue (gsi4, on the lead item). */
export function reboundDuePosition(leadId: string, cycle: number, dueAt: string): string {
  return `${dueAt}#${leadId}#${pad(cycle, 4)}`;
}

/**
 * GSI attributes of a lead item: the listings by status (gsi1), owner (gsi2, while owned) and
 * origin (gsi3), and the rebound due queue (gsi4, while a rebound is pending: the earliest
 * pending cycle). All of a lead's keys use one shard, the lead id's.
 */
export function leadIndexKeys(lead: {
  id: string;
  status: string;
  ownerId?: string | undefined;
  origin: { type: string; id?: string | undefined };
  rebound?: { pending: { cycle: number; dueAt: string }[] } | undefined;
}) {
  const shard = shardOf(lead.id);
  const next = [...(lead.rebound?.pending ?? [])].sort(
    (a, b) => a.dueAt.localeCompare(b.dueAt) || a.cycle - b.cycle,
  )[0];
  return {
    // gsi1's sort key is the lead's `id` attribute itself (store/table.ts).
    gsi1pk: `STATUS#${lead.status}#${shard}`,
    // Status first: a rep's queue ("my hand-offs") is a key condition, not a filter over every lead the rep ever had.
    ...(lead.ownerId ? { gsi2pk: `OWNER#${lead.ownerId}`, gsi2sk: `${lead.status}#${lead.id}` } : {}),
    gsi3pk: `SOURCE#${lead.origin.type}#${shard}`,
    gsi3sk: `${lead.origin.id ?? ""}#${lead.id}`,
    ...(next
      ? { gsi4pk: `RBDUE#${shard}`, gsi4sk: reboundDuePosition(lead.id, next.cycle, next.dueAt) }
      : {}),
  };
}

const shards = (prefix: string) => Array.from({ length: LISTING_SHARDS }, (_, s) => `${prefix}${s}`);

export const listingPartitions = {
  status: (status: string) => shards(`STATUS#${status}#`),
  /** Every lead, newest first: every status's partitions, merged (there is no "all leads" index). */
  all: (statuses: readonly string[]) => statuses.flatMap((status) => shards(`STATUS#${status}#`)),
  owner: (ownerId: string) => [`OWNER#${ownerId}`],
  source: (type: string) => shards(`SOURCE#${type}#`),
  apiKeys: () => ["APIKEYS"],
  reboundDue: () => shards("RBDUE#"),
  reboundSegment: () => shards("RBSEG#"),
  slaDue: () => shards("SLADUE#"),
};
