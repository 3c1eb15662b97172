import { METRICS_NAMESPACE, metricDimensions, type metricNames } from "./metric-names";

export type MetricName = (typeof metricNames)[keyof typeof metricNames];
type Unit = "Count" | "Seconds";

export interface Metrics {
  /** Records `value` of `name` now, with the stage and any extra dimensions. */
  put(name: MetricName, value: number, unit: Unit, dimensions?: Record<string, string>): void;
}

/**
 * CloudWatch metrics as Embedded Metric Format log lines: CloudWatch Logs turns each line into
 * a metric datapoint, with no API call and no agent. One line per datapoint, written straight
 * to stdout for the same reason as the logs (see log.ts). Names are the ones infra alarms on
 * (metric-names.ts).
 */
export function createMetrics(
  stage: string,
  write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
  now: () => number = Date.now,
): Metrics {
  return {
    put(name, value, unit, dimensions = {}) {
      const all = { [metricDimensions.stage]: stage, ...dimensions };
      write(
        JSON.stringify({
          _aws: {
            Timestamp: now(),
            CloudWatchMetrics: [
              {
                Namespace: METRICS_NAMESPACE,
                Dimensions: [Object.keys(all)],
                Metrics: [{ Name: name, Unit: unit }],
              },
            ],
          },
          ...all,
          [name]: value,
        }),
      );
    },
  };
}
