import * as z from "../kernel/zod";
import { count, groupRows, periodKey, periodKeys, periodSchema, rate, ratio, type Sums } from "./assemble";
import type { CounterRow } from "./counters";
import type { DayRange } from "./range";

export const funnelGroupings = ["week", "month", "source", "campaign"] as const;
export type FunnelGrouping = (typeof funnelGroupings)[number];

export const NO_CAMPAIGN = "(none)";

export const funnelRowSchema = z.object({
  key: z.string().check(z.describe("The week (its Monday), month, source (type:id) or campaign.")),
  entered: count().check(z.describe("Passes that began: new leads, plus leads that came back.")),
  enteredBy: z.object({ new: count(), rebound: count(), returning: count() }),
  salesReady: count().check(z.describe("Passes that reached sales_ready (or further).")),
  handedOff: count(),
  accepted: count(),
  won: count(),
  wonBy: z.object({ sale: count(), introductoryOrder: count() }),
  handoffs: count().check(
    z.describe(
      "Hand-offs made (a pass may be handed off again after a rejection; a reassignment to another rep counts as one).",
    ),
  ),
  overrides: count().check(
    z.describe("Hand-offs of leads that did not meet the policy, with a stated reason."),
  ),
  conversion: z.object({
    salesReady: ratio().check(z.describe("salesReady / entered")),
    handedOff: ratio().check(z.describe("handedOff / salesReady")),
    accepted: ratio().check(z.describe("accepted / handedOff")),
    won: ratio().check(z.describe("won / accepted")),
    overall: ratio().check(z.describe("won / entered")),
  }),
  leadsPerSale: z.nullable(z.number()).check(z.describe("entered / won; null without a win.")),
});
export type FunnelRow = z.infer<typeof funnelRowSchema>;

export const funnelReportSchema = z
  .object({
    report: z.literal("funnel"),
    ...periodSchema,
    groupBy: z.enum(funnelGroupings),
    totals: funnelRowSchema,
    groups: z.array(funnelRowSchema),
  })
  .check(
    z.describe(
      "Leads are counted in the period their pass began (capture, rebound or return); the stages they reached since are credited to that pass, so recent periods are still maturing.",
    ),
  );
export type FunnelReport = z.infer<typeof funnelReportSchema>;

export function funnelRow(key: string, s: Sums): FunnelRow {
  const entered = s.get("reached.entered");
  const salesReady = s.get("reached.sales_ready");
  const handedOff = s.get("reached.handed_off");
  const accepted = s.get("reached.accepted");
  const won = s.get("reached.won");
  return {
    key,
    entered,
    enteredBy: { new: 0, rebound: 0, returning: 0 },
    salesReady,
    handedOff,
    accepted,
    won,
    wonBy: { sale: s.get("won.sale"), introductoryOrder: s.get("won.introductory_order") },
    handoffs: s.get("handoffs"),
    overrides: s.get("overrides"),
    conversion: {
      salesReady: rate(salesReady, entered),
      handedOff: rate(handedOff, salesReady),
      accepted: rate(accepted, handedOff),
      won: rate(won, accepted),
      overall: rate(won, entered),
    },
    leadsPerSale: won > 0 ? Math.round((entered / won) * 100) / 100 : null,
  };
}

/** The funnel from `funnel` counter rows of the period. */
export function buildFunnel(
  rows: readonly CounterRow[],
  range: DayRange,
  groupBy: FunnelGrouping,
): FunnelReport {
  const keyOf = (row: CounterRow) =>
    groupBy === "source"
      ? row.dims.source!
      : groupBy === "campaign"
        ? row.dims.campaign || NO_CAMPAIGN
        : periodKey(row.day, groupBy);
  const time = groupBy === "week" || groupBy === "month";
  const { total, groups } = groupRows(rows, keyOf, time ? periodKeys(range, groupBy) : undefined);
  // Entry split: the same sums, per entry dimension.
  const entries = (filter: (row: CounterRow) => boolean) => groupRows(rows.filter(filter), keyOf);
  const byEntry = {
    new: entries((r) => r.dims.entry === "new"),
    rebound: entries((r) => r.dims.entry === "rebound"),
    returning: entries((r) => r.dims.entry === "returning"),
  };
  const withEntries = (key: string | undefined, row: FunnelRow): FunnelRow => {
    const pick = (g: ReturnType<typeof entries>) =>
      (key === undefined ? g.total : g.groups.get(key))?.get("reached.entered") ?? 0;
    return {
      ...row,
      enteredBy: {
        new: pick(byEntry.new),
        rebound: pick(byEntry.rebound),
        returning: pick(byEntry.returning),
      },
    };
  };
  return {
    report: "funnel",
    ...range,
    groupBy,
    totals: withEntries(undefined, funnelRow("total", total)),
    groups: [...groups.entries()].map(([key, sums]) => withEntries(key, funnelRow(key, sums))),
  };
}
