import { randomUUID } from "node:crypto";
import { errorFields, type Logger, withLogContext } from "@rebound/functions/observability";

/** A job the local runner repeats on a timer, standing in for an EventBridge Scheduler schedule. */
export interface LocalSchedule {
  name: string;
  everyMs: number;
  /** One run; `correlationId` names it on its log lines and on the events it writes. */
  run(correlationId: string): Promise<unknown>;
}

/**
 * Runs each schedule on its own timer; a run never overlaps the previous run of the same
 * schedule (the sweeps are safe to overlap, but piling up runs on a laptop helps no one).
 * Each run gets its own correlation id, as a scheduled Lambda invocation does; a run that
 * throws is logged at error level and the timer goes on.
 */
export function startSchedules(schedules: LocalSchedule[], log: Logger): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  for (const schedule of schedules) {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const correlationId = randomUUID();
      const run = withLogContext({ correlationId }, () =>
        schedule
          .run(correlationId)
          .catch((error) =>
            log.error("schedule run failed", { schedule: schedule.name, ...errorFields(error) }),
          ),
      ).finally(() => {
        busy = false;
        running.delete(run);
      });
      running.add(run);
    };
    timers.push(setInterval(tick, schedule.everyMs));
  }
  return async () => {
    timers.forEach(clearInterval);
    await Promise.allSettled([...running]);
  };
}
