import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { SegmentMember } from "../lead/records";
import { DEFAULT_SEGMENT_SETTLE_MS } from "../rebound/segment";
import { listingPartitions } from "../store/keys";
import { queryMerged } from "../store/merge";

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
