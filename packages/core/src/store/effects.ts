import type { Effect } from "../lead/decision";
import { entryItem, memberItem, slaItem } from "./items";
import { keys } from "./keys";

/** One action of a TransactWriteItems, labelled so a failed condition can be named. */
export interface LabelledAction {
  label: string;
  action: Record<string, Record<string, unknown>>;
}

/**
 * How each effect of a decision is written, inside the lead's transaction: the one place
 * that knows the effects' keys, items and conditions. A failed condition is reported under
 * its label; LeadStore.commit treats any label it does not know as "the lead moved
 * underneath us" (read again and decide again).
 */
export function effectAction(effect: Effect, tableName: string): LabelledAction {
  const TableName = tableName;
  switch (effect.type) {
    case "rebound.schedule":
      return {
        label: "rebound_entry_exists",
        action: {
          Put: {
            TableName,
            Item: entryItem(effect.entry, effect.scheduledAt),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      };
    case "rebound.cancel":
      return {
        label: "rebound_entry_delete",
        action: { Delete: { TableName, Key: keys.reboundEntry(effect.leadId, effect.cycle) } },
      };
    case "rebound.consume":
      return {
        label: "rebound_entry_gone",
        action: {
          Delete: {
            TableName,
            Key: keys.reboundEntry(effect.leadId, effect.cycle),
            ConditionExpression: "attribute_exists(pk)",
          },
        },
      };
    case "segment.add":
      return {
        label: "segment_member_exists",
        action: {
          Put: {
            TableName,
            Item: memberItem(effect.member),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      };
    case "segment.remove":
      return {
        label: "segment_member_delete",
        action: { Delete: { TableName, Key: keys.segmentMember(effect.leadId, effect.cycle) } },
      };
    case "email.release":
      // Only the lead's own email item: the uniqueness invariant makes it this lead's.
      return {
        label: "email_release",
        action: {
          Delete: {
            TableName,
            Key: keys.email(effect.email),
            ConditionExpression: "attribute_not_exists(pk) OR leadId = :lead",
            ExpressionAttributeValues: { ":lead": effect.leadId },
          },
        },
      };
    case "suppression.add":
      return {
        label: "suppression_add",
        action: {
          Put: {
            TableName,
            Item: { ...keys.suppression(effect.hash), entity: "suppression", at: effect.at },
          },
        },
      };
    case "sla.open":
      // Unconditional: a lead has at most one clock per kind; a new hand-off replaces the old entry.
      return { label: `sla_open_${effect.kind}`, action: { Put: { TableName, Item: slaItem(effect) } } };
    case "sla.close":
      // Deleting an absent item is a no-op, so closing needs no knowledge of whether a sweep got there first.
      return {
        label: `sla_close_${effect.kind}`,
        action: { Delete: { TableName, Key: keys.sla(effect.leadId, effect.kind) } },
      };
  }
}
