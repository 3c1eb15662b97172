/**
 * The custom CloudWatch metrics Rebound emits (as EMF log lines) and infra/alarms.ts alarms
 * on: one list, so a renamed metric cannot leave an alarm watching nothing. Plain data, no
 * imports: infra type-checks it with SST's compiler settings.
 */
export const METRICS_NAMESPACE = "Rebound";

/** Every metric carries the stage; sweep metrics also name the sweep. */
export const metricDimensions = { stage: "Stage", sweep: "Sweep" } as const;
export type SweepName = "rebound" | "sla";

export const metricNames = {
  captures: "Captures",
  touches: "Touches",
  handOffs: "HandOffs",
  slaBreaches: "SlaBreaches",
  rebounds: "Rebounds",
  /** Age in seconds of the oldest due entry a sweep found (0 when none was due): how far behind it is. */
  sweepLag: "SweepLagSeconds",
  /** Entries a sweep run could not process (they are retried next run). */
  sweepEntryFailures: "SweepEntryFailures",
  /** Form posts dropped because their honeypot field was filled (bots). */
  honeypotCatches: "HoneypotCatches",
  /** Events the bus rejected for good (dead-lettered) or that could not be published this batch. */
  forwarderFailures: "ForwarderFailures",
} as const;
