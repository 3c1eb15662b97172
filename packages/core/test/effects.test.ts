import { describe, expect, it } from "vitest";
import type { Effect, Lead } from "../src/lead";
import { effectAction } from "../src/store/effects";
import { leadItems } from "../src/store/items";

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
      { type: "segment.add", member },
      {
        label: "segment_member_exists",
        action: {
          Put: {
            TableName: "T",
            Item: {
              pk: "LEAD#L1",
              sk: "RBSEG#0002",
              gsi5pk: expect.stringMatching(/^RBSEG#[0-3]$/),
              gsi5sk: "2026-09-02T09:00:00.000Z#L1#0002",
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
              gsi5pk: expect.stringMatching(/^SLADUE#[0-3]$/),
              gsi5sk: "2026-03-03T09:00:00.000Z#L1#accept",
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
      expect(effectAction(effect, "T", lead())).toEqual(expected);
    },
  );
});

const at = "2026-03-02T09:00:00.000Z";
function lead(pending: number[] = []): Lead {
  return {
    id: "L1",
    email: "a@b.io",
    status: "lost",
    origin: { type: "form", at },
    lastSource: { type: "form", at },
    touchCount: 1,
    sourceKeys: ["form"],
    signals: {},
    custom: {},
    rebound: {
      cycles: 3,
      pending: pending.map((cycle) => ({
        cycle,
        dueAt: "2026-09-02T09:00:00.000Z",
        from: "lost",
        reason: "timing",
      })),
    },
    createdAt: at,
    updatedAt: at,
    version: 2,
  };
}

// The due queue is an index key on the lead item (its earliest pending cycle), so a rebound
// effect writes nothing of its own: it must agree with the pending list the lead is written with.
describe("rebound effects move the lead's due key instead of writing items", () => {
  const entry = {
    leadId: "L1",
    cycle: 3,
    dueAt: "2026-09-02T09:00:00.000Z",
    from: "lost",
    reason: "timing",
  } as const;

  it("write nothing when they agree with the lead's pending list", () => {
    expect(
      effectAction({ type: "rebound.schedule", entry, scheduledAt: at }, "T", lead([3])),
    ).toBeUndefined();
    expect(effectAction({ type: "rebound.cancel", leadId: "L1", cycle: 3 }, "T", lead())).toBeUndefined();
    expect(effectAction({ type: "rebound.consume", leadId: "L1", cycle: 3 }, "T", lead([4]))).toBeUndefined();
  });

  it("fail loudly when a decision's effects and pending list disagree", () => {
    expect(() => effectAction({ type: "rebound.schedule", entry, scheduledAt: at }, "T", lead())).toThrow(
      /not pending/,
    );
    expect(() => effectAction({ type: "rebound.cancel", leadId: "L1", cycle: 3 }, "T", lead([3]))).toThrow(
      /still pending/,
    );
  });

  it("the lead's earliest pending cycle is its position on the due queue", () => {
    const { lead: item } = leadItems({
      ...lead([4, 3]),
      rebound: {
        cycles: 4,
        pending: [
          { cycle: 4, dueAt: "2027-03-02T09:00:00.000Z", from: "lost", reason: "no_budget" },
          { cycle: 3, dueAt: "2026-09-02T09:00:00.000Z", from: "lost", reason: "no_budget" },
        ],
      },
    });
    expect(item).toMatchObject({
      gsi4pk: expect.stringMatching(/^RBDUE#[0-3]$/),
      gsi4sk: "2026-09-02T09:00:00.000Z#L1#0003",
    });
    expect(leadItems(lead()).lead).not.toHaveProperty("gsi4pk");
  });
});
