import { scheduledJob } from "./schedules";
import { stageSettings } from "./stage";
import { streamReader } from "./stream";

const settings = stageSettings($app.stage);

/**
 * The report projector: the table stream's second reader (beside the event forwarder). It
 * adds each timeline event to the report counters, once per event id. Only event inserts
 * reach it: its own counter writes are on the stream too. Stream batches it gave up on go to
 * ReportProjectorDeadLetters: replay them by hand, or rebuild with the backfill.
 */
const projector = streamReader("ReportProjector", {
  handler: "packages/functions/src/reports/projector.handler",
  // Inserts of change items only (one item per change, its events inside; see
  // packages/core/src/store/change-items.ts): the projector expands them as the forwarder does.
  filters: [{ eventName: ["INSERT"], dynamodb: { NewImage: { entity: { S: ["change"] } } } }],
});
export const reportProjector = projector.reader;
export const reportDeadLetters = projector.deadLetters;

/**
 * Re-qualification after a sales-ready policy is published: each run walks a bounded number
 * of captured and nurturing leads from where the last run stopped (a job item holds the
 * cursor), so a new definition reaches every open lead without re-capture. Run like the
 * sweeps, with their retries and dead letters.
 */
export const requalification = scheduledJob(
  "Requalification",
  "packages/functions/src/reports/requalify.handler",
  settings.sweeps.slaSchedule,
);
