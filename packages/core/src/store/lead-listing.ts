import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Lead } from "../lead/lead";
import { leadStatuses } from "../lead/status";
import type { KeyPage, LeadFilter } from "../ports/leads";
import { batchGetLeads } from "./batch-get";
import { listingPartitions } from "./keys";
import { type MergedQuery, queryMerged } from "./merge";
import type { IndexName } from "./table";

/**
 * How each filter of GET /v1/leads is served (docs/data-model.md, "Listing keys"):
 *
 * | filter                | index | key condition                               | post-filter          |
 * | none                  | gsi1  | every `STATUS#<status>#<shard>`, merged     | –                    |
 * | status                | gsi1  | `STATUS#<status>#<shard>`                   | –                    |
 * | owner (± status)      | gsi2  | `OWNER#<repId>` (± `<status>#` prefix)      | –                    |
 * | source type[:id]      | gsi3  | `SOURCE#<type>#<shard>` (± `<id>#` prefix)  | –                    |
 * | status + source       | gsi1  | `STATUS#<status>#<shard>`                   | origin (projected)   |
 * | owner + source        | gsi2  | `OWNER#<repId>`                             | origin (projected)   |
 * | email (+ any)         | table | the email item, then the lead               | in code              |
 *
 * The indexes hold keys (and the origin, which never changes), not leads, so a page reads its
 * leads afterwards in one BatchGetItem (eventually consistent, like the index itself). A lead
 * that no longer matches by the time it is read (it moved on since the index saw it) is left
 * out of the page; the page's position still moves past it.
 */
function plan(filter: LeadFilter): Omit<MergedQuery, "limit" | "after"> {
  const source = filter.source;
  const byOrigin = (): MergedQuery["filter"] => {
    if (!source) return undefined;
    return {
      FilterExpression: `#origin.#type = :type${source.id !== undefined ? " AND #origin.#id = :id" : ""}`,
      ExpressionAttributeNames: {
        "#origin": "origin",
        "#type": "type",
        ...(source.id !== undefined ? { "#id": "id" } : {}),
      },
      ExpressionAttributeValues: {
        ":type": source.type,
        ...(source.id !== undefined ? { ":id": source.id } : {}),
      },
    };
  };
  let index: IndexName;
  let partitions: string[];
  let prefix: string | undefined;
  let postFilter: MergedQuery["filter"];
  if (filter.ownerId) {
    index = "gsi2";
    partitions = listingPartitions.owner(filter.ownerId);
    // gsi2sk starts with the status: a rep's queue for one status is a key condition.
    if (filter.status) prefix = `${filter.status}#`;
    postFilter = byOrigin();
  } else if (filter.status) {
    index = "gsi1";
    partitions = listingPartitions.status(filter.status);
    postFilter = byOrigin();
  } else if (source) {
    index = "gsi3";
    partitions = listingPartitions.source(source.type);
    if (source.id !== undefined) prefix = `${source.id}#`;
  } else {
    index = "gsi1";
    partitions = listingPartitions.all(leadStatuses);
  }
  return {
    index,
    partitions,
    descending: true,
    ...(prefix !== undefined ? { prefix } : {}),
    ...(postFilter ? { filter: postFilter } : {}),
  };
}

/** Whether a lead (as read now) still matches the filter. */
export function matches(lead: Lead, filter: LeadFilter): boolean {
  if (filter.email !== undefined && lead.email !== filter.email) return false;
  if (filter.status !== undefined && lead.status !== filter.status) return false;
  if (filter.ownerId !== undefined && lead.ownerId !== filter.ownerId) return false;
  if (filter.source !== undefined) {
    if (lead.origin.type !== filter.source.type) return false;
    if (filter.source.id !== undefined && lead.origin.id !== filter.source.id) return false;
  }
  return true;
}

export async function listLeads(
  leads: {
    get(id: string): Promise<Lead | undefined>;
    leadIdByEmail(email: string): Promise<string | undefined>;
  },
  client: DynamoDBDocumentClient,
  tableName: string,
  filter: LeadFilter,
  limit: number,
  after: string | undefined,
): Promise<KeyPage<Lead>> {
  if (filter.email !== undefined) {
    // One lead at most: nothing follows the first page.
    if (after !== undefined) return { items: [] };
    const id = await leads.leadIdByEmail(filter.email);
    const lead = id ? await leads.get(id) : undefined;
    return { items: lead && matches(lead, filter) ? [lead] : [] };
  }
  const page = await queryMerged(client, tableName, {
    ...plan(filter),
    limit,
    ...(after !== undefined ? { after } : {}),
  });
  const ids = page.items.map((entry) => String(entry.pk).slice("LEAD#".length));
  const found = ids.length ? await batchGetLeads(client, tableName, ids, { consistent: false }) : new Map();
  const items = ids.flatMap((id) => {
    const lead = found.get(id);
    return lead && matches(lead, filter) ? [lead] : [];
  });
  return page.lastSortKey !== undefined ? { items, lastSortKey: page.lastSortKey } : { items };
}
