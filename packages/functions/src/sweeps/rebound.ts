import { sweepRebounds } from "@rebound/core/usecases";
import { leadDeps } from "../api/deps";
import { createApiDeps } from "../api/runtime";
import { loadConfig } from "../config";

// Built once per container: the SDK client and its connection pool are reused across runs.
const config = loadConfig();
const deps = createApiDeps(config);

/**
 * EventBridge Scheduler target (infra/schedules.ts). Resurfaces due rebounds until the time
 * budget is spent; the rest goes to the next run. Safe to overlap and to crash: each lead is
 * resurfaced in one transaction conditioned on its due entry still existing.
 */
export async function handler(): Promise<{ rebounded: number; dropped: number; more: boolean }> {
  const report = await sweepRebounds(leadDeps(deps), { budgetMs: config.sweepBudgetMs });
  console.log(JSON.stringify({ level: "info", what: "rebound sweep", ...report }));
  return report;
}
