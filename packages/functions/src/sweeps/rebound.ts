import { randomUUID } from "node:crypto";
import { type SweepReport, sweepRebounds } from "@rebound/core/usecases";
import { leadDeps } from "../api/deps";
import { createApiDeps } from "../api/runtime";
import { loadConfig } from "../config";
import { withLogContext } from "../observability";
import { recordSweep } from "./report";

// Built once per container: the SDK client and its connection pool are reused across runs.
const config = loadConfig();
const deps = createApiDeps(config);

/**
 * EventBridge Scheduler target (infra/schedules.ts). Resurfaces due rebounds until the time
 * budget is spent; the rest goes to the next run. Safe to overlap and to crash: each lead is
 * resurfaced in one transaction conditioned on its due entry still existing. A failing lead is
 * logged, counted (SweepEntryFailures) and retried next run; the others proceed.
 */
export async function handler(_event?: unknown, context?: { awsRequestId?: string }): Promise<SweepReport> {
  const correlationId = context?.awsRequestId ?? randomUUID();
  return withLogContext({ correlationId }, async () => {
    const report = await sweepRebounds(leadDeps(deps), { budgetMs: config.sweepBudgetMs, correlationId });
    recordSweep(deps, "rebound", report);
    return report;
  });
}
