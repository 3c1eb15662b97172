import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CorruptItemError } from "../kernel/errors";
import { type ReboundEntry, reboundStateSchema } from "../lead/records";
import type { KeyPage } from "../ports/leads";
import type { ReboundQueue } from "../ports/queues";
import { listingPartitions } from "./keys";
import { queryMerged } from "./merge";

type Item = Record<string, unknown>;

/** The pending rebounds an index entry carries (the lead's `rebound`, projected), checked. */
function pendingOf(item: Item): { leadId: string; pending: ReboundEntry[] } {
  const leadId = String(item.pk).slice("LEAD#".length);
  const parsed = reboundStateSchema.safeParse(item.rebound);
  if (!parsed.success)
    throw new CorruptItemError(
      "rebound state",
      `${String(item.pk)} / ${String(item.sk)}`,
      parsed.error.issues,
    );
  return { leadId, pending: parsed.data.pending.map((p) => ({ leadId, ...p })) };
}

/** The cycle an index entry is queued for (its sort key ends in it). */
function queuedEntry(item: Item): ReboundEntry {
  const { leadId, pending } = pendingOf(item);
  const cycle = Number(String(item.gsi4sk).split("#").at(-1));
  const entry = pending.find((p) => p.cycle === cycle);
  if (!entry) throw new CorruptItemError("rebound due key", `${String(item.pk)} / ${String(item.sk)}`, []);
  return { ...entry, leadId };
}

/**
 * The rebound due queue: the lead item itself, on the sparse gsi4 partitions `RBDUE#<shard>`,
 * keyed by its earliest pending cycle (`<dueAt>#<leadId>#<cycle>`, store/keys.ts), with the
 * pending list projected. Scheduling, cancelling and resurfacing move the key in the lead's own
 * write, so the queue cannot disagree with the lead and costs no items of its own.
 */
export class ReboundQueueStore implements ReboundQueue {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async due(now: Date, limit: number, after?: string): Promise<KeyPage<ReboundEntry>> {
    const page = await queryMerged(this.client, this.tableName, {
      index: "gsi4",
      partitions: listingPartitions.reboundDue(),
      // Everything due at `now` itself too: keys continue with `#<leadId>` after the instant.
      before: `${now.toISOString()}#\uffff`,
      ...(after ? { after } : {}),
      limit,
    });
    const items = page.items.map(queuedEntry);
    return page.lastSortKey ? { items, lastSortKey: page.lastSortKey } : { items };
  }

  /**
   * Every pending cycle due before `before`: the queue holds each lead once (its earliest
   * cycle), so the leads whose earliest cycle is due before then are read, and all their
   * cycles due before then are listed.
   */
  async upcoming(before: Date, max: number): Promise<{ entries: ReboundEntry[]; truncated: boolean }> {
    const cutoff = before.toISOString();
    const page = await queryMerged(this.client, this.tableName, {
      index: "gsi4",
      partitions: listingPartitions.reboundDue(),
      before: cutoff,
      limit: max,
      budget: { queries: Number.POSITIVE_INFINITY, scanned: Number.POSITIVE_INFINITY },
    });
    const entries = page.items
      .flatMap((item) => pendingOf(item).pending.filter((p) => p.dueAt < cutoff))
      .sort(
        (a, b) => a.dueAt.localeCompare(b.dueAt) || a.leadId.localeCompare(b.leadId) || a.cycle - b.cycle,
      );
    return {
      entries: entries.slice(0, max),
      truncated: page.lastSortKey !== undefined || entries.length > max,
    };
  }
}
