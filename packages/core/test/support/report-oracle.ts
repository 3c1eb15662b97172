import type { LeadEvent } from "../../src/events/envelope";

/*
 * The brute-force recount: reads each lead's timeline in order, like a person with the
 * event catalogue in hand, and counts every report figure directly. It never looks at the
 * report facts stamped on the events (`data.attribution`): it tells passes, stages, hand-offs
 * and deadlines from the sequence of events itself. The property test checks that the
 * projection (per event, any order, duplicates) and the report assembly agree with it.
 */

const stages = ["entered", "sales_ready", "handed_off", "accepted", "won"] as const;
type Stage = (typeof stages)[number];
const stageOf: Record<string, Stage> = {
  sales_ready: "sales_ready",
  handed_off: "handed_off",
  accepted: "accepted",
  won: "won",
};

export interface Pass {
  day: string;
  source: string;
  campaign: string;
  entry: "new" | "rebound" | "returning";
  reached: Set<Stage>;
  handoffs: number;
  overrides: number;
  accepted: number;
  acceptMs: number[];
  rejected: string[];
  wonKind?: string;
  lost: string[];
  qualifiedOut: string[];
}

/** One thing a rep did or was charged with, on the day it happened. */
export interface RepFact {
  day: string;
  rep: string;
  what: string;
  ms?: number;
}

/** One rebound-loop fact; `cycle` for scheduled/due/cancelled/rebounded. */
export interface ReboundFact {
  day: string;
  what: string;
  cycle?: number;
  by?: number;
}

export interface Recount {
  passes: Pass[];
  repFacts: RepFact[];
  reboundFacts: ReboundFact[];
}

const day = (at: string) => at.slice(0, 10);
const sales = (s: string) => s === "handed_off" || s === "accepted";

/** Status after an event, from the event alone (undefined: the event does not move the lead). */
function statusAfter(event: LeadEvent, current: string): string {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case "lead.captured":
      return "captured";
    case "lead.qualified":
    case "lead.sla_breached":
      return typeof d.to === "string" ? d.to : current;
    case "lead.handed_off":
      return "handed_off";
    case "lead.accepted":
      return "accepted";
    case "lead.rejected":
    case "lead.returned":
      return "nurturing";
    case "lead.won":
      return "won";
    case "lead.lost":
      return "lost";
    case "lead.recycled":
      return "recycled";
    case "lead.qualified_out":
      return "qualified_out";
    case "lead.rebounded":
      return "rebounded";
    default:
      return current;
  }
}

export function recount(timelines: Iterable<LeadEvent[]>): Recount {
  const out: Recount = { passes: [], repFacts: [], reboundFacts: [] };
  for (const timeline of timelines) recountLead(timeline, out);
  return out;
}

