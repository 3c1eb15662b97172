import * as z from "../kernel/zod";
import type { EventDraft } from "./decision";
import type { Lead } from "./lead";
import type { LeadStatus } from "./status";
import { sourceTypes } from "./vocabulary";

/**
 * A lead's *journey*: one pass through the funnel. Pass 0 starts at capture; every time the
 * lead comes back (the rebound sweep resurfaces it, or it returns by itself from lost or
 * qualified out) a new pass starts. Reports credit a pass to the day it began (its cohort),
 * and count each stage at most once per pass, so stage-to-stage rates never exceed 100 %.
 */
export const funnelStages = ["entered", "sales_ready", "handed_off", "accepted", "won"] as const;
export type FunnelStage = (typeof funnelStages)[number];

/** How a pass began: a new lead, a rebound by the sweep, or a lost lead returning by itself. */
export const journeyEntries = ["new", "rebound", "returning"] as const;
export type JourneyEntry = (typeof journeyEntries)[number];

export const journeySchema = z.object({
  /** 0 for the first pass; +1 for each comeback. */
  n: z.number(),
  entry: z.enum(journeyEntries),
  /** When the pass began. */
  at: z.string(),
  /** Stages reached in this pass (cumulative: reaching `accepted` implies the stages before it). */
  reached: z.array(z.enum(funnelStages)),
});
export type Journey = z.infer<typeof journeySchema>;

const slaKindsOf = ["accept", "outcome"] as const;

/**
 * What every event carries so that a report projection never reads the lead: where the lead
 * came from, which pass of the funnel it is in, the stages this event reached first in that
 * pass, the hand-off it belongs to, and whether it settled a hand-off deadline. No personal
 * data: kept figures stay anonymous when a person is erased.
 */
export const attributionSchema = z.strictObject({
  source: z.strictObject({
    type: z.enum(sourceTypes),
    id: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    campaign: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  }),
  journey: z.strictObject({
    n: z.int().check(z.nonnegative()),
    entry: z.enum(journeyEntries),
    at: z.iso.datetime(),
  }),
  reached: z.optional(z.array(z.enum(funnelStages)).check(z.minLength(1), z.maxLength(funnelStages.length))),
  handoff: z.optional(
    z.strictObject({
      id: z.string().check(z.minLength(1), z.maxLength(128)),
      at: z.iso.datetime(),
      repId: z.string().check(z.minLength(1), z.maxLength(128)),
    }),
  ),
  /** A hand-off deadline this change settled: kept (met in time) or missed (breached, or met late). */
  sla: z.optional(z.strictObject({ kind: z.enum(slaKindsOf), kept: z.boolean() })),
  /** On a follow-up: the first contact made since the hand-off (reports time it from the hand-off). */
  firstFollowUp: z.optional(z.literal(true)),
});
export type Attribution = z.infer<typeof attributionSchema>;

/** The furthest stage a status stands for; marketing statuses after entry stand for none. */
export const stageOfStatus: Partial<Record<string, FunnelStage>> = {
  sales_ready: "sales_ready",
  handed_off: "handed_off",
  accepted: "accepted",
  won: "won",
};

/** The event that explains reaching a stage, where the change has one. */
export const eventOfStage: Record<FunnelStage, readonly string[]> = {
  entered: ["lead.captured", "lead.rebounded", "lead.returned"],
  sales_ready: ["lead.qualified"],
  handed_off: ["lead.handed_off"],
  accepted: ["lead.accepted"],
  won: ["lead.won"],
};

/** The statuses in which a hand-off is running (its SLA context applies). */
export const inSales = (status: string | undefined) => status === "handed_off" || status === "accepted";

/** The hand-off deadline running in a status. */
const slaOfStatus: Partial<Record<LeadStatus, "accept" | "outcome">> = {
  handed_off: "accept",
  accepted: "outcome",
};

function stagesUpTo(stage: FunnelStage | undefined): FunnelStage[] {
  const end = stage ? funnelStages.indexOf(stage) : 0;
  return funnelStages.slice(0, end + 1);
}

/**
 * The pass of a lead stored before journeys existed: counted from its capture, with the
 * stages its status implies. `npm run reports:backfill` replaces it with the pass its
 * timeline tells, so this guess only lives until the backfill has run.
 */
export function legacyJourney(lead: Lead): Journey {
  return { n: 0, entry: "new", at: lead.createdAt, reached: stagesUpTo(stageOfStatus[lead.status]) };
}

