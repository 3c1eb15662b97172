import { runtimeEnvironment, runtimeLinks } from "./environment";
import { lambdaNodejs, tracing, tracingPermissions } from "./lambda";
import { stageSettings } from "./stage";

const settings = stageSettings($app.stage);

/**
 * One queue for every scheduled run (sweeps, re-qualification) that finally failed: the scheduler could not invoke the
 * function (CronV2 `dlq`), or the function threw on every asynchronous retry (on-failure
 * destination). Sweeps are idempotent, so the fix is to look at the message and rerun.
 */
export const sweepDeadLetters = new sst.aws.Queue("SweepDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 60 * 60 } },
});

/** A function run on a schedule (the sweeps, re-qualification): idempotent, resumable runs. */
export function scheduledJob(
  name: string,
  handler: string,
  schedule: typeof settings.sweeps.reboundSchedule,
) {
  return new sst.aws.CronV2(name, {
    schedule,
    // Scheduler-side retries: the invoke itself failed (throttled, service error).
    retries: 3,
    dlq: sweepDeadLetters.arn,
    function: {
      handler,
      runtime: "nodejs22.x",
      nodejs: lambdaNodejs,
      architecture: "arm64",
      memory: "512 MB",
      // A sweep stops early and resumes next run; the timeout only bounds a stuck run.
      timeout: "5 minutes",
      // Scheduler invokes asynchronously; Lambda retries a thrown sweep twice, then
      // hands the event to the dead-letter queue.
      retries: 2,
      logging: { retention: settings.logRetention, format: "json" },
      environment: runtimeEnvironment,
      link: runtimeLinks,
      permissions: [{ actions: ["sqs:SendMessage"], resources: [sweepDeadLetters.arn] }, tracingPermissions],
      transform: {
        function: tracing,
        eventInvokeConfig: {
          destinationConfig: { onFailure: { destination: sweepDeadLetters.arn } },
        },
      },
    },
  });
}

export const reboundSweep = scheduledJob(
  "ReboundSweep",
  "packages/functions/src/sweeps/rebound.handler",
  settings.sweeps.reboundSchedule,
);
export const slaSweep = scheduledJob(
  "SlaSweep",
  "packages/functions/src/sweeps/sla.handler",
  settings.sweeps.slaSchedule,
);
