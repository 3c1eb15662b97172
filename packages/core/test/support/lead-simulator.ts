import fc from "fast-check";
import type { Actor, LeadEvent } from "../../src/events/envelope";
import {
  acceptAction,
  closeAppointmentAction,
  decideBreach,
  decideFollowUpDue,
  followUpAction,
  handOffAction,
  type LeadAction,
  lostAction,
  qualifyOutAction,
  recycleAction,
  rejectAction,
  rescheduleAppointmentAction,
  runningSla,
  scheduleAppointmentAction,
  wonAction,
} from "../../src/handoff";
import type { ActionContext, ActionNeeds } from "../../src/handoff/action";
import type { Acting } from "../../src/handoff/context";
import { decideCapture } from "../../src/intake/decide-capture";
import { DomainError } from "../../src/kernel/errors";
import type { Decision } from "../../src/lead/decision";
import type { Lead } from "../../src/lead/lead";
import {
  type AppointmentResult,
  type LostReason,
  type QualifiedOutReason,
  rejectCategories,
  type WinKind,
} from "../../src/lead/vocabulary";
import { defaultPolicyInput, type SalesReadyPolicy } from "../../src/qualification/policy";
import { defaultReboundPolicy } from "../../src/rebound/policy";
import { decideResurface } from "../../src/rebound/resurface";
import { recordChange } from "../../src/usecases/context";

/*
 * Random lead histories made by the real pure decisions (capture, hand-off, accept, reject,
 * follow-ups, appointments, outcomes, SLA breaches, rebounds, returns), run as the API runs
 * them (the lead-action registry's decisions, the sweeps' pure decisions) and recorded the
 * way every write path records a change (usecases/context.ts recordChange: report facts,
 * then catalogue events). What comes out is a set of timelines, as the table would hold them.
 */

const sources = [
  { type: "webinar", id: "q3-tour", campaign: "Autumn launch" },
  { type: "form", id: "pricing" },
  { type: "webinar", id: "roadmap", campaign: "Autumn launch" },
  { type: "referral" },
] as const;
const reps = ["rep-ada", "rep-bo", "rep-cy"];
const ready = {
  budget: "approved",
  authority: "decision_maker",
  need: "confirmed",
  timeline: "within_3_months",
};
const weak = { budget: "none", need: "exploring" };
const lostReasons: LostReason[] = ["no_budget", "chose_competitor", "timing", "specialised_requirements"];
const qoReasons: QualifiedOutReason[] = ["no_need", "not_a_fit", "spam", "no_budget"];
const winKinds: WinKind[] = ["sale", "introductory_order"];
const results: AppointmentResult[] = ["held", "prospect_no_show", "missed_by_rep"];

export type SimOp =
  | { kind: "capture"; email: number; again: boolean; source: number; ready: boolean; consent: boolean }
  | { kind: "handoff"; lead: number; rep: number; override: boolean }
  | { kind: "accept" | "recycle" | "schedule" | "reschedule" | "rebound"; lead: number }
  | { kind: "followUp"; lead: number; backMinutes: number }
  | { kind: "closeAppointment"; lead: number; result: number }
  | { kind: "won"; lead: number; win: number }
  | { kind: "lost"; lead: number; reason: number; after: number }
  | { kind: "qualifyOut"; lead: number; reason: number }
  | { kind: "breach"; lead: number; returnToMarketing: boolean }
  | { kind: "followUpDue"; lead: number }
  | { kind: "reject"; lead: number; category: number }
  | { kind: "advance"; minutes: number };

