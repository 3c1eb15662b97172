import {
  METRICS_NAMESPACE,
  metricDimensions,
  metricNames,
  type SweepName,
} from "../packages/functions/src/observability/metric-names";
import { api } from "./api";
import { eventDeadLetters } from "./dead-letters";
import { forwarder, forwarderDeadLetters } from "./events";
import { reportDeadLetters, reportProjector, requalification } from "./reports";
import { reboundSweep, slaSweep, sweepDeadLetters } from "./schedules";
import { stageSettings } from "./stage";

const settings = stageSettings($app.stage);
const thresholds = settings.alarms;

/**
 * The stage's alarm topic: every alarm below notifies it when it fires and when it clears.
 * Subscribe people or tools to it (docs/operations.md, "Alarms"); stage settings may add
 * email subscriptions.
 */
export const alarmTopic = new sst.aws.SnsTopic("Alarms");
export const alarmEmails = thresholds.emails.map(
  (email, i) =>
    new aws.sns.TopicSubscription(`AlarmEmail${i}`, {
      topic: alarmTopic.arn,
      protocol: "email",
      endpoint: email,
    }),
);

const prefix = `${$app.name}-${$app.stage}`;
const notify = { alarmActions: [alarmTopic.arn], okActions: [alarmTopic.arn] };
const minutes = (n: number) => n * 60;
/** Fires when something failed in two consecutive periods (one failure is retried by the next run). */
const inTwoRunsInARow = {
  evaluationPeriods: 2,
  datapointsToAlarm: 2,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: 1,
  treatMissingData: "notBreaching",
} as const;

/** Each dead-letter queue: anything in it is something that did not happen and needs a person. */
const queues = [
  ["event-dead-letters", eventDeadLetters, "events the bus rejected for good (replay after fixing)"],
  ["forwarder-dead-letters", forwarderDeadLetters, "stream batches the forwarder gave up on"],
  [
    "sweep-dead-letters",
    sweepDeadLetters,
    "scheduled runs that could not be invoked or threw on every retry",
  ],
  ["report-dead-letters", reportDeadLetters, "stream batches the report projector gave up on"],
] as const;
export const deadLetterAlarms = queues.map(
  ([name, queue, what]) =>
    new aws.cloudwatch.MetricAlarm(`Alarm-${name}`, {
      name: `${prefix}-${name}-not-empty`,
      alarmDescription: `${name} holds messages: ${what}. See docs/operations.md#${name}.`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queue.nodes.queue.name },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treatMissingData: "notBreaching",
      ...notify,
    }),
);

/** Minutes between runs of a `rate(…)` schedule; an hour for `cron(…)` ones. */
function everyMinutes(schedule: string): number {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(schedule);
  if (!match) return 60;
  return Number(match[1]) * { minute: 1, hour: 60, day: 1_440 }[match[2] as "minute" | "hour" | "day"];
}

const sweeps = [
  ["rebound", reboundSweep, everyMinutes(settings.sweeps.reboundSchedule)],
  ["sla", slaSweep, everyMinutes(settings.sweeps.slaSchedule)],
] as const satisfies readonly (readonly [SweepName, unknown, number])[];

