import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { segmentMemberSchema } from "../lead/records";
import type { SegmentPage, SegmentPageQuery, SegmentReader } from "../ports/segments";
import { readItem } from "./items";
import { listingPartitions } from "./keys";
import { queryMerged } from "./merge";

/**
 * The rebound segment: member items `LEAD#<id>` / `RBSEG#<cycle>` on the sparse gsi2
 * partitions `RBSEG#<shard>`, ordered by the time they entered (`<enteredAt>#<leadId>#<cycle>`).
 * The position of a page is the last sort key returned, so a consumer continues exactly
 * after what it saw.
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
    const items = page.items.map((item) => readItem(segmentMemberSchema, "segment member", item));
    const last = page.items.at(-1);
    const position = last ? String(last.gsi2sk) : query.after;
    return { items, ...(position !== undefined ? { position } : {}), more: page.lastSortKey !== undefined };
  }
}
