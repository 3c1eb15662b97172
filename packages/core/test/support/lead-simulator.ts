import fc from "fast-check";
import { DomainError } from "../../src/errors";
import type { Actor, LeadEvent } from "../../src/events/envelope";
import type { AppointmentResult, LostReason, QualifiedOutReason, WonKind } from "../../src/handoff";
import {
  decideCloseAppointment,
  decideFollowUp,
  decideReschedule,
  decideSchedule,
} from "../../src/handoff/activities";
import type { Acting, DecideContext } from "../../src/handoff/context";
import { decideAccept, decideHandOff, decideReject } from "../../src/handoff/handoff";
import { decideLost, decideQualifyOut, decideRecycle, decideWon } from "../../src/handoff/outcomes";
import { decideBreach, runningSla } from "../../src/handoff/sla";
import { decideCapture } from "../../src/lead/capture-lead";
import { type EventDraft, toEvents } from "../../src/lead/context";
import { withJourney } from "../../src/lead/journey";
import type { Lead } from "../../src/lead/lead";
import type { Decision } from "../../src/lead/mutate";
import { defaultPolicyInput, type SalesReadyPolicy } from "../../src/qualification/policy";
import { withReboundPlan, withReboundsCancelled } from "../../src/rebound/outcomes";
import { defaultReboundPolicy } from "../../src/rebound/policy";
import type { SlaQueueActions } from "../../src/store/sla-queue";

