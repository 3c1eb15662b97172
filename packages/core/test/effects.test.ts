import { describe, expect, it } from "vitest";
import type { Effect } from "../src/lead";
import { effectAction } from "../src/store/effects";

const member = {
  lead: { id: "L1", email: "a@b.io" },
  cycle: 2,
  enteredAt: "2026-09-02T09:00:00.000Z",
  from: "lost",
  reason: "timing",
  source: "form",
} as const;

// The data model (docs/data-model.md) names each side item's keys and write condition; the
// translator is the only code that knows them, so it is checked against that table here.
describe("effects become the transaction actions the data model documents", () => {
  const cases: [Effect, { label: string; action: unknown }][] = [
    [
      {
        type: "rebound.schedule",
        entry: { leadId: "L1", cycle: 3, dueAt: "2026-09-02T09:00:00.000Z", from: "lost", reason: "timing" },
        scheduledAt: "2026-03-02T09:00:00.000Z",
      },
      {
        label: "rebound_entry_exists",
        action: {
          Put: {
            TableName: "T",
            Item: expect.objectContaining({
              pk: "LEAD#L1",
              sk: "RBENTRY#0003",
              gsi1pk: expect.stringMatching(/^RBDUE#[0-3]$/),
              gsi1sk: "2026-09-02T09:00:00.000Z#L1#0003",
              entity: "rebound_entry",
              scheduledAt: "2026-03-02T09:00:00.000Z",
            }),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      },
    ],
    [
      { type: "rebound.cancel", leadId: "L1", cycle: 3 },
      {
        label: "rebound_entry_delete",
        action: { Delete: { TableName: "T", Key: { pk: "LEAD#L1", sk: "RBENTRY#0003" } } },
      },
    ],
    [
      { type: "rebound.consume", leadId: "L1", cycle: 3 },
      {
        label: "rebound_entry_gone",
        action: {
          Delete: {
            TableName: "T",
            Key: { pk: "LEAD#L1", sk: "RBENTRY#0003" },
            ConditionExpression: "attribute_exists(pk)",
          },
        },
      },
    ],
    [
      { type: "segment.add", member },
      {
        label: "segment_member_exists",
        action: {
          Put: {
            TableName: "T",
            Item: {
              pk: "LEAD#L1",
              sk: "RBSEG#0002",
              gsi2pk: expect.stringMatching(/^RBSEG#[0-3]$/),
              gsi2sk: "2026-09-02T09:00:00.000Z#L1#0002",
              entity: "segment_member",
              segment: "rebound",
              ...member,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      },
    ],
    [
      { type: "sla.open", leadId: "L1", kind: "accept", dueAt: "2026-03-03T09:00:00.000Z", handoffId: "H" },
      {
        label: "sla_open_accept",
        action: {
          Put: {
            TableName: "T",
            Item: {
              pk: "LEAD#L1",
              sk: "SLA#accept",
              gsi1pk: expect.stringMatching(/^SLADUE#[0-3]$/),
              gsi1sk: "2026-03-03T09:00:00.000Z#L1#accept",
              entity: "sla",
              leadId: "L1",
              kind: "accept",
              handoffId: "H",
              dueAt: "2026-03-03T09:00:00.000Z",
            },
          },
        },
      },
    ],
    [
      { type: "sla.close", leadId: "L1", kind: "outcome" },
      {
        label: "sla_close_outcome",
        action: { Delete: { TableName: "T", Key: { pk: "LEAD#L1", sk: "SLA#outcome" } } },
      },
    ],
  ];
  it.each(cases.map(([effect, expected]) => [effect.type, effect, expected] as const))(
    "%s",
    (_type, effect, expected) => {
      expect(effectAction(effect, "T")).toEqual(expected);
    },
  );
});
