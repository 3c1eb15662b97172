import { AGAIN, type Clock, retry, retryLimits, type Sleep } from "../kernel";
import { ContentionError, VersionMismatchError } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import { defaultPolicyInput, policyInputSchema, type SalesReadyPolicy } from "../qualification/policy";
import { WriteConflict } from "../store/errors";
import type { PolicyStore } from "../store/policies";
import { isRetryableStoreError } from "../store/transact";

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
  return retry(
    retryLimits.policyWrite,
    {
      // Another process seeded (or published) first, or two seeds collided: read theirs.
      retryable: (error) => error instanceof WriteConflict || isRetryableStoreError(error),
      sleep: deps.sleep,
      random: deps.random,
      exhausted: () => {
        throw new ContentionError("The sales-ready policy could not be read; retry shortly.");
      },
    },
    async (attempt) => {
      const found = await deps.policies.current(consistent || attempt > 0);
      if (found) return found;
      const seed: SalesReadyPolicy = {
        ...defaultPolicyInput,
        version: 1,
        createdAt: deps.clock.now().toISOString(),
        createdBy: "default",
      };
      await deps.policies.create(seed, null);
      return seed;
    },
  );
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
  return retry(
    retryLimits.policyWrite,
    {
      retryable: isRetryableStoreError,
      sleep: deps.sleep,
      random: deps.random,
      exhausted: () => {
        throw new ContentionError("The policy is being changed by others right now; retry shortly.");
      },
    },
    async () => {
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
        if (!(error instanceof WriteConflict)) throw error;
        if (ifMatch === undefined) return AGAIN;
        const latest = await deps.policies.current(true);
        throw new VersionMismatchError(ifMatch, latest?.version ?? current.version + 1);
      }
    },
  );
}
