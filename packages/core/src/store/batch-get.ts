import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { AGAIN, mapLimit, realSleep, retry, retryLimits, type Sleep } from "../kernel";
import type { Lead } from "../lead/lead";
import { hasSales, readLead } from "./items";
import { keys } from "./keys";

type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;

/** BatchGetItem takes at most 100 keys. */
const BATCH = 100;
/** Batches in flight at once: enough to hide latency, few enough to stay clear of throttling. */
const PARALLEL = 8;

export interface BatchGetOptions {
  /** Strongly consistent (what a write is computed from) or eventually (listings: half the cost). */
  consistent: boolean;
  sleep?: Sleep;
}

/**
 * Many items by key, 100 per request, 8 requests in flight; unprocessed keys (DynamoDB returns
 * them under load) are asked again with jittered backoff. Absent items are simply not returned.
 */
export async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  wanted: Key[],
  options: BatchGetOptions,
): Promise<Item[]> {
  const unique = [...new Map(wanted.map((k) => [`${k.pk}\n${k.sk}`, k])).values()];
  const chunks: Key[][] = [];
  for (let i = 0; i < unique.length; i += BATCH) chunks.push(unique.slice(i, i + BATCH));
  const one = (chunk: Key[]) => {
    const items: Item[] = [];
    let pending: Key[] = chunk;
    return retry(
      retryLimits.batchRead,
      {
        sleep: options.sleep ?? realSleep,
        exhausted: () => {
          throw new Error(
            `BatchGetItem left ${pending.length} keys unprocessed after ${retryLimits.batchRead.attempts} attempts`,
          );
        },
      },
      async () => {
        const { Responses, UnprocessedKeys } = await client.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: pending, ConsistentRead: options.consistent } },
          }),
        );
        items.push(...(Responses?.[tableName] ?? []));
        pending = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
        return pending.length > 0 ? AGAIN : items;
      },
    );
  };
  return (await mapLimit(chunks, PARALLEL, one)).flat();
}

/**
 * Leads by id, each from its lead item and (only for leads that have one) its sales item:
 * two rounds of BatchGetItem. Absent leads are not in the map.
 */
export async function batchGetLeads(
  client: DynamoDBDocumentClient,
  tableName: string,
  ids: string[],
  options: BatchGetOptions,
): Promise<Map<string, Lead>> {
  const items = await batchGet(client, tableName, ids.map(keys.lead), options);
  const withSales = items.filter(hasSales).map((item) => keys.leadSales(String(item.id)));
  const sales = new Map(
    (withSales.length ? await batchGet(client, tableName, withSales, options) : []).map((s) => [
      String(s.pk),
      s,
    ]),
  );
  return new Map(items.map((item) => [String(item.id), readLead(item, sales.get(String(item.pk)))]));
}
