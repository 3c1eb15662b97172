import { AGAIN, type Clock, retry, retryLimits, type Sleep } from "../kernel";
import {
  ContentionError,
  isTransientStoreError,
  VersionMismatchError,
  WriteConflict,
} from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import type { PolicyVersions } from "../ports/policies";
import { defaultPolicyInput, policyInputSchema, type SalesReadyPolicy } from "../qualification/policy";
import { defaultReboundPolicy, type ReboundPolicy, reboundPolicyInputSchema } from "../rebound/policy";
import { busyTracker } from "./busy";

/*
 * Both policies (sales-ready, rebound) are versioned the same way, with one concurrency rule:
 * a publish computes version n+1 from the version in force (read strongly consistent); with
 * `If-Match`, a policy changed since the caller read it is refused (412); without it, a lost
 * race simply retries as the next version, so both writers get distinct versions and nothing
 * is overwritten in place. Hot paths read the policy in force eventually consistent.
 */

export type PolicyRepository = Pick<PolicyVersions<SalesReadyPolicy>, "current" | "create">;

export interface PolicyDeps {
  policies: PolicyRepository;
  clock: Clock;
  sleep?: Sleep;
  random?: () => number;
}

export interface ReboundPolicyDeps {
  reboundPolicies: Pick<PolicyVersions<ReboundPolicy>, "current" | "create">;
  clock: Clock;
  sleep?: Sleep;
  random?: () => number;
}

type Runtime = Pick<PolicyDeps, "sleep" | "random">;

/**
 * Publishes the version after the one in force: `next` builds it from the current version
 * (`current` reads it; `stored` is the version the pointer names, null when none is stored).
 */
function publishVersion<P extends { version: number }>(
  deps: Runtime,
  ifMatch: number | undefined,
  current: (consistent: boolean) => Promise<{ policy: P; stored: number | null }>,
  create: (policy: P, previous: number | null) => Promise<void>,
  next: (current: P) => P,
): Promise<P> {
  const busy = busyTracker();
  return retry(
    retryLimits.policyWrite,
    {
      retryable: busy.retryable,
      sleep: deps.sleep,
      random: deps.random,
      exhausted: () =>
        busy.exhausted(
          () => new ContentionError("The policy is being changed by others right now; retry shortly."),
        ),
    },
    async () => {
      const { policy, stored } = await current(true);
      if (ifMatch !== undefined && policy.version !== ifMatch)
        throw new VersionMismatchError(ifMatch, policy.version);
      const candidate = next(policy);
      try {
        await create(candidate, stored);
        return candidate;
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        busy.raced();
        if (ifMatch === undefined) return AGAIN;
        const latest = await current(true);
        throw new VersionMismatchError(ifMatch, latest.policy.version);
      }
    },
  );
}

/**
 * The sales-ready policy in force. The first read of a fresh table stores the default as
 * version 1, so every verdict names a version that exists and never changes meaning, even if
 * a later release ships a different default.
 */
export async function currentPolicy(deps: PolicyDeps, consistent = false): Promise<SalesReadyPolicy> {
  return retry(
    retryLimits.policyWrite,
    {
      // Another process seeded (or published) first, or two seeds collided: read theirs.
      retryable: (error) => error instanceof WriteConflict || isTransientStoreError(error),
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

/** Publishes a new sales-ready policy version (the concurrency rule above). */
export async function publishPolicy(
  deps: PolicyDeps,
  raw: unknown,
  by: string,
  ifMatch?: number,
): Promise<SalesReadyPolicy> {
  const input = parseWith(policyInputSchema, raw, "The policy is not valid.");
  return publishVersion(
    deps,
    ifMatch,
    async (consistent) => {
      const policy = await currentPolicy(deps, consistent);
      return { policy, stored: policy.version };
    },
    (policy, previous) => deps.policies.create(policy, previous),
    (current) => ({
      ...input,
      version: current.version + 1,
      createdAt: deps.clock.now().toISOString(),
      createdBy: by,
    }),
  );
}

/** The rebound policy in force; the built-in default (version 0, never stored) until an admin replaces it. */
export async function currentReboundPolicy(
  deps: ReboundPolicyDeps,
  consistent = false,
): Promise<ReboundPolicy> {
  return (await deps.reboundPolicies.current(consistent)) ?? defaultReboundPolicy;
}

/** Replaces the rebound policy with a new version (the concurrency rule above). */
export async function replaceReboundPolicy(
  deps: ReboundPolicyDeps,
  raw: unknown,
  by: string,
  ifMatch?: number,
): Promise<ReboundPolicy> {
  const input = parseWith(reboundPolicyInputSchema, raw, "The rebound policy is not valid.");
  return publishVersion(
    deps,
    ifMatch,
    async (consistent) => {
      const stored = await deps.reboundPolicies.current(consistent);
      return stored
        ? { policy: stored, stored: stored.version }
        : { policy: defaultReboundPolicy, stored: null };
    },
    (policy, previous) => deps.reboundPolicies.create(policy, previous),
    (current) => ({
      version: current.version + 1,
      default: input.default,
      reasons: input.reasons ?? {},
      updatedAt: deps.clock.now().toISOString(),
      updatedBy: by,
    }),
  );
}
