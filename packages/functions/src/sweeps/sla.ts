import { randomUUID } from "node:crypto";
import { runSlaSweep } from "@rebound/core/usecases";
import { slaSweepDeps } from "../api/deps";
import { createApiDeps } from "../api/runtime";
import { loadConfig } from "../config";
import { withLogContext } from "../observability";
import { recordSweep } from "./report";

/** Leave this much of the invocation for finishing in-flight breaches and returning. */
const SAFETY_MS = 10_000;

let deps: ReturnType<typeof createApiDeps> | undefined;

/**
 * The scheduled SLA sweep (EventBridge Scheduler → Lambda). Built on first invocation, reused
 * while the container lives. The time budget follows the invocation's remaining time, so a
 * long backlog is worked off over several runs instead of being cut off mid-write.
 */
export const handler = async (
  _event?: unknown,
  context?: { getRemainingTimeInMillis?: () => number; awsRequestId?: string },
) => {
  deps ??= createApiDeps(loadConfig());
  const remaining = context?.getRemainingTimeInMillis?.();
  const budgetMs = remaining !== undefined ? Math.max(1_000, remaining - SAFETY_MS) : 50_000;
  const correlationId = context?.awsRequestId ?? randomUUID();
  const built = deps;
  return withLogContext({ correlationId }, async () => {
    const result = await runSlaSweep({ ...slaSweepDeps(built, { budgetMs }), correlationId });
    recordSweep(built, "sla", result);
    return result;
  });
};
