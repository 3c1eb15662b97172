import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { LeadEvent } from "../events/envelope";
import { WriteConflict, type WriteConflictReason } from "../kernel/errors";
import type { Journey } from "../lead/journey";
import type { Lead } from "../lead/lead";
import type { KeyPage, LeadChange, LeadFilter, LeadRepository } from "../ports/leads";
import { batchGetLeads } from "./batch-get";
import { changeItem, changeOfPosition, timelinePage } from "./change-items";
import { effectAction, type LabelledAction } from "./effects";
import { fromIdempotencyItem, idempotencyPut } from "./idempotency";
import { leadItems, readLead } from "./items";
import { keys } from "./keys";
import { salesWrite } from "./lead-items";
import { listLeads } from "./lead-listing";
import { classifyCancellation, storeErrorOf } from "./transact";

/** The outcome labels commit maps a failed condition to; any other label means "the lead moved". */
const REASONS = ["lead_exists", "version_changed", "email_taken", "idempotency_key_used"] as const;

export class LeadStore implements LeadRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** One Query over the lead's two items (`LEAD`, `LEAD#SALES`); strongly consistent. */
  async get(leadId: string): Promise<Lead | undefined> {
    // Strongly consistent: this read feeds optimistic writes and read-your-writes in the API.
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :lead AND :sales",
        ExpressionAttributeValues: {
          ":pk": keys.lead(leadId).pk,
          ":lead": keys.lead(leadId).sk,
          ":sales": keys.leadSales(leadId).sk,
        },
        ConsistentRead: true,
      }),
    );
    const lead = Items.find((item) => item.sk === keys.lead(leadId).sk);
    const sales = Items.find((item) => item.sk === keys.leadSales(leadId).sk);
    return lead ? readLead(lead, sales) : undefined;
  }

  /** Strongly consistent, 100 leads a request: what a batch of changes is computed from. */
  getMany(leadIds: string[]): Promise<Map<string, Lead>> {
    return batchGetLeads(this.client, this.tableName, leadIds, { consistent: true });
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
    await this.send(this.actionsOf(change, now));
  }

  /**
   * Several leads' changes in one TransactWriteItems (at most 100 actions in all): all written
   * or none. A failure names no single lead; callers commit the changes one by one instead.
   */
  async commitAll(changes: LeadChange[], now: Date): Promise<void> {
    await this.send(changes.flatMap((change) => this.actionsOf(change, now)));
  }

  /**
   * The actions of one change. The lead item is always written (its version moves); the sales
   * item only when its fields changed since the lead the change was computed from; the change's
   * events as one item; the email item when the lead is created or its email moves.
   */
  private actionsOf(change: LeadChange, now: Date): LabelledAction[] {
    const { lead, previous } = change;
    const T = this.tableName;
    const items = leadItems(lead);
    const labelled: LabelledAction[] = [];
    if (previous === null) {
      labelled.push({
        label: "lead_exists",
        action: { Put: { TableName: T, Item: items.lead, ConditionExpression: "attribute_not_exists(pk)" } },
      });
      labelled.push({ label: "email_taken", action: this.claimEmail(lead) });
    } else {
      labelled.push({
        label: "version_changed",
        action: {
          Put: {
            TableName: T,
            Item: items.lead,
            ConditionExpression: "#v = :expected",
            ExpressionAttributeNames: { "#v": "version" },
            ExpressionAttributeValues: { ":expected": previous.version },
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
    // The lead item's version condition covers the sales item: they only change together.
    const sales = salesWrite(previous ?? undefined, lead);
    if (sales === "put")
      labelled.push({ label: "sales", action: { Put: { TableName: T, Item: items.sales! } } });
    if (sales === "delete")
      labelled.push({ label: "sales", action: { Delete: { TableName: T, Key: keys.leadSales(lead.id) } } });
    if (change.events.length)
      labelled.push({
        label: "event_exists",
        action: {
          Put: {
            TableName: T,
            Item: changeItem(change.events),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
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
    for (const effect of change.effects ?? []) {
      const action = effectAction(effect, T, lead);
      if (action) labelled.push(action);
    }
    return labelled;
  }

  private async send(labelled: LabelledAction[]): Promise<void> {
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
      const reason = REASONS.find((r) => r === chosen.label);
      // A failed event, email-release or effect condition means the lead moved underneath us.
      throw new WriteConflict(
        reason ?? "version_changed",
        chosen.item ? found(reason, chosen.item) : undefined,
      );
    }
  }

  private claimEmail(lead: Lead): LabelledAction["action"] {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.email(lead.email), entity: "email", leadId: lead.id },
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    };
  }

  /** Newest first, through the index that serves the filter (store/lead-listing.ts). */
  list(filter: LeadFilter, limit: number, after: string | undefined): Promise<KeyPage<Lead>> {
    return listLeads(this, this.client, this.tableName, filter, limit, after);
  }

  /**
   * The lead's events in order, after the given position (`EVT#<version>#<index>`). Each change
   * item holds at least one event, so reading `limit + 1` changes from the one the position is
   * in fills the page whenever more exist.
   */
  async timeline(leadId: string, limit: number, after: string | undefined): Promise<KeyPage<LeadEvent>> {
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": keys.lead(leadId).pk,
          ":from": after !== undefined ? changeOfPosition(after) : keys.eventPrefix,
          ":to": `${keys.eventPrefix}\uffff`,
        },
        Limit: limit + 1,
        ConsistentRead: true,
      }),
    );
    const page = timelinePage(Items, limit, after, LastEvaluatedKey !== undefined);
    return page.lastPosition !== undefined
      ? { items: page.items, lastSortKey: page.lastPosition }
      : { items: page.items };
  }
}

/** What a failed condition found in the way, as LeadRepository.commit documents it. */
function found(reason: WriteConflictReason | undefined, item: Record<string, unknown>): unknown {
  if (reason === "idempotency_key_used") return fromIdempotencyItem(item);
  if (reason === "email_taken") return { leadId: String(item.leadId) };
  return undefined;
}
