import type { FunnelReport } from "./funnel";
import type { ReboundsReport } from "./rebounds";
import type { RepsReport } from "./reps";
import type { SourcesReport } from "./sources";

export type AnyReport = FunnelReport | SourcesReport | RepsReport | ReboundsReport;

type Flat = Record<string, string | number | boolean>;

/** Nested figures as dotted columns (`conversion.won`, `rejectReasons.no_potential`); null is empty. */
function flatten(value: unknown, prefix = "", out: Flat = {}): Flat {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = "";
  } else if (typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else out[prefix] = value as string | number | boolean;
  return out;
}

const quote = (v: string | number | boolean | undefined) => {
  const s = v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * A report as one CSV table (RFC 4180): a `total` row, then one row per group. Reason
 * columns are the union over all rows; report-level figures that are not per group (the
 * rebound report's losses and cohorts) are columns of the total row.
 */
export function reportCsv(report: AnyReport): string {
  const { totals, groups } = report;
  const summary =
    report.report === "rebounds"
      ? flatten({
          losses: report.losses,
          returning: report.returning,
          cohorts: report.cohorts,
          requalified: report.requalified,
          wonAfterRebound: report.wonAfterRebound,
        })
      : {};
  const rows: Flat[] = [{ ...flatten(totals), ...summary }, ...groups.map((g) => flatten(g))];
  const columns: string[] = [];
  const known = new Set<string>();
  for (const row of rows)
    for (const column of Object.keys(row))
      if (!known.has(column)) {
        known.add(column);
        columns.push(column);
      }
  const lines = [
    columns.map(quote).join(","),
    ...rows.map((row) => columns.map((c) => quote(row[c])).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}
