import type { LeadEvent } from "@rebound/core/events";
import { type MetricName, metricNames, type Observability } from "../observability";
import type { DeadLetteredResult } from "./dead-letters";

/** The domain counts CloudWatch shows, by the event that records each fact. */
const counted: Record<string, MetricName> = {
  "lead.captured": metricNames.captures,
  "lead.touched": metricNames.touches,
  "lead.handed_off": metricNames.handOffs,
  "lead.sla_breached": metricNames.slaBreaches,
  "lead.rebounded": metricNames.rebounds,
};

/**
 * What a forwarded batch leaves behind: the domain metrics (captures, touches, hand-offs, SLA
 * breaches, rebounds), counted from the events the outbox delivered, so every path that
 * changes a lead (API, imports, sweeps) is counted in one place and each event once; the
 * forwarder's failures (metric and log lines); and an info line when anything moved.
 */
export function recordForwarded({ log, metrics }: Observability, result: DeadLetteredResult): void {
  const counts = new Map<MetricName, number>();
  for (const event of result.delivered as LeadEvent[]) {
    const metric = counted[event.type];
    if (metric) counts.set(metric, (counts.get(metric) ?? 0) + 1);
  }
  for (const [metric, value] of counts) metrics.put(metric, value, "Count");
  if (result.notPublished > 0) metrics.put(metricNames.forwarderFailures, result.notPublished, "Count");
  for (const rejected of result.rejected)
    log.error(
      result.deadLetterError
        ? "event rejected by the bus; dead-lettering failed, batch retried"
        : "event rejected by the bus; dead-lettered",
      {
        eventId: rejected.eventId,
        code: rejected.code,
        reason: rejected.message,
        ...(result.deadLetterError ? { deadLetterError: result.deadLetterError } : {}),
      },
    );
  if (result.retryFrom && !result.deadLetterError)
    log.warn("batch not fully published; resuming from a record", { retryFrom: result.retryFrom });
  if (result.published > 0 || result.notPublished > 0)
    log.info("events forwarded", {
      published: result.published,
      deadLettered: result.deadLettered,
      notPublished: result.notPublished,
    });
}