function recountLead(timeline: LeadEvent[], out: Recount) {
  let status = "none";
  let pass: Pass | undefined;
  let source = "";
  let campaign = "";
  let handoff:
    | { at: string; repId: string; acceptDueAt: string; outcomeDueAt?: string; breached: Set<string> }
    | undefined;
  let lastFollowUpAt = "";
  const changes = new Map<number, LeadEvent[]>();
  for (const event of timeline) changes.set(event.version, [...(changes.get(event.version) ?? []), event]);

  for (const events of [...changes.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e)) {
    const at = events[0]!.at;
    const before = status;
    const types = events.map((e) => e.type);
    const captured = events.find((e) => e.type === "lead.captured");
    if (captured) {
      const s = captured.data.source as { type: string; id?: string; campaign?: string };
      source = s.id ? `${s.type}:${s.id}` : s.type;
      campaign = s.campaign ?? "";
    }
    const startPass = (entry: Pass["entry"]) => {
      pass = {
        day: day(at),
        source,
        campaign,
        entry,
        reached: new Set(),
        handoffs: 0,
        overrides: 0,
        accepted: 0,
        acceptMs: [],
        rejected: [],
        lost: [],
        qualifiedOut: [],
      };
      out.passes.push(pass);
    };
    if (captured) startPass("new");
    else if (types.includes("lead.rebounded")) startPass("rebound");
    else if (types.includes("lead.returned") && before !== "rebounded") startPass("returning");
    for (const event of events) status = statusAfter(event, status);
    const previousHandoff = handoff;
    const handedOff = events.find((e) => e.type === "lead.handed_off");
    if (handedOff) {
      const d = handedOff.data as { repId: string; acceptDueAt: string };
      handoff = { at, repId: d.repId, acceptDueAt: d.acceptDueAt, breached: new Set() };
    }
    const accepted = events.find((e) => e.type === "lead.accepted");
    if (accepted && handoff) handoff.outcomeDueAt = String(accepted.data.outcomeDueAt);
    const context = handoff && (sales(before) || sales(status)) ? handoff : undefined;

    // Stages: the furthest stage of the status reached, and every stage before it.
    if (pass) {
      const furthest = stageOf[status];
      for (const stage of stages.slice(0, (furthest ? stages.indexOf(furthest) : 0) + 1))
        pass.reached.add(stage);
    }

    // A deadline settles when the lead leaves the status it runs in.
    const breach = events.find((e) => e.type === "lead.sla_breached");
    if (breach && context)
      out.repFacts.push({ day: day(at), rep: context.repId, what: `sla.${breach.data.kind}.missed` });
    else if (previousHandoff && sales(before) && status !== before) {
      const kind = before === "handed_off" ? "accept" : "outcome";
      const due = kind === "accept" ? previousHandoff.acceptDueAt : previousHandoff.outcomeDueAt;
      if (due && at <= due)
        out.repFacts.push({ day: day(at), rep: previousHandoff.repId, what: `sla.${kind}.kept` });
      else if (due && !previousHandoff.breached.has(kind))
        out.repFacts.push({ day: day(at), rep: previousHandoff.repId, what: `sla.${kind}.missed` });
    }
    if (breach && handoff) handoff.breached.add(String(breach.data.kind));

    for (const event of events) {
      const d = event.data as Record<string, unknown>;
      const rep = (what: string, repId: string | undefined, ms?: number) => {
        if (repId)
          out.repFacts.push({ day: day(event.at), rep: repId, what, ...(ms !== undefined ? { ms } : {}) });
      };
      const rebound = (what: string, on = day(event.at), by = 1) =>
        out.reboundFacts.push({
          day: on,
          what,
          by,
          ...(typeof d.cycle === "number" ? { cycle: d.cycle } : {}),
        });
      switch (event.type) {
        case "lead.handed_off":
          if (pass) {
            pass.handoffs++;
            if (d.override) pass.overrides++;
          }
          rep("handoffs", String(d.repId));
          if (d.override) rep("overrides", String(d.repId));
          break;
        case "lead.accepted": {
          const ms = context ? Date.parse(event.at) - Date.parse(context.at) : undefined;
          if (pass) {
            pass.accepted++;
            if (ms !== undefined) pass.acceptMs.push(ms);
          }
          rep("accepted", context?.repId ?? String(d.repId));
          if (ms !== undefined) rep("accept_time", context?.repId, ms);
          break;
        }
        case "lead.rejected":
          pass?.rejected.push(typeof d.category === "string" ? d.category : "unspecified");
          rep("rejected", context?.repId ?? String(d.repId));
          rep(
            `rejected.${typeof d.category === "string" ? d.category : "unspecified"}`,
            context?.repId ?? String(d.repId),
          );
          break;
        case "lead.sla_breached":
          rep(`breaches.${d.kind}`, context?.repId ?? String(d.repId));
          if (d.action === "returned_to_marketing") rep("returned", context?.repId ?? String(d.repId));
          break;
        case "lead.appointment_scheduled":
          rep("appointments.scheduled", context?.repId);
          break;
        case "lead.appointment_rescheduled":
          rep("appointments.rescheduled", context?.repId);
          break;
        case "lead.appointment_closed":
          rep(`appointments.${d.result}`, typeof d.repId === "string" ? d.repId : context?.repId);
          break;
        case "lead.follow_up_logged": {
          const contactAt = String(d.at);
          if (context) {
            rep("followups.logged", context.repId);
            if (d.cadence) rep("followups.met", context.repId);
            if (contactAt >= context.at && lastFollowUpAt < context.at)
              rep("first_follow_up", context.repId, Date.parse(contactAt) - Date.parse(context.at));
          }
          if (contactAt > lastFollowUpAt) lastFollowUpAt = contactAt;
          break;
        }
        case "lead.follow_up_overdue":
          rep("followups.overdue", context?.repId ?? String(d.repId));
          break;
        case "lead.won":
          if (pass) pass.wonKind = String(d.kind);
          rep("outcomes.won", context?.repId);
          break;
        case "lead.lost":
          pass?.lost.push(String(d.reason));
          rep("outcomes.lost", context?.repId);
          rebound(`lost.${d.reason}`);
          break;
        case "lead.recycled":
          rep("outcomes.recycled", context?.repId);
          break;
        case "lead.qualified_out":
          pass?.qualifiedOut.push(String(d.reason));
          rebound(`qualified_out.${d.reason}`);
          break;
        case "lead.returned":
          rebound(`returned.${d.from}`);
          break;
        case "lead.rebound_scheduled":
          rebound("scheduled");
          rebound("due", day(String(d.dueAt)));
          break;
        case "lead.rebound_cancelled":
          rebound(`cancelled.${d.cause}`);
          rebound("due", day(String(d.dueAt)), -1);
          break;
        case "lead.rebounded":
          rebound("rebounded");
          break;
      }
    }
  }
}

/** The exact lower median (⌈n/2⌉-th smallest) of durations, in ms. */
export function exactMedian(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1];
}
