import type { SlaSweepResult, SweepReport } from "@rebound/core/usecases";
import { metricNames, type Observability, type SweepName } from "../observability";

/**
 * What every run of a sweep leaves behind, wherever it ran (the scheduled Lambda, the admin
 * route, npm start's timer): one info line with the counts, one error line per failed entry
 * (the lead's id and the error, never its data), and the two metrics the alarms watch: how
 * far behind the sweep is, and how many entries failed.
 */
export function recordSweep(
  { log, metrics }: Observability,
  sweep: SweepName,
  report: SweepReport | SlaSweepResult,
): void {
  const { failures, ...counts } = report;
  // A run that found nothing to do is a debug line: npm start runs the sweeps every few seconds.
  const busy = report.lagSeconds > 0 || report.failed > 0;
  (busy ? log.info : log.debug)(`${sweep} sweep`, counts);
  for (const failure of failures) log.error("sweep entry failed", { sweep, ...failure });
  metrics.put(metricNames.sweepLag, report.lagSeconds, "Seconds", { Sweep: sweep });
  metrics.put(metricNames.sweepEntryFailures, report.failed, "Count", { Sweep: sweep });
}
