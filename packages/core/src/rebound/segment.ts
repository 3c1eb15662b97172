import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Lead } from "../lead/lead";
import type { ReboundEntry, SegmentMember } from "../lead/records";
import { listingPartitions } from "../store/keys";
import { queryMerged } from "../store/merge";

/** The segment resurfaced leads enter (events name it; members carry it). */
export const REBOUND_SEGMENT = "rebound";

/** The member a resurfaced lead becomes: the snapshot a segment page shows, taken when it entered. */
export function segmentMemberOf(lead: Lead, entry: ReboundEntry, enteredAt: string): SegmentMember {
  return {
    lead: {
      id: lead.id,
      email: lead.email,
      ...(lead.name ? { name: lead.name } : {}),
      ...(lead.company ? { company: lead.company } : {}),
    },
    cycle: entry.cycle,
    enteredAt,
    from: entry.from,
    reason: entry.reason,
    source: lead.origin.type,
    ...(lead.closed ? { closed: lead.closed } : {}),
  };
}

/**
 * How long a segment member must be in the index before a pull returns it. Members are
 * ordered by the time the sweep decided to write them (`enteredAt`), on 4 write shards, so a
 * member can become visible after a member with a later key (a slow transaction, GSI
 * propagation). A cursor already past it would skip it. Returning only members older than
 * this window (much longer than one transaction plus index lag) closes that gap: by the time
 * a key is below the cutoff, nothing with a smaller key can still appear.
 */
export const DEFAULT_SEGMENT_SETTLE_MS = 30_000;

export interface SegmentQuery {
  after?: string;
  limit: number;
  now: Date;
  settleMs?: number;
  reason?: string;
  source?: string;
}

/**
 * A page of the rebound segment in the order members entered. The returned position is
 * always set (the cursor of an empty page is the one given), so a consumer stores it and
 * pulls "what is new since" later; no member is seen twice or missed.
 */
export async function readSegment(
  client: DynamoDBDocumentClient,
  tableName: string,
  query: SegmentQuery,
): Promise<{ items: SegmentMember[]; position?: string; more: boolean }> {
  const cutoff = new Date(query.now.getTime() - (query.settleMs ?? DEFAULT_SEGMENT_SETTLE_MS)).toISOString();
  const before = `${cutoff}#\uffff`;
  if (query.after !== undefined && query.after >= before)
    return { items: [], position: query.after, more: false };
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions: string[] = [];
  if (query.reason) {
    names["#reason"] = "reason";
    values[":reason"] = query.reason;
    conditions.push("#reason = :reason");
  }
  if (query.source) {
    names["#source"] = "source";
    values[":source"] = query.source;
    conditions.push("#source = :source");
  }
  const page = await queryMerged(client, tableName, {
    index: "gsi2",
    partitions: listingPartitions.reboundSegment(),
    before,
    ...(query.after !== undefined ? { after: query.after } : {}),
    limit: query.limit,
    ...(conditions.length
      ? {
          filter: {
            FilterExpression: conditions.join(" AND "),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          },
        }
      : {}),
  });
  const items = page.items.map((item) => {
    const { lead, cycle, enteredAt, from, reason, source, closed } = item as unknown as SegmentMember;
    return { lead, cycle, enteredAt, from, reason, source, ...(closed ? { closed } : {}) };
  });
  const last = page.items.at(-1);
  const position = last ? String(last.gsi2sk) : query.after;
  return { items, ...(position !== undefined ? { position } : {}), more: page.lastSortKey !== undefined };
}

/** CSV of a segment page (RFC 4180 quoting). */
export function segmentCsv(items: SegmentMember[]): string {
  const header = [
    "entered_at",
    "cycle",
    "lead_id",
    "email",
    "name",
    "company",
    "closed_as",
    "reason",
    "competitor",
    "closed_at",
    "source",
  ];
  const quote = (v: unknown) => {
    const s = v === undefined || v === null ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = items.map((m) =>
    [
      m.enteredAt,
      m.cycle,
      m.lead.id,
      m.lead.email,
      m.lead.name,
      m.lead.company,
      m.closed?.kind ?? m.from,
      m.reason,
      m.closed?.competitor,
      m.closed?.at,
      m.source,
    ]
      .map(quote)
      .join(","),
  );
  return `${[header.join(","), ...rows].join("\r\n")}\r\n`;
}

/** Upcoming rebounds before a date, grouped by ISO week (Monday) or by reason. */
export async function upcomingRebounds(
  client: DynamoDBDocumentClient,
  tableName: string,
  before: Date,
  groupBy: "week" | "reason",
  max = 5_000,
) {
  const page = await queryMerged(client, tableName, {
    index: "gsi1",
    partitions: listingPartitions.reboundDue(),
    before: before.toISOString(),
    limit: max,
  });
  const groups = new Map<
    string,
    { key: string; count: number; leads: { leadId: string; dueAt: string; cycle: number; reason: string }[] }
  >();
  for (const item of page.items) {
    const dueAt = String(item.dueAt);
    let key = String(item.reason);
    if (groupBy === "week") {
      const d = new Date(dueAt);
      const monday = new Date(
        Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)),
      );
      key = monday.toISOString().slice(0, 10);
    }
    const group = groups.get(key) ?? { key, count: 0, leads: [] };
    group.count++;
    group.leads.push({
      leadId: String(item.leadId),
      dueAt,
      cycle: Number(item.cycle),
      reason: String(item.reason),
    });
    groups.set(key, group);
  }
  return {
    groups: [...groups.values()].sort((a, b) => a.key.localeCompare(b.key)),
    total: page.items.length,
    truncated: page.lastSortKey !== undefined,
  };
}