/** The pass a change leaves the lead in. */
function nextJourney(before: Lead | undefined, after: Lead, drafts: EventDraft[], at: string): Journey {
  if (!before) return { n: 0, entry: "new", at: after.createdAt, reached: [] };
  const previous = before.journey ?? legacyJourney(before);
  const has = (type: string) => drafts.some((d) => d.type === type);
  if (has("lead.rebounded")) return { n: previous.n + 1, entry: "rebound", at, reached: [] };
  // A rebounded lead that comes back by itself is the rebound working: the same pass goes on.
  if (has("lead.returned") && before.status !== "rebounded")
    return { n: previous.n + 1, entry: "returning", at, reached: [] };
  return previous;
}

/** The deadline this change settled, if any (pure; from the lead before and after). */
function settledSla(before: Lead | undefined, after: Lead, drafts: EventDraft[], at: string) {
  const breach = drafts.find((d) => d.type === "lead.sla_breached");
  if (breach) return { kind: breach.data.kind as "accept" | "outcome", kept: false };
  // A reassignment ends the previous rep's clock without meeting or missing it.
  if (drafts.some((d) => d.type === "lead.reassigned")) return undefined;
  const kind = before ? slaOfStatus[before.status] : undefined;
  const handoff = before?.handoff;
  if (!kind || !handoff || after.status === before.status) return undefined;
  const dueAt = kind === "accept" ? handoff.acceptDueAt : handoff.outcomeDueAt;
  if (!dueAt) return undefined;
  if (at <= dueAt) return { kind, kept: true };
  // Late: a miss, unless the sweep already recorded the breach (then that was the miss).
  return handoff.breaches.some((b) => b.kind === kind) ? undefined : { kind, kept: false };
}

/** A follow-up made at or after the hand-off, when none logged before was (by when it happened). */
function firstContact(before: Lead | undefined, handoff: { at: string }, draft: EventDraft): boolean {
  const at = typeof draft.data.at === "string" ? draft.data.at : undefined;
  return at !== undefined && at >= handoff.at && (before?.followUps?.lastAt ?? "") < handoff.at;
}

/**
 * Stamps the report facts onto a change (pure): advances the lead's journey, and gives every
 * event of the change its `attribution`. Called once per committed change, by the use cases
 * that commit lead changes (capture, mutateLead), after the decision.
 */
export function withJourney(
  before: Lead | undefined,
  after: Lead,
  drafts: EventDraft[],
  at: string,
): { lead: Lead; events: EventDraft[] } {
  if (drafts.length === 0) return { lead: after, events: drafts };
  const journey = nextJourney(before, after, drafts, at);
  const reachedNow = stagesUpTo(stageOfStatus[after.status]).filter((s) => !journey.reached.includes(s));
  const source = after.origin;
  const base: Attribution = {
    source: {
      type: source.type,
      ...(source.id ? { id: source.id } : {}),
      ...(source.campaign ? { campaign: source.campaign } : {}),
    },
    journey: { n: journey.n, entry: journey.entry, at: journey.at },
  };
  const handoff = after.handoff ?? before?.handoff;
  if (handoff && (inSales(before?.status) || inSales(after.status)))
    base.handoff = { id: handoff.id, at: handoff.at, repId: handoff.repId };
  const sla = settledSla(before, after, drafts, at);
  const breachIndex = drafts.findIndex((d) => d.type === "lead.sla_breached");
  // Each newly reached stage goes on the event that explains it (the first event otherwise).
  const reachedBy = new Map<number, FunnelStage[]>();
  for (const stage of reachedNow) {
    const found = drafts.findIndex((d) => eventOfStage[stage].includes(d.type));
    const index = Math.max(found, 0);
    reachedBy.set(index, [...(reachedBy.get(index) ?? []), stage]);
  }
  const events = drafts.map((draft, index) => {
    const attribution: Attribution = { ...base };
    const reached = reachedBy.get(index);
    if (reached) attribution.reached = reached;
    if (sla && index === Math.max(0, breachIndex)) attribution.sla = sla;
    if (draft.type === "lead.follow_up_logged" && base.handoff && firstContact(before, base.handoff, draft))
      attribution.firstFollowUp = true;
    return { ...draft, data: { ...draft.data, attribution } };
  });
  return {
    lead: { ...after, journey: { ...journey, reached: [...journey.reached, ...reachedNow] } },
    events,
  };
}
