import * as z from "../kernel/zod";
import { byReason, count, groupRows, medianSchema, periodSchema, rate, ratio, type Sums } from "./assemble";
import type { CounterRow } from "./counters";
import { NO_CAMPAIGN } from "./funnel";
import type { DayRange } from "./range";

export const sourceGroupings = ["source", "type", "campaign"] as const;
export type SourceGrouping = (typeof sourceGroupings)[number];

export const sourceRowSchema = z.object({
  key: z.string().check(z.describe("The source (type:id), source type, or campaign.")),
  entered: count().check(z.describe("Volume: passes that began from this source in the period.")),
  salesReady: count(),
  salesReadyRate: ratio().check(z.describe("salesReady / entered")),
  handoffs: count(),
  accepted: count(),
  acceptRate: ratio().check(z.describe("accepted / handoffs")),
  rejected: count(),
  rejectRate: ratio().check(z.describe("rejected / handoffs")),
  rejectReasons: byReason(),
  won: count(),
  winRate: ratio().check(z.describe("won / entered")),
  medianHoursToAccept: medianSchema,
  qualifiedOut: count(),
  qualifiedOutReasons: byReason(),
  lost: count(),
  lostReasons: byReason(),
});
export type SourceRow = z.infer<typeof sourceRowSchema>;

export const sourcesReportSchema = z
  .object({
    report: z.literal("sources"),
    ...periodSchema,
    groupBy: z.enum(sourceGroupings),
    totals: sourceRowSchema,
    groups: z.array(sourceRowSchema),
  })
  .check(
    z.describe(
      "Source quality, by the source a lead first came from; counted in the period its pass began (see the funnel).",
    ),
  );
export type SourcesReport = z.infer<typeof sourcesReportSchema>;

function sourceRow(key: string, s: Sums): SourceRow {
  const entered = s.get("reached.entered");
  const handoffs = s.get("handoffs");
  return {
    key,
    entered,
    salesReady: s.get("reached.sales_ready"),
    salesReadyRate: rate(s.get("reached.sales_ready"), entered),
    handoffs,
    accepted: s.get("accepted"),
    acceptRate: rate(s.get("accepted"), handoffs),
    rejected: s.get("rejected"),
    rejectRate: rate(s.get("rejected"), handoffs),
    rejectReasons: s.byKey("rejected"),
    won: s.get("reached.won"),
    winRate: rate(s.get("reached.won"), entered),
    medianHoursToAccept: s.median("accept"),
    qualifiedOut: s.total("qualified_out"),
    qualifiedOutReasons: s.byKey("qualified_out"),
    lost: s.total("lost"),
    lostReasons: s.byKey("lost"),
  };
}

/** Source quality from `funnel` counter rows of the period. */
export function buildSources(
  rows: readonly CounterRow[],
  range: DayRange,
  groupBy: SourceGrouping,
): SourcesReport {
  const keyOf = (row: CounterRow) =>
    groupBy === "source"
      ? row.dims.source!
      : groupBy === "type"
        ? row.dims.source!.split(":")[0]!
        : row.dims.campaign || NO_CAMPAIGN;
  const { total, groups } = groupRows(rows, keyOf);
  return {
    report: "sources",
    ...range,
    groupBy,
    totals: sourceRow("total", total),
    groups: [...groups.entries()].map(([key, sums]) => sourceRow(key, sums)),
  };
}
