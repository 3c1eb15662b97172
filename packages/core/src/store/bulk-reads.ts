import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { AGAIN, mapLimit, realSleep, retry, retryLimits, type Sleep } from "../kernel";
import { type Lead, leadSchema } from "../lead/lead";
import type { BulkReads } from "../ports/bulk";
import type { StoredResponse } from "../ports/idempotency";
import { fromIdempotencyItem } from "./idempotency";
import { readItem } from "./items";
import { keys } from "./keys";

type Key = { pk: string; sk: string };

/** BatchGetItem takes at most 100 keys. */
const BATCH = 100;
/** Batches in flight at once: enough to hide latency, few enough to stay clear of throttling. */
const PARALLEL = 8;

/**
 * Strongly consistent reads of many items at once (bulk capture reads what single capture
 * reads, 100 keys per request instead of one). Unprocessed keys, which DynamoDB returns
 * under load, are retried with jittered backoff.
 */
export class BulkReader implements BulkReads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async getMany(wanted: Key[]): Promise<Record<string, unknown>[]> {
    const unique = [...new Map(wanted.map((k) => [`${k.pk}\n${k.sk}`, k])).values()];
    const chunks: Key[][] = [];
    for (let i = 0; i < unique.length; i += BATCH) chunks.push(unique.slice(i, i + BATCH));
    return (await mapLimit(chunks, PARALLEL, (chunk) => this.batch(chunk))).flat();
  }

  private async batch(chunk: Key[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let pending: Key[] = chunk;
    return retry(
      retryLimits.batchRead,
      {
        sleep: this.sleep,
        exhausted: () => {
          throw new Error(
            `BatchGetItem left ${pending.length} keys unprocessed after ${retryLimits.batchRead.attempts} attempts`,
          );
        },
      },
      async () => {
        const { Responses, UnprocessedKeys } = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        items.push(...(Responses?.[this.tableName] ?? []));
        pending = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Key[];
        return pending.length > 0 ? AGAIN : items;
      },
    );
  }

  /** Stored responses by key, skipping expired ones (TTL deletes lazily). */
  async idempotencyRecords(
    principalId: string,
    idempotencyKeys: string[],
    nowEpochSeconds: number,
  ): Promise<Map<string, StoredResponse>> {
    const items = await this.getMany(idempotencyKeys.map((key) => keys.idempotency(principalId, key)));
    const live = items.filter((item) => Number(item.expiresAt) > nowEpochSeconds).map(fromIdempotencyItem);
    return new Map(live.map((record) => [record.key, record]));
  }

  /** Lead id by normalized email, for the emails that have a lead. */
  async leadIdsByEmail(emails: string[]): Promise<Map<string, string>> {
    const items = await this.getMany(emails.map((email) => keys.email(email)));
    return new Map(items.map((item) => [String(item.pk).slice("EMAIL#".length), String(item.leadId)]));
  }

  async leads(ids: string[]): Promise<Map<string, Lead>> {
    const items = await this.getMany(ids.map((id) => keys.lead(id)));
    return new Map(items.map((item) => [String(item.id), readItem(leadSchema, "lead", item)]));
  }
}
