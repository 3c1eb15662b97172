import * as z from "../kernel/zod";
import {
  byReason,
  count,
  groupRows,
  netCount,
  periodKey,
  periodKeys,
  periodSchema,
  rate,
  ratio,
  Sums,
} from "./assemble";
import type { CounterRow } from "./counters";
import type { DayRange } from "./range";

export const reboundGroupings = ["cycle", "week", "month"] as const;
export type ReboundGrouping = (typeof reboundGroupings)[number];

const cohortSchema = z.object({
  entered: count(),
  salesReady: count(),
  handedOff: count(),
  won: count(),
  salesReadyRate: ratio().check(z.describe("salesReady / entered")),
  winRate: ratio().check(z.describe("won / entered")),
});

export const reboundFlowSchema = z.object({
  key: z
    .string()
    .check(z.describe("The rebound cycle (1 = first rebound of a lead), week (its Monday) or month.")),
  scheduled: count().check(z.describe("Rebounds scheduled (on the day of the loss).")),
  cancelled: count(),
  cancelledBy: byReason(),
  due: netCount().check(
    z.describe("Rebounds falling due in the period, less those cancelled: a forecast for future periods."),
  ),
  rebounded: count().check(z.describe("Leads the sweep resurfaced into the rebound segment.")),
});
export type ReboundFlow = z.infer<typeof reboundFlowSchema>;

export const reboundsReportSchema = z
  .object({
    report: z.literal("rebounds"),
    ...periodSchema,
    groupBy: z.enum(reboundGroupings),
    losses: z.object({ lost: byReason(), qualifiedOut: byReason() }),
    returning: z
      .object({
        fromLost: count(),
        fromQualifiedOut: count(),
      })
      .check(
        z.describe("Returning rebounders: closed leads that came back by themselves before their rebound."),
      ),
    cohorts: z
      .object({ new: cohortSchema, comeback: cohortSchema, rebound: cohortSchema, returning: cohortSchema })
      .check(
        z.describe(
          "Passes that began in the period: first-time leads (new) next to leads that came back (comeback = rebound + returning).",
        ),
      ),
    requalified: count().check(z.describe("Comeback passes that reached sales_ready again.")),
    wonAfterRebound: count().check(z.describe("Comeback passes that were won.")),
    totals: reboundFlowSchema,
    groups: z.array(reboundFlowSchema),
  })
  .check(
    z.describe(
      "Losses and rebound flows count on the day they happened; cohorts on the day their pass began.",
    ),
  );
export type ReboundsReport = z.infer<typeof reboundsReportSchema>;

function flow(key: string, s: Sums): ReboundFlow {
  return {
    key,
    scheduled: s.get("scheduled"),
    cancelled: s.total("cancelled"),
    cancelledBy: s.byKey("cancelled"),
    due: s.get("due"),
    rebounded: s.get("rebounded"),
  };
}

function cohort(rows: readonly CounterRow[], entries: readonly string[]) {
  const s = new Sums();
  for (const row of rows) if (entries.includes(row.dims.entry!)) s.add(row.counts);
  const entered = s.get("reached.entered");
  return {
    entered,
    salesReady: s.get("reached.sales_ready"),
    handedOff: s.get("reached.handed_off"),
    won: s.get("reached.won"),
    salesReadyRate: rate(s.get("reached.sales_ready"), entered),
    winRate: rate(s.get("reached.won"), entered),
  };
}

/** Rebound effectiveness from the period's `rebound` rows (flows, losses) and `funnel` rows (cohorts). */
export function buildRebounds(
  reboundRows: readonly CounterRow[],
  funnelRows: readonly CounterRow[],
  range: DayRange,
  groupBy: ReboundGrouping,
): ReboundsReport {
  const flows = groupBy === "cycle" ? reboundRows.filter((r) => r.dims.cycle !== undefined) : reboundRows;
  const keyOf = (row: CounterRow) => (groupBy === "cycle" ? row.dims.cycle! : periodKey(row.day, groupBy));
  const { total, groups } = groupRows(
    flows,
    keyOf,
    groupBy === "cycle" ? undefined : periodKeys(range, groupBy),
  );
  const all = new Sums();
  for (const row of reboundRows) all.add(row.counts);
  const ordered =
    groupBy === "cycle"
      ? [...groups.entries()].sort(([a], [b]) => Number(a) - Number(b))
      : [...groups.entries()];
  const comeback = cohort(funnelRows, ["rebound", "returning"]);
  return {
    report: "rebounds",
    ...range,
    groupBy,
    losses: { lost: all.byKey("lost"), qualifiedOut: all.byKey("qualified_out") },
    returning: { fromLost: all.get("returned.lost"), fromQualifiedOut: all.get("returned.qualified_out") },
    cohorts: {
      new: cohort(funnelRows, ["new"]),
      comeback,
      rebound: cohort(funnelRows, ["rebound"]),
      returning: cohort(funnelRows, ["returning"]),
    },
    requalified: comeback.salesReady,
    wonAfterRebound: comeback.won,
    totals: flow("total", total),
    groups: ordered.map(([key, sums]) => flow(key, sums)),
  };
}
