import type { CounterFamily, CounterRow } from "./counters";
import type { AnyReport } from "./csv";
import { buildFunnel, type FunnelGrouping, funnelGroupings, funnelReportSchema } from "./funnel";
import type { DayRange } from "./range";
import { buildRebounds, type ReboundGrouping, reboundGroupings, reboundsReportSchema } from "./rebounds";
import { buildReps, type RepGrouping, repGroupings, repsReportSchema } from "./reps";
import { buildSources, type SourceGrouping, sourceGroupings, sourcesReportSchema } from "./sources";

/** The four reports: which counter families each reads, how it may be grouped, its default grouping. */
export const reportCatalog = {
  funnel: {
    families: ["funnel"],
    groupings: funnelGroupings,
    defaultGroupBy: "week",
    schema: funnelReportSchema,
  },
  sources: {
    families: ["funnel"],
    groupings: sourceGroupings,
    defaultGroupBy: "source",
    schema: sourcesReportSchema,
  },
  reps: { families: ["rep"], groupings: repGroupings, defaultGroupBy: "rep", schema: repsReportSchema },
  rebounds: {
    families: ["rebound", "funnel"],
    groupings: reboundGroupings,
    defaultGroupBy: "cycle",
    schema: reboundsReportSchema,
  },
} as const satisfies Record<
  string,
  {
    families: readonly CounterFamily[];
    groupings: readonly string[];
    defaultGroupBy: string;
    schema: unknown;
  }
>;
export type ReportKind = keyof typeof reportCatalog;
export const reportKinds = Object.keys(reportCatalog) as ReportKind[];

/** A report from the rows of the families it reads (pure). */
export function assembleReport(
  kind: ReportKind,
  rows: Partial<Record<CounterFamily, readonly CounterRow[]>>,
  range: DayRange,
  groupBy: string,
): AnyReport {
  const of = (family: CounterFamily) => rows[family] ?? [];
  switch (kind) {
    case "funnel":
      return buildFunnel(of("funnel"), range, groupBy as FunnelGrouping);
    case "sources":
      return buildSources(of("funnel"), range, groupBy as SourceGrouping);
    case "reps":
      return buildReps(of("rep"), range, groupBy as RepGrouping);
    case "rebounds":
      return buildRebounds(of("rebound"), of("funnel"), range, groupBy as ReboundGrouping);
  }
}
