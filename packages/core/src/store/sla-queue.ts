import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import * as z from "../kernel/zod";
import { clockKinds } from "../lead/vocabulary";
import type { KeyPage } from "../ports/leads";
import type { SlaEntry, SlaQueue } from "../ports/queues";
import { readItem } from "./items";
import { keys, listingPartitions } from "./keys";

/** A running clock as its item holds it (its queue position is the index key). */
const slaClockSchema = z.object({
  leadId: z.string(),
  kind: z.enum(clockKinds),
  handoffId: z.string(),
  dueAt: z.string(),
});

import { queryMerged } from "./merge";

/**
 * The SLA deadline queue: items `LEAD#<id>` / `SLA#<kind>` that exist only while a clock runs
 * (sparse), indexed on gsi1 under `SLADUE#<shard>` by deadline. They are written and deleted
 * in the same transaction as the lead change that starts or stops the clock (the `sla.open`
 * and `sla.close` effects), so the queue never disagrees with the lead.
 */
export class SlaQueueStore implements SlaQueue {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Entries whose deadline is before `now`, oldest deadline first, across all shards. */
  async due(now: string, limit: number, after?: string): Promise<KeyPage<SlaEntry>> {
    const page = await queryMerged(this.client, this.tableName, {
      index: "gsi1",
      partitions: listingPartitions.slaDue(),
      before: now,
      limit,
      ...(after ? { after } : {}),
    });
    const items = page.items.map((item) => ({
      ...readItem(slaClockSchema, "SLA clock", item),
      position: String(item.gsi1sk),
    }));
    return page.lastSortKey ? { items, lastSortKey: page.lastSortKey } : { items };
  }

  /** Removes an entry the lead no longer backs, unless it was replaced meanwhile (a new hand-off). */
  async removeStale(entry: SlaEntry): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.sla(entry.leadId, entry.kind),
          ConditionExpression: "gsi1sk = :position",
          ExpressionAttributeValues: { ":position": entry.position },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
