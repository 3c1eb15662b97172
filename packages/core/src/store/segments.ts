import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { segmentMemberSchema } from "../lead/records";
import type { SegmentPage, SegmentPageQuery, SegmentReader } from "../ports/segments";
import { readItem } from "./items";
import { listingPartitions } from "./keys";
import { queryMerged } from "./merge";

/**
 * The rebound segment: member items `LEAD#<id>` / `RBSEG#<cycle>` on the sparse gsi5
 * partitions `RBSEG#<shard>`, ordered by the time they entered (`<enteredAt>#<leadId>#<cycle>`).
 * Reason and source are post-filters (a key per reason would cost every rebound a second index
 * write); the merge keeps reading shards whose filtered page came back empty, within a read
 * budget, so a page is never a false end. The position of a page is where reading stopped:
 * the last member returned, the point the budget ran out at, or, once everything up to the
 * settle cutoff has been read, the cutoff itself (nothing can appear before it any more, and
 * the next pull need not read again the members the filter passed over).
 */
export class SegmentStore implements SegmentReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(query: SegmentPageQuery): Promise<SegmentPage> {
    const before = `${query.enteredBefore}#\uffff`;
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
    const page = await queryMerged(this.client, this.tableName, {
      index: "gsi5",
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
    const items = page.items.map((item) => readItem(segmentMemberSchema, "segment member", item));
    const position = page.lastSortKey ?? before;
    return { items, position, more: page.lastSortKey !== undefined };
  }
}
