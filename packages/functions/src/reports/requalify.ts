import { runRequalification } from "@rebound/core/usecases";
import { leadDeps } from "../api/deps";
import { createApiDeps } from "../api/runtime";
import { loadConfig } from "../config";

/** Leave this much of the invocation for finishing the lead in flight and saving the job. */
const SAFETY_MS = 10_000;

let deps: ReturnType<typeof createApiDeps> | undefined;

/**
 * Re-qualification after a sales-ready policy publish (EventBridge Scheduler → Lambda): a
 * bounded slice of the walk per run, resumed by the next; idle (two reads) when nothing was
 * published since the last walk finished.
 */
export const handler = async (_event?: unknown, context?: { getRemainingTimeInMillis?: () => number }) => {
  deps ??= createApiDeps(loadConfig());
  const remaining = context?.getRemainingTimeInMillis?.();
  const budgetMs = remaining !== undefined ? Math.max(1_000, remaining - SAFETY_MS) : 50_000;
  const result = await runRequalification({ ...leadDeps(deps), budgetMs });
  console.log(JSON.stringify({ level: "info", message: "re-qualification", ...result }));
  return result;
};
