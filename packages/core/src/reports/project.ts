import type { LeadEvent } from "../events/envelope";
import { type Attribution, attributionSchema } from "../lead/journey";
import { type Dims, dayOf, type Increment } from "./counters";
import { bucketOf, histogramMetric } from "./histogram";

/**
 * The projection (pure): what one event adds to the report counters. It reads the event and
 * nothing else (no lead, no earlier event), so it can run on any delivery, in any order,
 * and the store applies it once per event id. Facts an event needs for this are stamped on
 * it at the decision (`data.attribution`, lead/journey.ts); an event without them (written
 * before they existed) adds only what it says itself, until the backfill rebuilds.
 */
export function project(event: LeadEvent): Increment[] {
  const data = event.data as Record<string, unknown>;
  const parsed = data.attribution === undefined ? undefined : attributionSchema.safeParse(data.attribution);
  const attribution = parsed?.success ? parsed.data : undefined;
  return [
    ...funnelIncrements(event, data, attribution),
    ...repIncrements(event, data, attribution),
    ...reboundIncrements(event, data),
  ];
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const msBetween = (from: string, to: string) => new Date(to).getTime() - new Date(from).getTime();

/** The funnel dimensions of a pass: its source, campaign and entry. */
export function funnelDims(attribution: Attribution): Dims {
  const { source, journey } = attribution;
  return {
    source: source.id ? `${source.type}:${source.id}` : source.type,
    campaign: source.campaign ?? "",
    entry: journey.entry,
  };
}

function funnelIncrements(
  event: LeadEvent,
  data: Record<string, unknown>,
  attribution: Attribution | undefined,
): Increment[] {
  if (!attribution) return [];
  const day = dayOf(attribution.journey.at);
  const dims = funnelDims(attribution);
  const out: Increment[] = [];
  const add = (metric: string, by = 1) => out.push({ family: "funnel", day, dims, metric, by });
  for (const stage of attribution.reached ?? []) add(`reached.${stage}`);
  switch (event.type) {
    case "lead.handed_off":
      add("handoffs");
      if (data.override) add("overrides");
      break;
    // A manager's reassignment is a new hand-off the new rep accepts or rejects: counted as one,
    // so accepted / handoffs stays a rate (the stage itself was reached once, by the first).
    case "lead.reassigned":
      add("handoffs");
      break;
    case "lead.accepted":
      add("accepted");
      if (attribution.handoff)
        add(histogramMetric("accept", bucketOf(msBetween(attribution.handoff.at, event.at))));
      break;
    case "lead.rejected":
      add("rejected");
      add(`rejected.${str(data.category) ?? "unspecified"}`);
      break;
    case "lead.won":
      add(`won.${str(data.kind) ?? "sale"}`);
      break;
    case "lead.lost":
      add(`lost.${str(data.reason) ?? "other"}`);
      break;
    case "lead.qualified_out":
      add(`qualified_out.${str(data.reason) ?? "other"}`);
      break;
  }
  return out;
}

function repIncrements(
  event: LeadEvent,
  data: Record<string, unknown>,
  attribution: Attribution | undefined,
): Increment[] {
  const out: Increment[] = [];
  const day = dayOf(event.at);
  const add = (rep: string | undefined, metric: string, by = 1) => {
    if (rep) out.push({ family: "rep", day, dims: { rep }, metric, by });
  };
  const handoff = attribution?.handoff;
  const rep = handoff?.repId ?? str(data.repId);
  if (attribution?.sla)
    add(handoff?.repId, `sla.${attribution.sla.kind}.${attribution.sla.kept ? "kept" : "missed"}`);
  switch (event.type) {
    case "lead.handed_off":
      add(str(data.repId), "handoffs");
      if (data.override) add(str(data.repId), "overrides");
      break;
    case "lead.reassigned":
      // Received by the new rep (data.repId; attribution.handoff is already the new hand-off).
      add(str(data.repId), "handoffs");
      break;
    case "lead.accepted":
      add(rep, "accepted");
      if (handoff) add(rep, histogramMetric("accept", bucketOf(msBetween(handoff.at, event.at))));
      break;
    case "lead.rejected":
      add(rep, "rejected");
      add(rep, `rejected.${str(data.category) ?? "unspecified"}`);
      break;
    case "lead.sla_breached":
      add(rep, `breaches.${str(data.kind) ?? "accept"}`);
      if (data.action === "returned_to_marketing") add(rep, "returned");
      break;
    case "lead.appointment_scheduled":
      add(handoff?.repId, "appointments.scheduled");
      break;
    case "lead.appointment_rescheduled":
      add(handoff?.repId, "appointments.rescheduled");
      break;
    case "lead.appointment_closed":
      // The appointment's own rep: it may close after the lead left them.
      add(str(data.repId) ?? handoff?.repId, `appointments.${str(data.result) ?? "held"}`);
      break;
    case "lead.follow_up_logged":
      // Only follow-ups on a hand-off are the rep's; marketing also logs on leads it nurtures.
      if (!handoff) break;
      add(handoff.repId, "followups.logged");
      if (data.cadence) add(handoff.repId, "followups.met");
      if (attribution?.firstFollowUp && str(data.at))
        add(
          handoff.repId,
          histogramMetric("first_follow_up", bucketOf(msBetween(handoff.at, String(data.at)))),
        );
      break;
    case "lead.follow_up_overdue":
      add(rep, "followups.overdue");
      break;
    case "lead.won":
    case "lead.lost":
    case "lead.recycled":
      if (handoff) add(handoff.repId, `outcomes.${event.type.slice("lead.".length)}`);
      break;
  }
  return out;
}

function reboundIncrements(event: LeadEvent, data: Record<string, unknown>): Increment[] {
  const out: Increment[] = [];
  const add = (day: string, dims: Dims, metric: string, by = 1) =>
    out.push({ family: "rebound", day, dims, metric, by });
  const today = dayOf(event.at);
  const cycle = typeof data.cycle === "number" ? { cycle: String(data.cycle) } : undefined;
  switch (event.type) {
    case "lead.lost":
      add(today, {}, `lost.${str(data.reason) ?? "other"}`);
      break;
    case "lead.qualified_out":
      add(today, {}, `qualified_out.${str(data.reason) ?? "other"}`);
      break;
    case "lead.returned":
      add(today, {}, `returned.${str(data.from) ?? "lost"}`);
      break;
    case "lead.rebound_scheduled":
      if (!cycle) break;
      add(today, cycle, "scheduled");
      // The forecast: credited to the day the rebound falls due; a cancellation takes it back.
      if (str(data.dueAt)) add(dayOf(String(data.dueAt)), cycle, "due");
      break;
    case "lead.rebound_cancelled":
      if (!cycle) break;
      add(today, cycle, `cancelled.${str(data.cause) ?? "manual"}`);
      if (str(data.dueAt)) add(dayOf(String(data.dueAt)), cycle, "due", -1);
      break;
    case "lead.rebounded":
      if (cycle) add(today, cycle, "rebounded");
      break;
  }
  return out;
}
