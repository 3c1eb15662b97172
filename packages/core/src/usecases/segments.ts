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
export function readSegment(deps: { segments: SegmentReader }, query: SegmentQuery): Promise<SegmentPage> {
  const { now, settleMs = DEFAULT_SEGMENT_SETTLE_MS, ...rest } = query;
  return deps.segments.page({ ...rest, enteredBefore: new Date(now.getTime() - settleMs).toISOString() });
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
