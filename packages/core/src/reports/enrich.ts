import type { LeadEvent } from "../events/envelope";
import {
  type Attribution,
  attributionSchema,
  eventOfStage,
  type FunnelStage,
  funnelStages,
  inSales,
  type Journey,
  stageOfStatus,
} from "../lead/journey";

/*
 * The backfill's view of a timeline: events recorded before report facts existed get the
 * attribution the decision would have stamped, told from the events before them (the same
 * rules as lead/journey.ts, read from the timeline instead of the lead); events that carry
 * attribution keep it, and the fold follows it. What comes out can be projected like any
 * live event, and the final pass is the journey a lead that predates journeys should carry.
 */

/** The status an event leaves the lead in, from the event alone. */
function statusAfter(event: LeadEvent, current: string): string {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case "lead.captured":
      return "captured";
    case "lead.qualified":
    case "lead.sla_breached":
      return typeof data.to === "string" ? data.to : current;
    case "lead.rejected":
    case "lead.returned":
      return "nurturing";
    case "lead.reassigned":
      return "handed_off";
    case "lead.handed_off":
    case "lead.accepted":
    case "lead.won":
    case "lead.lost":
    case "lead.recycled":
    case "lead.qualified_out":
    case "lead.rebounded":
      return event.type.slice("lead.".length);
    default:
      return current;
  }
}

interface HandoffState {
  id: string;
  at: string;
  repId: string;
  acceptDueAt?: string;
  outcomeDueAt?: string;
  breached: Set<string>;
}

/** A timeline (one lead, in version order) with every event attributed, and the lead's pass at its end. */
export function attributeTimeline(timeline: readonly LeadEvent[]): {
  events: LeadEvent[];
  journey?: Journey;
} {
  let status = "none";
  let source: Attribution["source"] | undefined;
  let journey: Journey | undefined;
  let handoff: HandoffState | undefined;
  let lastFollowUpAt = "";
  const out: LeadEvent[] = [];
  const changes: LeadEvent[][] = [];
  for (const event of timeline) {
    const last = changes.at(-1);
    if (last && last[0]!.version === event.version) last.push(event);
    else changes.push([event]);
  }

  for (const change of changes) {
    const at = change[0]!.at;
    const before = status;
    const handoffBefore = handoff && { ...handoff, breached: new Set(handoff.breached) };
    for (const event of change) status = statusAfter(event, status);
    for (const event of change) {
      const d = event.data as Record<string, unknown>;
      if (event.type === "lead.captured") {
        const s = d.source as { type: Attribution["source"]["type"]; id?: string; campaign?: string };
        source = {
          type: s.type,
          ...(s.id ? { id: s.id } : {}),
          ...(s.campaign ? { campaign: s.campaign } : {}),
        };
      }
      if (event.type === "lead.handed_off" || event.type === "lead.reassigned")
        handoff = {
          id: String(d.handoffId ?? event.eventId),
          at: event.at,
          repId: String(d.repId),
          ...(typeof d.acceptDueAt === "string" ? { acceptDueAt: d.acceptDueAt } : {}),
          breached: new Set(),
        };
      if (event.type === "lead.accepted" && handoff && typeof d.outcomeDueAt === "string")
        handoff.outcomeDueAt = d.outcomeDueAt;
    }
    const stamped = change.map((e) =>
      attributionSchema.safeParse((e.data as Record<string, unknown>).attribution),
    );
    const known = stamped.find((s) => s.success)?.data;
    if (known) {
      // Recorded with report facts: follow them.
      source = known.source;
      const reached = new Set([
        ...(journey && journey.n === known.journey.n ? journey.reached : []),
        ...stamped.flatMap((s) => (s.success ? (s.data.reached ?? []) : [])),
      ]);
      journey = { ...known.journey, reached: funnelStages.filter((s) => reached.has(s)) };
    } else if (source) {
      const types = change.map((e) => e.type);
      if (types.includes("lead.captured")) journey = { n: 0, entry: "new", at, reached: [] };
      else if (types.includes("lead.rebounded"))
        journey = { n: (journey?.n ?? 0) + 1, entry: "rebound", at, reached: [] };
      else if (types.includes("lead.returned") && before !== "rebounded")
        journey = { n: (journey?.n ?? 0) + 1, entry: "returning", at, reached: [] };
      journey ??= { n: 0, entry: "new", at, reached: [] };
      const furthest = stageOfStatus[status];
      const upTo = funnelStages.slice(0, (furthest ? funnelStages.indexOf(furthest) : 0) + 1);
      const reachedNow = upTo.filter((s) => !journey!.reached.includes(s));
      const reachedBy = new Map<number, FunnelStage[]>();
      for (const stage of reachedNow) {
        const index = Math.max(
          0,
          change.findIndex((e) => eventOfStage[stage].includes(e.type)),
        );
        reachedBy.set(index, [...(reachedBy.get(index) ?? []), stage]);
      }
      const context = handoff && (inSales(before) || inSales(status)) ? handoff : undefined;
      const breachIndex = change.findIndex((e) => e.type === "lead.sla_breached");
      const sla = settled(change, breachIndex, before, status, handoffBefore, at);
      change.forEach((event, index) => {
        const d = event.data as Record<string, unknown>;
        const attribution: Attribution = {
          source: source!,
          journey: { n: journey!.n, entry: journey!.entry, at: journey!.at },
        };
        const reached = reachedBy.get(index);
        if (reached) attribution.reached = reached;
        if (context) attribution.handoff = { id: context.id, at: context.at, repId: context.repId };
        if (sla && index === Math.max(0, breachIndex)) attribution.sla = sla;
        if (
          event.type === "lead.follow_up_logged" &&
          context &&
          typeof d.at === "string" &&
          d.at >= context.at &&
          lastFollowUpAt < context.at
        )
          attribution.firstFollowUp = true;
        change[index] = { ...event, data: { ...d, attribution } };
      });
      journey = { ...journey, reached: [...journey.reached, ...reachedNow] };
    }
    for (const event of change) {
      const d = event.data as Record<string, unknown>;
      if (event.type === "lead.sla_breached" && handoff) handoff.breached.add(String(d.kind));
      if (event.type === "lead.follow_up_logged" && typeof d.at === "string" && d.at > lastFollowUpAt)
        lastFollowUpAt = d.at;
    }
    out.push(...change);
  }
  return journey ? { events: out, journey } : { events: out };
}

/** The deadline a change settled (the rule of lead/journey.ts, from events). */
function settled(
  change: LeadEvent[],
  breachIndex: number,
  before: string,
  after: string,
  handoff: HandoffState | undefined,
  at: string,
): Attribution["sla"] {
  if (breachIndex >= 0)
    return { kind: (change[breachIndex]!.data as { kind: "accept" | "outcome" }).kind, kept: false };
  if (change.some((e) => e.type === "lead.reassigned")) return undefined;
  const kind = before === "handed_off" ? "accept" : before === "accepted" ? "outcome" : undefined;
  if (!kind || !handoff || after === before) return undefined;
  const dueAt = kind === "accept" ? handoff.acceptDueAt : handoff.outcomeDueAt;
  if (!dueAt) return undefined;
  if (at <= dueAt) return { kind, kept: true };
  return handoff.breached.has(kind) ? undefined : { kind, kept: false };
}
