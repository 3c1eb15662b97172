import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { type LeadEvent, leadEventSchema } from "../events/envelope";
import { WriteConflict, type WriteConflictReason } from "../kernel/errors";
import type { Journey } from "../lead/journey";
import { type Lead, leadSchema } from "../lead/lead";
import type { KeyPage, LeadChange, LeadFilter, LeadRepository } from "../ports/leads";
import { effectAction } from "./effects";
import { fromIdempotencyItem, idempotencyPut } from "./idempotency";
import { eventItem, leadItem, readItem } from "./items";
import { keys, listingPartitions } from "./keys";
import { queryMerged } from "./merge";
import { classifyCancellation, storeErrorOf } from "./transact";

type Action = Record<string, unknown>;

export class LeadStore implements LeadRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(leadId: string): Promise<Lead | undefined> {
    // Strongly consistent: this read feeds optimistic writes and read-your-writes in the API.
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.lead(leadId), ConsistentRead: true }),
    );
    return Item ? readItem(leadSchema, "lead", Item) : undefined;
  }

  async adoptJourney(leadId: string, version: number, journey: Journey): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lead(leadId),
          UpdateExpression: "SET #j = :j",
          ConditionExpression: "#v = :v AND attribute_not_exists(#j)",
          ExpressionAttributeNames: { "#j": "journey", "#v": "version" },
          ExpressionAttributeValues: { ":j": journey, ":v": version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw storeErrorOf(error);
    }
  }

  async leadIdByEmail(normalizedEmail: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.email(normalizedEmail), ConsistentRead: true }),
    );
    return Item ? String(Item.leadId) : undefined;
  }

  /** See LeadRepository.commit: one TransactWriteItems, WriteConflict naming the condition that failed. */
  async commit(change: LeadChange, now: Date): Promise<void> {
    const { lead } = change;
    const T = this.tableName;
    const labelled: { label: WriteConflictReason | string; action: Action }[] = [];
    if (change.expectedVersion === null) {
      labelled.push({
        label: "lead_exists",
        action: {
          Put: { TableName: T, Item: leadItem(lead), ConditionExpression: "attribute_not_exists(pk)" },
        },
      });
      labelled.push({ label: "email_taken", action: this.claimEmail(lead) });
    } else {
      labelled.push({
        label: "version_changed",
        action: {
          Put: {
            TableName: T,
            Item: leadItem(lead),
            ConditionExpression: "#v = :expected",
            ExpressionAttributeNames: { "#v": "version" },
            ExpressionAttributeValues: { ":expected": change.expectedVersion },
          },
        },
      });
      if (change.previousEmail !== undefined) {
        labelled.push({ label: "email_taken", action: this.claimEmail(lead) });
        labelled.push({
          label: "email_release",
          action: {
            Delete: {
              TableName: T,
              Key: keys.email(change.previousEmail),
              ConditionExpression: "leadId = :id",
              ExpressionAttributeValues: { ":id": lead.id },
            },
          },
        });
      }
    }
    change.events.forEach((event, index) => {
      labelled.push({
        label: "event_exists",
        action: {
          Put: {
            TableName: T,
            Item: eventItem(event, index),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      });
    });
    if (change.idempotency) {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const record = idempotencyPut(T, change.idempotency, nowSeconds);
      labelled.push({ label: "idempotency_key_used", action: { Put: record } });
      // The stored response may hold the lead; erasure finds the record through this reference.
      const { principalId, key } = change.idempotency;
      labelled.push({
        label: "idempotency_ref",
        action: {
          Put: {
            TableName: T,
            Item: {
              ...keys.idempotencyRef(lead.id, principalId, key),
              entity: "idempotency_ref",
              principalId,
              key,
              expiresAt: record.Item.expiresAt,
            },
          },
        },
      });
    }
    for (const effect of change.effects ?? []) labelled.push(effectAction(effect, T));

    try {
      await this.client.send(
        new TransactWriteCommand({ TransactItems: labelled.map((l) => l.action) as never }),
      );
    } catch (error) {
      const cancellation = classifyCancellation(
        error,
        labelled.map((l) => l.label),
      );
      const first = cancellation?.failed.find((f) => f.code === "ConditionalCheckFailed");
      if (!first) throw storeErrorOf(error);
      // The idempotency record wins over other failures: a replay must answer as the first time.
      const idem = cancellation!.failed.find((f) => f.label === "idempotency_key_used");
      const chosen = idem ?? first;
      const reason = (
        ["lead_exists", "version_changed", "email_taken", "idempotency_key_used"] as const
      ).find((r) => r === chosen.label);
      // A failed event, email-release or effect condition means the lead moved underneath us.
      throw new WriteConflict(
        reason ?? "version_changed",
        chosen.item ? found(reason, chosen.item) : undefined,
      );
    }
  }

  private claimEmail(lead: Lead): Action {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.email(lead.email), entity: "email", leadId: lead.id },
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    };
  }

  /** Lists leads newest first, through the most selective index the filter allows (no Scan). */
  async list(filter: LeadFilter, limit: number, after: string | undefined): Promise<KeyPage<Lead>> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const conditions: string[] = [];
    /** Adds `path = value` to the filter; nested paths get one name placeholder per part. */
    const where = (path: string[], value: unknown) => {
      const n = conditions.length;
      const placeholders = path.map((part, i) => {
        names[`#f${n}_${i}`] = part;
        return `#f${n}_${i}`;
      });
      values[`:f${n}`] = value;
      conditions.push(`${placeholders.join(".")} = :f${n}`);
    };
    let index: "gsi1" | "gsi2" | "gsi3" | "gsi4";
    let partitions: string[];
    let prefix: string | undefined;
    if (filter.ownerId) {
      index = "gsi2";
      partitions = listingPartitions.owner(filter.ownerId);
      // gsi2sk starts with the status: a rep's queue for one status is a key condition.
      if (filter.status) prefix = `${filter.status}#`;
      if (filter.source) where(["origin", "type"], filter.source.type);
      if (filter.source?.id !== undefined) where(["origin", "id"], filter.source.id);
    } else if (filter.source) {
      index = "gsi3";
      partitions = listingPartitions.source(filter.source.type);
      if (filter.source.id !== undefined) prefix = `${filter.source.id}#`;
      if (filter.status) where(["status"], filter.status);
    } else if (filter.status) {
      index = "gsi1";
      partitions = listingPartitions.status(filter.status);
    } else {
      index = "gsi4";
      partitions = listingPartitions.all();
    }
    const page = await queryMerged(this.client, this.tableName, {
      index,
      partitions,
      ...(prefix !== undefined ? { prefix } : {}),
      ...(after !== undefined ? { after } : {}),
      descending: true,
      limit,
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
    const items = page.items.map((item) => readItem(leadSchema, "lead", item));
    return page.lastSortKey !== undefined ? { items, lastSortKey: page.lastSortKey } : { items };
  }

  /** The lead's events in order, after the given event sort key. */
  async timeline(leadId: string, limit: number, after: string | undefined): Promise<KeyPage<LeadEvent>> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        // BETWEEN is inclusive: read one more and drop the cursor's own event.
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": keys.lead(leadId).pk,
          ":from": after ?? keys.eventPrefix,
          ":to": `${keys.eventPrefix}\uffff`,
        },
        Limit: after ? limit + 1 : limit,
        ConsistentRead: true,
      }),
    );
    const kept = Items.filter((item) => item.sk !== after);
    const items = kept.map((item) => readItem(leadEventSchema, "event", item));
    const last = kept.at(-1);
    return LastEvaluatedKey && last ? { items, lastSortKey: String(last.sk) } : { items };
  }
}

/** What a failed condition found in the way, as LeadRepository.commit documents it. */
function found(reason: WriteConflictReason | undefined, item: Record<string, unknown>): unknown {
  if (reason === "idempotency_key_used") return fromIdempotencyItem(item);
  if (reason === "email_taken") return { leadId: String(item.leadId) };
  return undefined;
}
