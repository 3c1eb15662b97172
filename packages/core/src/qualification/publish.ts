import { ContentionError, VersionMismatchError } from "../errors";
import { backoffDelay, type Clock, realSleep, type Sleep } from "../runtime";
import { WriteConflict } from "../store/errors";
import type { PolicyStore } from "../store/policies";
import { isRetryableStoreError } from "../store/transact";
import { parseWith } from "../validation/parse";
import { defaultPolicyInput, policyInputSchema, type SalesReadyPolicy } from "./policy";

export type PolicyRepository = Pick<PolicyStore, "current" | "create">;

export interface PolicyDeps {
  policies: PolicyRepository;
  clock: Clock;
  sleep?: Sleep;
  random?: () => number;
}

/**
 * The policy in force. The first read of a fresh table stores the default as version 1, so
 * every verdict names a version that exists and never changes meaning, even if a later
 * release ships a different default.
 */
export async function currentPolicy(deps: PolicyDeps, consistent = false): Promise<SalesReadyPolicy> {
  const sleep = deps.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    const found = await deps.policies.current(consistent || attempt > 0);
    if (found) return found;
    const seed: SalesReadyPolicy = {
      ...defaultPolicyInput,
      version: 1,
      createdAt: deps.clock.now().toISOString(),
      createdBy: "default",
    };
    try {
      await deps.policies.create(seed, null);
      return seed;
    } catch (error) {
      // Another process seeded (or published) first, or two seeds collided: read theirs.
      if (!(error instanceof WriteConflict) && !isRetryableStoreError(error)) throw error;
      if (attempt >= 5) throw new ContentionError("The sales-ready policy could not be read; retry shortly.");
      await sleep(backoffDelay(attempt, 5, 250, deps.random));
    }
  }
}

/**
 * Publishes a new policy version. With `ifMatch`, a policy changed since the caller read it
 * is refused (412); without it, a lost race simply retries as the next version: both
 * writers get distinct versions and nothing is overwritten in place.
 */
export async function publishPolicy(
  deps: PolicyDeps,
  raw: unknown,
  by: string,
  ifMatch?: number,
): Promise<SalesReadyPolicy> {
  const input = parseWith(policyInputSchema, raw, "The policy is not valid.");
  const sleep = deps.sleep ?? realSleep;
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await currentPolicy(deps, true);
    if (ifMatch !== undefined && current.version !== ifMatch)
      throw new VersionMismatchError(ifMatch, current.version);
    const next: SalesReadyPolicy = {
      ...input,
      version: current.version + 1,
      createdAt: deps.clock.now().toISOString(),
      createdBy: by,
    };
    try {
      await deps.policies.create(next, current.version);
      return next;
    } catch (error) {
      if (isRetryableStoreError(error)) {
        await sleep(backoffDelay(attempt, 5, 250, deps.random));
        continue;
      }
      if (!(error instanceof WriteConflict)) throw error;
      if (ifMatch !== undefined) {
        const latest = await deps.policies.current(true);
        throw new VersionMismatchError(ifMatch, latest?.version ?? current.version + 1);
      }
      await sleep(backoffDelay(attempt, 5, 250, deps.random));
    }
  }
  throw new ContentionError("The policy is being changed by others right now; retry shortly.");
}
