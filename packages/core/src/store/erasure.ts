import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import type { LeadEvent } from "../events/envelope";
import { AGAIN, realSleep, retry, retryLimits, type Sleep } from "../kernel";
import type { ErasureStore, SuppressionList } from "../ports/erasure";
import { batchGet } from "./batch-get";
import { changeItem, eventsOfItem } from "./change-items";
import { keys } from "./keys";

type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;

/**
 * The erasure's store side: everything about a lead lives in its partition (`LEAD#<id>`:
 * the lead's two items, its change items, segment memberships, SLA clocks, references to the
 * stored responses about it) or is keyed from it, so one Query of the partition finds every
 * copy. Admin work on one lead: queries of its own partition, never a Scan.
 */
export class DynamoErasureStore implements ErasureStore, SuppressionList {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async redactTimeline(leadId: string, redact: (event: LeadEvent) => LeadEvent): Promise<number> {
    let rewritten = 0;
    for await (const items of this.partition(leadId, keys.eventPrefix)) {
      const puts: WriteRequest[] = [];
      // One item per change (change-items.ts): its events are redacted together and the item
      // is written again whole, in the same format, under the same key.
      for (const item of items) {
        const events = eventsOfItem(item);
        const redacted = events.map(redact);
        if (JSON.stringify(redacted) === JSON.stringify(events)) continue;
        puts.push({ PutRequest: { Item: changeItem(redacted) } });
      }
      await this.write(puts);
      rewritten += puts.length;
    }
    return rewritten;
  }

  async forgetResponses(leadId: string): Promise<number> {
    let forgotten = 0;
    for await (const refs of this.partition(leadId, keys.idempotencyRefPrefix)) {
      const deletes: WriteRequest[] = refs.flatMap((ref) => [
        { DeleteRequest: { Key: keys.idempotency(String(ref.principalId), String(ref.key)) } },
        { DeleteRequest: { Key: { pk: ref.pk, sk: ref.sk } } },
      ]);
      await this.write(deletes);
      forgotten += refs.length;
    }
    return forgotten;
  }

  async has(hash: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.suppression(hash), ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  async which(hashes: string[]): Promise<Set<string>> {
    const items = await batchGet(
      this.client,
      this.tableName,
      hashes.map((hash) => keys.suppression(hash)),
      { consistent: true, sleep: this.sleep },
    );
    return new Set(items.map((item) => String(item.pk).slice("SUPPRESS#".length)));
  }

  /** The lead's items whose sort key starts with `prefix`, a page at a time. */
  private async *partition(leadId: string, prefix: string): AsyncGenerator<Item[]> {
    let ExclusiveStartKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": keys.lead(leadId).pk, ":prefix": prefix },
          ConsistentRead: true,
          Limit: 100,
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
      if (page.Items?.length) yield page.Items;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  /** BatchWriteItem in chunks of 25; unprocessed requests (DynamoDB under load) are retried with backoff. */
  private async write(requests: WriteRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH) {
      let pending = requests.slice(i, i + BATCH);
      await retry(
        retryLimits.batchWrite,
        {
          sleep: this.sleep,
          exhausted: () => {
            throw new Error(`BatchWriteItem left ${pending.length} requests unprocessed`);
          },
        },
        async () => {
          const { UnprocessedItems } = await this.client.send(
            new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }),
          );
          pending = (UnprocessedItems?.[this.tableName] ?? []) as WriteRequest[];
          return pending.length > 0 ? AGAIN : true;
        },
      );
    }
  }
}
