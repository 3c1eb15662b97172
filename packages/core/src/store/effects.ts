import type { Effect } from "../lead/decision";
import type { Lead } from "../lead/lead";
import { memberItem, slaItem } from "./items";
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
 *
 * The rebound effects write nothing of their own: the due queue is an index key on the lead
 * item (its earliest pending cycle, store/keys.ts), so the lead's own write schedules, cancels
 * and consumes. They are checked against the lead the change writes instead, so a decision
 * whose pending list and effects disagree fails loudly rather than losing a rebound.
 */
export function effectAction(effect: Effect, tableName: string, lead: Lead): LabelledAction | undefined {
  const TableName = tableName;
  const pending = new Set((lead.rebound?.pending ?? []).map((p) => p.cycle));
  switch (effect.type) {
    case "rebound.schedule":
      if (effect.entry.leadId !== lead.id || !pending.has(effect.entry.cycle))
        throw new Error(`rebound cycle ${effect.entry.cycle} scheduled but not pending on lead ${lead.id}`);
      return undefined;
    case "rebound.cancel":
    case "rebound.consume":
      if (effect.leadId !== lead.id || pending.has(effect.cycle))
        throw new Error(`rebound cycle ${effect.cycle} removed but still pending on lead ${lead.id}`);
      return undefined;
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