/*
 * Random lead histories made by the real pure decisions (capture, hand-off, accept, reject,
 * follow-ups, appointments, outcomes, SLA breaches, rebounds, returns), committed the way
 * the use cases commit them: decision → report facts (withJourney) → catalogue events. What
 * comes out is a set of timelines, as the table would hold them.
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
const winKinds: WonKind[] = ["sale", "introductory_order"];
const results: AppointmentResult[] = ["held", "prospect_no_show", "missed_by_rep"];

export type SimOp =
  | { kind: "capture"; email: number; again: boolean; source: number; ready: boolean; consent: boolean }
  | { kind: "handoff"; lead: number; rep: number; override: boolean }
  | { kind: "accept" | "reject" | "recycle" | "schedule" | "reschedule" | "rebound"; lead: number }
  | { kind: "followUp"; lead: number; backMinutes: number }
  | { kind: "closeAppointment"; lead: number; result: number }
  | { kind: "won"; lead: number; win: number }
  | { kind: "lost"; lead: number; reason: number; after: number }
  | { kind: "qualifyOut"; lead: number; reason: number }
  | { kind: "breach"; lead: number; returnToMarketing: boolean }
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
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constantFrom("reject", "recycle", "reschedule"), lead }),
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

const noQueue: SlaQueueActions = {
  open: (leadId, kind) => ({ label: `sla_open_${kind}`, action: { Put: { Item: { leadId } } } }),
  close: (leadId, kind) => ({ label: `sla_close_${kind}`, action: { Delete: { Key: { leadId } } } }),
};
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
  readonly policy: SalesReadyPolicy = {
    ...defaultPolicyInput,
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
    const stamped = withJourney(before, decision.lead, decision.events as EventDraft[], this.at);
    const events = toEvents({ ids: this.ids }, stamped.lead, stamped.events, who, this.at);
    const index = before ? this.leads.findIndex((l) => l.id === before.id) : -1;
    if (index >= 0) this.leads[index] = stamped.lead;
    else this.leads.push(stamped.lead);
    this.byEmail.set(stamped.lead.email, stamped.lead);
    this.timelines.set(stamped.lead.id, [...(this.timelines.get(stamped.lead.id) ?? []), ...events]);
  }

  private ctx(): DecideContext {
    return { at: this.at, acting, queue: noQueue };
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
    const ctx = this.ctx();
    switch (op.kind) {
      case "handoff": {
        const input = {
          repId: reps[op.rep]!,
          notes: { summary: "sim" },
          ...(op.override ? { override: { reason: "asked for a call" } } : {}),
        };
        return this.commit(lead, decideHandOff(lead, input, this.policy, this.ids.next(), ctx));
      }
      case "accept":
        return this.commit(lead, decideAccept(lead, ctx));
      case "reject":
        return this.commit(lead, decideReject(lead, "not now", ctx));
      case "followUp": {
        const at = new Date(this.now - op.backMinutes * 60_000).toISOString();
        return this.commit(lead, decideFollowUp(lead, { channel: "phone", note: "called", at }, ctx));
      }
      case "schedule":
        return this.commit(
          lead,
          decideSchedule(lead, { at: new Date(this.now + 3_600_000).toISOString() }, this.ids.next(), ctx),
        );
      case "reschedule": {
        const open = lead.appointments?.find((a) => a.status === "scheduled");
        if (!open) return;
        return this.commit(
          lead,
          decideReschedule(lead, open.id, { at: new Date(this.now + 7_200_000).toISOString() }, ctx),
        );
      }
      case "closeAppointment": {
        const open = lead.appointments?.find((a) => a.status === "scheduled");
        if (!open) return;
        this.now = Math.max(this.now, Date.parse(open.at) + 60_000);
        return this.commit(
          lead,
          decideCloseAppointment(lead, open.id, { result: results[op.result]! }, this.ctx()),
        );
      }
      case "won":
        return this.commit(
          lead,
          withReboundsCancelled(decideWon(lead, { kind: winKinds[op.win]! }, ctx), lead),
        );
      case "recycle":
        return this.commit(
          lead,
          withReboundsCancelled(
            decideRecycle(
              lead,
              { followUpAt: new Date(this.now + 7 * 86_400_000).toISOString(), reason: "later" },
              ctx,
            ),
            lead,
          ),
        );
      case "lost": {
        const reason = lostReasons[op.reason]!;
        const reboundAfter = [undefined, "PT6H", "P3D"][op.after];
        const input = { reason, ...(reboundAfter ? { reboundAfter } : {}) };
        return this.commit(
          lead,
          withReboundPlan(
            decideLost(lead, input, ctx),
            lead,
            { kind: "lost", ...input },
            defaultReboundPolicy,
            this.at,
          ),
        );
      }
      case "qualifyOut": {
        const input = { reason: qoReasons[op.reason]!, reboundAfter: "P2D" };
        return this.commit(
          lead,
          withReboundPlan(
            decideQualifyOut(lead, input, ctx),
            lead,
            { kind: "qualified_out", ...input },
            defaultReboundPolicy,
            this.at,
          ),
        );
      }
      case "breach": {
        const kind = runningSla(lead.status);
        const handoff = lead.handoff;
        if (!kind || !handoff) return;
        const dueAt = kind === "accept" ? handoff.acceptDueAt : handoff.outcomeDueAt;
        if (dueAt) this.now = Math.max(this.now, Date.parse(dueAt) + 60_000);
        const decided = decideBreach(
          lead,
          { kind, handoffId: handoff.id },
          op.returnToMarketing ? "return_to_marketing" : "flag",
          {
            at: this.at,
            queue: noQueue,
          },
        );
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
    const at = this.at;
    const rest = lead.rebound!.pending.filter((p) => p.cycle !== entry.cycle);
    const eligible =
      lead.consent?.marketing === true && ["lost", "qualified_out", "rebounded"].includes(lead.status);
    if (!eligible) {
      const cause = lead.consent?.marketing === true ? "superseded" : "consent_withdrawn";
      return this.commit(
        lead,
        {
          lead: {
            ...lead,
            rebound: { ...lead.rebound!, pending: rest },
            updatedAt: at,
            version: lead.version + 1,
          },
          events: [
            { type: "lead.rebound_cancelled", data: { dueAt: entry.dueAt, cycle: entry.cycle, cause } },
          ],
        },
        sweepActor,
      );
    }
    return this.commit(
      lead,
      {
        lead: {
          ...lead,
          status: "rebounded",
          rebound: { ...lead.rebound!, pending: rest, last: { cycle: entry.cycle, at } },
          updatedAt: at,
          version: lead.version + 1,
        },
        events: [
          {
            type: "lead.rebounded",
            data: { cycle: entry.cycle, from: entry.from, reason: entry.reason, segment: "rebound" },
          },
        ],
      },
      sweepActor,
    );
  }
}