/** Which lead an action is on: mostly one of the latest few, so leads get whole stories. */
const lead = fc.oneof(fc.nat({ max: 3 }), fc.nat({ max: 40 }));
export const simOpArb: fc.Arbitrary<SimOp> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("capture" as const),
      email: fc.nat({ max: 30 }),
      again: fc.boolean(),
      source: fc.nat({ max: sources.length - 1 }),
      ready: fc.boolean(),
      consent: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("handoff" as const),
      lead,
      rep: fc.nat({ max: 2 }),
      override: fc.boolean(),
    }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("accept" as const), lead }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("schedule" as const), lead }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("followUpDue" as const), lead }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("reject" as const),
      lead,
      category: fc.nat({ max: rejectCategories.length }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constantFrom("recycle", "reschedule"), lead }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("rebound" as const), lead }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("followUp" as const),
      lead,
      backMinutes: fc.nat({ max: 3_000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("closeAppointment" as const),
      lead,
      result: fc.nat({ max: 2 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("won" as const), lead, win: fc.nat({ max: 1 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("lost" as const),
      lead,
      reason: fc.nat({ max: 3 }),
      after: fc.nat({ max: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("qualifyOut" as const), lead, reason: fc.nat({ max: 3 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("breach" as const), lead, returnToMarketing: fc.boolean() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      minutes: fc.oneof(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 60 * 24 * 12 })),
    }),
  },
);

const actor: Actor = { kind: "api_key", id: "key_sim", name: "simulator" };
const acting: Acting = { actor, anyRep: true };
const sweepActor: Actor = { kind: "system", id: "sweeper" };

export class LeadSimulator {
  now = Date.parse("2026-01-05T08:00:00.000Z");
  readonly leads: Lead[] = [];
  readonly timelines = new Map<string, LeadEvent[]>();
  private readonly byEmail = new Map<string, Lead>();
  private seq = 0;
  private readonly ids = { next: () => `ID${String(++this.seq).padStart(8, "0")}` };
  /** The default policy, with an agreed follow-up cadence so its windows are met and missed. */
  readonly policy: SalesReadyPolicy = {
    ...defaultPolicyInput,
    sla: { ...defaultPolicyInput.sla, followUps: ["P1D", "P3D", "P6D"] },
    version: 1,
    createdAt: "2026-01-01T00:00:00.000Z",
    createdBy: "default",
  };

  get at(): string {
    return new Date(this.now).toISOString();
  }

  /** All events, in the order they were recorded. */
  events(): LeadEvent[] {
    return [...this.timelines.values()].flat().sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
  }

  run(ops: readonly SimOp[]): this {
    for (const op of ops) {
      this.now += 60_000; // every action a minute after the previous one
      try {
        this.apply(op);
      } catch (error) {
        // An action the lead's state does not allow is what the API would refuse; skip it.
        if (!(error instanceof DomainError)) throw error;
      }
    }
    return this;
  }

  private commit(before: Lead | undefined, decision: Pick<Decision, "lead" | "events"> | null, who = actor) {
    if (!decision) return;
    const recorded = recordChange({ ids: this.ids }, before, decision.lead, decision.events, who, this.at);
    const index = before ? this.leads.findIndex((l) => l.id === before.id) : -1;
    if (index >= 0) this.leads[index] = recorded.lead;
    else this.leads.push(recorded.lead);
    this.byEmail.set(recorded.lead.email, recorded.lead);
    this.timelines.set(recorded.lead.id, [
      ...(this.timelines.get(recorded.lead.id) ?? []),
      ...recorded.events,
    ]);
  }

  /** Runs a lead action's decision as the action runner would, with what it declared it needs. */
  private act<I, N extends ActionNeeds>(
    lead: Lead,
    action: LeadAction<I, N>,
    input: I,
    params: Record<string, string> = {},
  ) {
    const ctx = {
      at: this.at,
      acting,
      params,
      salesPolicy: this.policy,
      reboundPolicy: defaultReboundPolicy,
      newId: this.ids.next(),
    } as ActionContext;
    this.commit(lead, action.decide(lead, input, ctx as never));
  }

  private apply(op: SimOp) {
    if (op.kind === "advance") {
      this.now += op.minutes * 60_000;
      return;
    }
    if (op.kind === "capture") {
      // Again: one of the latest leads comes back (a touch, or a return when it was closed).
      const recent = op.again ? this.leads[this.leads.length - 1 - (op.email % 4)] : undefined;
      const email = recent?.email ?? `person${op.email}@example.com`;
      const current = this.byEmail.get(email);
      const input = {
        email,
        source: sources[op.source]!,
        signals: op.ready ? ready : weak,
        consent: { marketing: op.consent },
      } as never;
      const { result, drafts } = decideCapture(current, input, () => this.ids.next(), this.at, this.policy);
      this.commit(current, { lead: result.lead, events: drafts });
      return;
    }
    const count = this.leads.length;
    const lead = this.leads[(((count - 1 - op.lead) % count) + count) % count];
    if (!lead) return;
    const inHours = (hours: number) => new Date(this.now + hours * 3_600_000).toISOString();
    const open = lead.appointments?.find((a) => a.status === "scheduled");
    switch (op.kind) {
      case "handoff":
        return this.act(lead, handOffAction, {
          repId: reps[op.rep]!,
          notes: { summary: "sim" },
          ...(op.override ? { override: { reason: "asked for a call" } } : {}),
        });
      case "accept":
        return this.act(lead, acceptAction, undefined);
      case "reject": {
        const category = rejectCategories[op.category];
        return this.act(lead, rejectAction, { reason: "not now", ...(category ? { category } : {}) });
      }
      case "followUpDue": {
        const next = lead.handoff?.followUps?.find((p) => !p.settled);
        if (!next || lead.status !== "accepted") return;
        this.now = Math.max(this.now, Date.parse(next.dueAt) + 60_000);
        const decided = decideFollowUpDue(lead, { handoffId: lead.handoff!.id }, this.at);
        if (decided.kind === "breach") this.commit(lead, decided.decision, sweepActor);
        return;
      }
      case "followUp": {
        const at = new Date(this.now - op.backMinutes * 60_000).toISOString();
        return this.act(lead, followUpAction, { channel: "phone", note: "called", at });
      }
      case "schedule":
        return this.act(lead, scheduleAppointmentAction, { at: inHours(1) });
      case "reschedule":
        if (open) this.act(lead, rescheduleAppointmentAction, { at: inHours(2) }, { appointmentId: open.id });
        return;
      case "closeAppointment":
        if (!open) return;
        this.now = Math.max(this.now, Date.parse(open.at) + 60_000);
        return this.act(
          lead,
          closeAppointmentAction,
          { result: results[op.result]! },
          { appointmentId: open.id },
        );
      case "won":
        return this.act(lead, wonAction, { kind: winKinds[op.win]! });
      case "recycle":
        return this.act(lead, recycleAction, { followUpAt: inHours(7 * 24), reason: "later" });
      case "lost": {
        const reboundAfter = [undefined, "PT6H", "P3D"][op.after];
        return this.act(lead, lostAction, {
          reason: lostReasons[op.reason]!,
          ...(reboundAfter ? { reboundAfter } : {}),
        });
      }
      case "qualifyOut": {
        // A well-behaved client asks for a rebound only where the policy allows one (issue 12:
        // a reason the policy marks "never" with reboundAfter is refused).
        const reason = qoReasons[op.reason]!;
        return this.act(
          lead,
          qualifyOutAction,
          defaultReboundPolicy.reasons[reason] === "never" ? { reason } : { reason, reboundAfter: "P2D" },
        );
      }
      case "breach": {
        const kind = runningSla(lead.status);
        const handoff = lead.handoff;
        if (!kind || !handoff) return;
        const dueAt = kind === "accept" ? handoff.acceptDueAt : handoff.outcomeDueAt;
        if (dueAt) this.now = Math.max(this.now, Date.parse(dueAt) + 60_000);
        const action = op.returnToMarketing ? "return_to_marketing" : "flag";
        const decided = decideBreach(lead, { kind, handoffId: handoff.id }, action, { at: this.at });
        if (decided.kind === "breach") this.commit(lead, decided.decision, sweepActor);
        return;
      }
      case "rebound":
        return this.resurface(lead);
    }
  }

  /** What the rebound sweep decides for the lead's earliest pending entry, once it is due. */
  private resurface(lead: Lead) {
    const entry = [...(lead.rebound?.pending ?? [])].sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1))[0];
    if (!entry) return;
    this.now = Math.max(this.now, Date.parse(entry.dueAt) + 60_000);
    const decided = decideResurface(lead, { leadId: lead.id, ...entry }, this.at);
    if (decided.outcome !== "done") this.commit(lead, decided.decision, sweepActor);
  }
}
