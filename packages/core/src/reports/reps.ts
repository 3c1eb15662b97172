import * as z from "../kernel/zod";
import {
  byReason,
  count,
  groupRows,
  medianSchema,
  periodKey,
  periodKeys,
  periodSchema,
  rate,
  ratio,
  type Sums,
} from "./assemble";
import type { CounterRow } from "./counters";
import type { DayRange } from "./range";

export const repGroupings = ["rep", "week", "month"] as const;
export type RepGrouping = (typeof repGroupings)[number];

const slaSchema = z.object({
  kept: count().check(z.describe("Deadlines met in time.")),
  missed: count().check(z.describe("Deadlines breached, or met late.")),
  compliance: ratio().check(z.describe("kept / (kept + missed)")),
});

export const repRowSchema = z.object({
  key: z.string().check(z.describe("The rep, or the week (its Monday) or month, for the whole team.")),
  handoffs: count().check(z.describe("Hand-offs received (a reassignment to the rep included).")),
  overrides: count(),
  accepted: count(),
  rejected: count(),
  rejectReasons: byReason(),
  acceptSla: slaSchema.check(z.describe("Accept-or-reject deadlines settled in the period.")),
  outcomeSla: slaSchema.check(z.describe("Outcome deadlines settled in the period.")),
  breaches: z.object({ accept: count(), outcome: count() }),
  returnedToMarketing: count().check(z.describe("Breaches that sent the lead back to marketing.")),
  appointments: z.object({
    scheduled: count(),
    rescheduled: count(),
    held: count(),
    prospectNoShow: count(),
    missedByRep: count(),
  }),
  followUps: z.object({
    logged: count().check(z.describe("Follow-ups logged on hand-offs.")),
    due: count().check(z.describe("Agreed follow-ups (policy cadence) that fell due: met + overdue.")),
    met: count(),
    overdue: count(),
    compliance: ratio().check(z.describe("met / due")),
  }),
  outcomes: z.object({ won: count(), lost: count(), recycled: count() }),
  medianHoursToAccept: medianSchema,
  medianHoursToFirstFollowUp: medianSchema.check(
    z.describe("From the hand-off to the first follow-up logged on it."),
  ),
});
export type RepRow = z.infer<typeof repRowSchema>;

export const repsReportSchema = z
  .object({
    report: z.literal("reps"),
    ...periodSchema,
    groupBy: z.enum(repGroupings),
    totals: repRowSchema,
    groups: z.array(repRowSchema),
  })
  .check(z.describe("Rep follow-through, counted on the day each thing happened."));
export type RepsReport = z.infer<typeof repsReportSchema>;

function sla(s: Sums, kind: string) {
  const kept = s.get(`sla.${kind}.kept`);
  const missed = s.get(`sla.${kind}.missed`);
  return { kept, missed, compliance: rate(kept, kept + missed) };
}

function repRow(key: string, s: Sums): RepRow {
  const met = s.get("followups.met");
  const overdue = s.get("followups.overdue");
  return {
    key,
    handoffs: s.get("handoffs"),
    overrides: s.get("overrides"),
    accepted: s.get("accepted"),
    rejected: s.get("rejected"),
    rejectReasons: s.byKey("rejected"),
    acceptSla: sla(s, "accept"),
    outcomeSla: sla(s, "outcome"),
    breaches: { accept: s.get("breaches.accept"), outcome: s.get("breaches.outcome") },
    returnedToMarketing: s.get("returned"),
    appointments: {
      scheduled: s.get("appointments.scheduled"),
      rescheduled: s.get("appointments.rescheduled"),
      held: s.get("appointments.held"),
      prospectNoShow: s.get("appointments.prospect_no_show"),
      missedByRep: s.get("appointments.missed_by_rep"),
    },
    followUps: {
      logged: s.get("followups.logged"),
      due: met + overdue,
      met,
      overdue,
      compliance: rate(met, met + overdue),
    },
    outcomes: {
      won: s.get("outcomes.won"),
      lost: s.get("outcomes.lost"),
      recycled: s.get("outcomes.recycled"),
    },
    medianHoursToAccept: s.median("accept"),
    medianHoursToFirstFollowUp: s.median("first_follow_up"),
  };
}

/** Rep follow-through from `rep` counter rows of the period. */
export function buildReps(rows: readonly CounterRow[], range: DayRange, groupBy: RepGrouping): RepsReport {
  const keyOf = (row: CounterRow) => (groupBy === "rep" ? row.dims.rep! : periodKey(row.day, groupBy));
  const { total, groups } = groupRows(
    rows,
    keyOf,
    groupBy === "rep" ? undefined : periodKeys(range, groupBy),
  );
  return {
    report: "reps",
    ...range,
    groupBy,
    totals: repRow("total", total),
    groups: [...groups.entries()].map(([key, sums]) => repRow(key, sums)),
  };
}
