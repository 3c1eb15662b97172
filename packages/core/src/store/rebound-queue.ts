import { DeleteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type ReboundEntry, reboundEntrySchema } from "../lead/records";
import type { KeyPage } from "../ports/leads";
import type { ReboundQueue } from "../ports/queues";
import { readItem } from "./items";
import { keys, listingPartitions } from "./keys";
import { queryMerged } from "./merge";

function entryOf(item: Record<string, unknown>): ReboundEntry {
  return readItem(reboundEntrySchema, "rebound entry", item);
}

/**
 * The rebound due queue: entry items `LEAD#<id>` / `RBENTRY#<cycle>` on the sparse gsi1
 * partitions `RBDUE#<shard>`, ordered by due time (`<dueAt>#<leadId>#<cycle>`), so "what is
 * due" reads only what is due, across the 4 write shards merged in order.
 */
export class ReboundQueueStore implements ReboundQueue {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async due(now: Date, limit: number, after?: string): Promise<KeyPage<ReboundEntry>> {
    const page = await queryMerged(this.client, this.tableName, {
      index: "gsi1",
      partitions: listingPartitions.reboundDue(),
      // Everything due at `now` itself too: keys continue with `#<leadId>` after the instant.
      before: `${now.toISOString()}#\uffff`,
      ...(after ? { after } : {}),
      limit,
    });
    const items = page.items.map(entryOf);
    return page.lastSortKey ? { items, lastSortKey: page.lastSortKey } : { items };
  }

  async remove(leadId: string, cycle: number): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.reboundEntry(leadId, cycle) }),
    );
  }

  async upcoming(before: Date, max: number): Promise<{ entries: ReboundEntry[]; truncated: boolean }> {
    const page = await queryMerged(this.client, this.tableName, {
      index: "gsi1",
      partitions: listingPartitions.reboundDue(),
      before: before.toISOString(),
      limit: max,
    });
    return { entries: page.items.map(entryOf), truncated: page.lastSortKey !== undefined };
  }
}
