import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Acting,
  type DecideContext,
  decideAccept,
  decideBreach,
  decideCloseAppointment,
  decideFollowUp,
  decideHandOff,
  decideLost,
  decideQualifyOut,
  decideRecycle,
  decideReject,
  decideSchedule,
  decideWon,
  moved,
} from "../src/handoff";
import { decideCapture } from "../src/intake";
import { DomainError, ForbiddenError, NotSalesReadyError } from "../src/kernel/errors";
import { canMove, type Decision, type Lead, newLead, salesStatuses } from "../src/lead";
import { defaultPolicyInput, qualify, type SalesReadyPolicy } from "../src/qualification";

const start = Date.parse("2026-03-02T09:00:00.000Z");
const policy: SalesReadyPolicy = {
  ...defaultPolicyInput,
  version: 1,
  createdAt: new Date(start).toISOString(),
  createdBy: "test",
};
const ready = {
  budget: "approved",
  authority: "decision_maker",
  need: "confirmed",
  timeline: "within_1_month",
} as const;

type Who = "owner" | "other" | "admin" | "norep";
const who = fc.constantFrom<Who>("owner", "other", "admin", "norep");
const op = fc.oneof(
  fc.record({ op: fc.constant("touch" as const), passes: fc.boolean() }),
  fc.record({
    op: fc.constant("handOff" as const),
    override: fc.boolean(),
    rep: fc.constantFrom("rep-a", "rep-b"),
  }),
  fc.record({
    op: fc.constantFrom(
      "accept" as const,
      "reject" as const,
      "followUp" as const,
      "won" as const,
      "lost" as const,
      "recycle" as const,
    ),
    as: who,
  }),
  fc.record({ op: fc.constant("schedule" as const), as: who, inHours: fc.integer({ min: 1, max: 72 }) }),
  fc.record({
    op: fc.constant("closeAppointment" as const),
    as: who,
    result: fc.constantFrom("held" as const, "prospect_no_show" as const, "missed_by_rep" as const),
  }),
  fc.record({ op: fc.constant("qualifyOut" as const) }),
  fc.record({
    op: fc.constant("breach" as const),
    kind: fc.constantFrom("accept" as const, "outcome" as const),
    action: fc.constantFrom("flag" as const, "return_to_marketing" as const),
  }),
  fc.record({ op: fc.constant("rebound" as const) }),
  fc.record({ op: fc.constant("wait" as const), hours: fc.integer({ min: 1, max: 24 * 40 }) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Ops that only the lead's rep (or an admin) may perform while the lead is with sales. */
const repOnly = new Set(["accept", "reject", "won", "lost", "recycle", "schedule", "closeAppointment"]);

class Model {
  now = start;
  ids = 0;
  lead: Lead;
  /** The SLA queue as the decisions' effects leave it. */
  sla = new Map<string, { dueAt: string; handoffId: string }>();
  constructor() {
    this.lead = qualify(newLead({ email: "p@example.com" }, "LEAD", this.at()), policy, this.at()).lead;
  }
  at() {
    return new Date(this.now).toISOString();
  }
  acting(as: Who): Acting {
    const actor = { kind: "api_key" as const, id: `key-${as}` };
    if (as === "admin") return { actor, anyRep: true };
    if (as === "norep") return { actor, anyRep: false };
    return {
      actor,
      repId: as === "owner" ? (this.lead.ownerId ?? this.lead.handoff?.repId ?? "rep-a") : "rep-z",
      anyRep: false,
    };
  }
  /** Applies the decision's SLA effects (clocks opened and closed) to the queue model. */
  commit(decision: Decision) {
    for (const effect of decision.effects ?? []) {
      if (effect.type === "sla.open")
        this.sla.set(effect.kind, { dueAt: effect.dueAt, handoffId: effect.handoffId });
      if (effect.type === "sla.close") this.sla.delete(effect.kind);
    }
    this.lead = decision.lead;
  }
  decide(o: Op): Decision | null {
    const ctx = (as: Who): DecideContext => ({ at: this.at(), acting: this.acting(as) });
    const lead = this.lead;
    switch (o.op) {
      case "touch":
        return {
          lead: decideCapture(
            lead,
            { email: lead.email, signals: o.passes ? ready : { ...ready, budget: "none" } },
            () => "X",
            this.at(),
            policy,
          ).result.lead,
          events: [{ type: "lead.touched", data: {} }],
        };
      case "handOff":
        return decideHandOff(
          lead,
          {
            repId: o.rep,
            notes: { summary: "s" },
            ...(o.override ? { override: { reason: "trade show" } } : {}),
          },
          policy,
          `H${++this.ids}`,
          ctx("admin"),
        );
      case "accept":
        return decideAccept(lead, ctx(o.as));
      case "reject":
        return decideReject(lead, "not now", ctx(o.as));
      case "followUp":
        return decideFollowUp(lead, { channel: "phone", note: "called" }, ctx(o.as));
      case "schedule":
        return decideSchedule(
          lead,
          { at: new Date(this.now + o.inHours * 3_600_000).toISOString() },
          `A${++this.ids}`,
          ctx(o.as),
        );
      case "closeAppointment": {
        const open = lead.appointments?.find((a) => a.status === "scheduled");
        return open ? decideCloseAppointment(lead, open.id, { result: o.result }, ctx(o.as)) : null;
      }
      case "won":
        return decideWon(lead, { kind: "sale" }, ctx(o.as));
      case "lost":
        return decideLost(lead, { reason: "timing" }, ctx(o.as));
      case "recycle":
        return decideRecycle(
          lead,
          { followUpAt: new Date(this.now + 90 * 86_400_000).toISOString(), reason: "next budget year" },
          ctx(o.as),
        );
      case "qualifyOut":
        return decideQualifyOut(lead, { reason: "not_a_fit" }, ctx("admin"));
      case "rebound":
        return { lead: moved(lead, "rebounded", this.at()), events: [{ type: "lead.rebounded", data: {} }] };
      case "breach": {
        const entry = this.sla.get(o.kind);
        if (!entry) return null;
        this.now = Math.max(this.now, Date.parse(entry.dueAt) + 1);
        const result = decideBreach(lead, { kind: o.kind, ...entry }, o.action, { at: this.at() });
        // The queue never disagrees with the lead, so a queued entry is never stale.
        expect(result.kind).toBe("breach");
        return result.kind === "breach" ? result.decision : null;
      }
      case "wait":
        this.now += o.hours * 3_600_000;
        return null;
    }
  }
}

function checkInvariants(model: Model) {
  const { lead } = model;
  const expected = new Map<string, { dueAt: string; handoffId: string }>();
  const breached = new Set(lead.handoff?.breaches.map((b) => b.kind));
  if (lead.status === "handed_off" && !breached.has("accept"))
    expected.set("accept", { dueAt: lead.handoff!.acceptDueAt, handoffId: lead.handoff!.id });
  if (lead.status === "accepted" && !breached.has("outcome"))
    expected.set("outcome", { dueAt: lead.handoff!.outcomeDueAt!, handoffId: lead.handoff!.id });
  // A clock runs exactly while the lead waits for its rep; none leaks, none is missing.
  expect(Object.fromEntries(model.sla)).toEqual(Object.fromEntries(expected));
  if (salesStatuses.includes(lead.status)) expect(lead.ownerId).toBe(lead.handoff?.repId);
  expect(lead.appointments?.length ?? 0).toBeLessThanOrEqual(10);
}

describe("hand-off decisions over random operation sequences (property)", () => {
  it("keep owner, SLA queue, versions and permissions consistent, and never leave won", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 80, size: "max" }), (ops) => {
        const model = new Model();
        let everWon = false;
        for (const o of ops) {
          const before = model.lead;
          let decision: Decision | null = null;
          try {
            decision = model.decide(o);
          } catch (error) {
            // Refusals are domain errors (→ 4xx), never crashes.
            expect(error).toBeInstanceOf(DomainError);
            if (error instanceof NotSalesReadyError) expect(before.status).not.toBe("sales_ready");
            // Admins act for any rep; a rep from outside the hand-off is always refused (checked on success below).
            if (error instanceof ForbiddenError) expect((o as { as?: Who }).as).not.toBe("admin");
            continue;
          }
          if (!decision) continue;
          const after = decision.lead;
          if (after.status !== before.status) expect(canMove(before.status, after.status)).toBe(true);
          if (o.op !== "touch") {
            expect(after.version).toBe(before.version + 1);
            expect(decision.events.length).toBeGreaterThan(0);
          }
          if (repOnly.has(o.op) && (salesStatuses.includes(before.status) || o.op === "closeAppointment"))
            expect(["owner", "admin"]).toContain((o as { as: Who }).as);
          if (o.op === "handOff" && !o.override) expect(before.status).toBe("sales_ready");
          model.commit(decision);
          if (everWon) expect(model.lead.status).toBe("won");
          everWon ||= model.lead.status === "won";
          checkInvariants(model);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("the generator reaches the interesting states (so the property above is not vacuous)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 80, size: "max" }), (ops) => {
        const model = new Model();
        for (const o of ops) {
          try {
            const decision = model.decide(o);
            if (decision) model.commit(decision);
          } catch {
            continue;
          }
          seen.add(model.lead.status);
          if (model.lead.handoff?.breaches.length) seen.add("breached");
        }
      }),
      { numRuns: 400, seed: 42 },
    );
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        "accepted",
        "breached",
        "handed_off",
        "lost",
        "recycled",
        "rebounded",
        "sales_ready",
        "won",
      ]),
    );
  });
});
