import type { BulkReads } from "../ports/bulk";
import type { ReboundQueue } from "../ports/queues";
import type { SegmentPage, SegmentReader } from "../ports/segments";
import { DEFAULT_SEGMENT_SETTLE_MS } from "../rebound/segment";
import { groupUpcoming } from "../rebound/upcoming";

export interface SegmentQuery {
  after?: string;
  limit: number;
  now: Date;
  settleMs?: number;
  reason?: string;
  source?: string;
}

/**
 * A page of the rebound segment in the order members entered, holding back members younger
 * than the settle window (see DEFAULT_SEGMENT_SETTLE_MS). The returned position is always set
 * (the cursor of an empty page is the one given), so a consumer stores it and pulls "what is
 * new since" later; no member is seen twice or missed.
 */
export async function readSegment(
  deps: { segments: SegmentReader; bulk: Pick<BulkReads, "withMarketingConsent"> },
  query: SegmentQuery,
): Promise<SegmentPage> {
  const { now, settleMs = DEFAULT_SEGMENT_SETTLE_MS, ...rest } = query;
  const page = await deps.segments.page({
    ...rest,
    enteredBefore: new Date(now.getTime() - settleMs).toISOString(),
  });
  if (page.items.length === 0) return page;
  // Belt and braces: withdrawing consent (or erasure) deletes memberships in the same
  // transaction, but a campaign list is where a mistake costs most, so the page is checked
  // against the leads themselves and a member whose lead has no consent now is never returned.
  // Cost: one batch read of the page's lead items (consent is there; the sales items are not
  // read). The position still moves past dropped members.
  const consenting = await deps.bulk.withMarketingConsent([...new Set(page.items.map((m) => m.lead.id))]);
  const items = page.items.filter((m) => consenting.has(m.lead.id));
  return { ...page, items };
}

/** Upcoming rebounds before a date, grouped by ISO week (Monday) or by reason, for campaign planning. */
export async function upcomingRebounds(
  deps: { reboundQueue: Pick<ReboundQueue, "upcoming"> },
  before: Date,
  groupBy: "week" | "reason",
  max = 5_000,
) {
  const { entries, truncated } = await deps.reboundQueue.upcoming(before, max);
  return { groups: groupUpcoming(entries, groupBy), total: entries.length, truncated };
}