export const sweepAlarms = sweeps.flatMap(([sweep, cron, everyMinutes]) => {
  const dimensions = { [metricDimensions.stage]: $app.stage, [metricDimensions.sweep]: sweep };
  const lag = thresholds.sweepLagMinutes[sweep];
  return [
    // The run itself failed (threw, timed out, or could not start).
    new aws.cloudwatch.MetricAlarm(`Alarm-${sweep}-sweep-errors`, {
      name: `${prefix}-${sweep}-sweep-errors`,
      alarmDescription: `The ${sweep} sweep function failed. See docs/operations.md#sweep-failures.`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: cron.nodes.function.name },
      statistic: "Sum",
      period: minutes(everyMinutes),
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treatMissingData: "notBreaching",
      ...notify,
    }),
    // Runs completed but some entries failed, in two runs in a row (one failure is retried by the next run).
    new aws.cloudwatch.MetricAlarm(`Alarm-${sweep}-sweep-entry-failures`, {
      name: `${prefix}-${sweep}-sweep-entry-failures`,
      alarmDescription: `The ${sweep} sweep keeps failing on some entries. See docs/operations.md#sweep-failures.`,
      namespace: METRICS_NAMESPACE,
      metricName: metricNames.sweepEntryFailures,
      dimensions,
      statistic: "Sum",
      period: minutes(everyMinutes),
      ...inTwoRunsInARow,
      ...notify,
    }),
    // Due work older than the threshold, or no run reported at all in that window.
    new aws.cloudwatch.MetricAlarm(`Alarm-${sweep}-sweep-lag`, {
      name: `${prefix}-${sweep}-sweep-lag`,
      alarmDescription: `The ${sweep} sweep is more than ${lag} minutes behind, or has not run. See docs/operations.md#sweep-lag.`,
      namespace: METRICS_NAMESPACE,
      metricName: metricNames.sweepLag,
      dimensions,
      statistic: "Maximum",
      period: minutes(lag),
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: minutes(lag),
      treatMissingData: "breaching",
      ...notify,
    }),
  ];
});

/** Share of API answers that were 5xx, once there is enough traffic for a share to mean something. */
export const api5xxAlarm = new aws.cloudwatch.MetricAlarm("Alarm-api-5xx", {
  name: `${prefix}-api-5xx-rate`,
  alarmDescription: `More than ${thresholds.api5xxPercent}% of API requests answered 5xx. See docs/operations.md#api-5xx-rate.`,
  metricQueries: [
    {
      id: "errors",
      metric: {
        namespace: "AWS/ApiGateway",
        metricName: "5xx",
        dimensions: { ApiId: api.nodes.api.id },
        stat: "Sum",
        period: 300,
      },
      returnData: false,
    },
    {
      id: "requests",
      metric: {
        namespace: "AWS/ApiGateway",
        metricName: "Count",
        dimensions: { ApiId: api.nodes.api.id },
        stat: "Sum",
        period: 300,
      },
      returnData: false,
    },
    {
      id: "rate",
      label: "5xx % of requests",
      expression: `IF(requests >= ${thresholds.api5xxMinRequests}, 100 * errors / requests, 0)`,
      returnData: true,
    },
  ],
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
  comparisonOperator: "GreaterThanThreshold",
  threshold: thresholds.api5xxPercent,
  treatMissingData: "notBreaching",
  ...notify,
});

/** A reader of the table's stream falls behind (records are kept 24 hours, then lost to it). */
const streamReaders = [
  ["forwarder", forwarder, "Events wait more than %m minutes to reach the bus"],
  ["report-projector", reportProjector, "Report counters lag the timelines by more than %m minutes"],
] as const;
export const iteratorAgeAlarms = streamReaders.map(
  ([name, reader, what]) =>
    new aws.cloudwatch.MetricAlarm(`Alarm-${name}-iterator-age`, {
      name: `${prefix}-${name}-iterator-age`,
      alarmDescription: `${what.replace("%m", String(thresholds.forwarderIteratorAgeMinutes))}. See docs/operations.md#${name}-iterator-age.`,
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: reader.nodes.function.name },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: "GreaterThanThreshold",
      threshold: thresholds.forwarderIteratorAgeMinutes * 60_000,
      treatMissingData: "notBreaching",
      ...notify,
    }),
);

/** A re-qualification run failed (threw, timed out, could not start); the next run resumes. */
export const requalificationErrorsAlarm = new aws.cloudwatch.MetricAlarm("Alarm-requalification-errors", {
  name: `${prefix}-requalification-errors`,
  alarmDescription: "The re-qualification function failed. See docs/operations.md#requalification-failures.",
  namespace: "AWS/Lambda",
  metricName: "Errors",
  dimensions: { FunctionName: requalification.nodes.function.name },
  statistic: "Sum",
  period: minutes(everyMinutes(settings.sweeps.slaSchedule)),
  ...inTwoRunsInARow,
  ...notify,
});
