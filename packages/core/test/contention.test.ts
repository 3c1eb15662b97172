import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { describe, expect, it, vi } from "vitest";
import { type Acting, decideAccept, decideHandOff } from "../src/handoff";
import { ManualClock } from "../src/kernel";
import {
  ContentionError,
  IllegalTransitionError,
  StoreUnavailableError,
  TransientStoreError,
} from "../src/kernel/errors";
import { type Lead, newLead } from "../src/lead";
import { defaultPolicyInput, qualify, type SalesReadyPolicy } from "../src/qualification";
import { storeErrorOf } from "../src/store/transact";
import { type LeadDeps, mutateLead, publishPolicy } from "../src/usecases";

// DynamoDB Local never cancels a transaction for a conflict and never throttles; real
// DynamoDB does both. These fakes make the store answer the way it does on AWS: the SDK's
// error, as the store passes it up (storeErrorOf, unit-tested in runtime.test.ts).
const conflict = () =>
  storeErrorOf(
    new TransactionCanceledException({
      message: "cancelled",
      $metadata: {},
      CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }],
    }),
  );
const throttled = () =>
  storeErrorOf(Object.assign(new Error("slow down"), { name: "ProvisionedThroughputExceededException" }));

const clock = new ManualClock("2026-03-02T09:00:00.000Z");
const at = clock.now().toISOString();
const policy: SalesReadyPolicy = { ...defaultPolicyInput, version: 1, createdAt: at, createdBy: "test" };
const admin: Acting = { actor: { kind: "bootstrap", id: "bootstrap" }, anyRep: true };
const ready = {
  budget: "approved",
  authority: "decision_maker",
  need: "confirmed",
  timeline: "within_1_month",
} as const;
const handedOff = decideHandOff(
  qualify(newLead({ email: "a@b.io", signals: ready }, "L", at), policy, at).lead,
  { repId: "rep-a", notes: { summary: "s" } },
  policy,
  "H",
  { at, acting: admin },
).lead;

function fakeDeps(reads: Lead[], commits: (() => void)[]): LeadDeps & { commit: ReturnType<typeof vi.fn> } {
  const commit = vi.fn(async () => commits.shift()?.());
  let read = 0;
  return {
    leads: {
      get: async () => reads[Math.min(read++, reads.length - 1)],
      commit,
      leadIdByEmail: async () => undefined,
      list: async () => ({ items: [] }),
      timeline: async () => ({ items: [] }),
      adoptJourney: async () => false,
    },
    idempotency: { find: async () => undefined },
    policies: { current: async () => policy, create: async () => undefined },
    clock,
    ids: { next: () => "ID" },
    sleep: async () => undefined,
    commit,
  };
}

describe("contention on real DynamoDB", () => {
  it("mutateLead retries a transaction cancelled by a conflict or throttled, from the read", async () => {
    const deps = fakeDeps(
      [handedOff],
      [
        () => {
          throw conflict();
        },
        () => {
          throw throttled();
        },
        () => undefined,
      ],
    );
    const { lead, changed } = await mutateLead(deps, "L", { actor: admin.actor }, (current, now) =>
      decideAccept(current, { at: now, acting: admin }),
    );
    expect(changed).toBe(true);
    expect(lead.status).toBe("accepted");
    expect(deps.commit).toHaveBeenCalledTimes(3);
  });

  it("the loser of a conflicted race re-reads and gets the domain's answer (409), not a 500", async () => {
    const accepted = { ...handedOff, status: "accepted" as const, version: handedOff.version + 1 };
    const deps = fakeDeps(
      [handedOff, accepted],
      [
        () => {
          throw conflict();
        },
      ],
    );
    await expect(
      mutateLead(deps, "L", { actor: admin.actor }, (current, now) =>
        decideAccept(current, { at: now, acting: admin }),
      ),
    ).rejects.toBeInstanceOf(IllegalTransitionError);
  });

  it("other store errors are not retried", async () => {
    const deps = fakeDeps(
      [handedOff],
      [
        () => {
          throw Object.assign(new Error("bad"), { name: "ValidationException" });
        },
      ],
    );
    await expect(
      mutateLead(deps, "L", { actor: admin.actor }, (current, now) =>
        decideAccept(current, { at: now, acting: admin }),
      ),
    ).rejects.toThrow("bad");
    expect(deps.commit).toHaveBeenCalledTimes(1);
  });

  it("publishing a policy retries a conflicted transaction and still makes exactly the next version", async () => {
    let stored = policy;
    const failures = [conflict()];
    const create = vi.fn(async (next: SalesReadyPolicy) => {
      const failure = failures.shift();
      if (failure) throw failure;
      stored = next;
    });
    const published = await publishPolicy(
      { policies: { current: async () => stored, create }, clock, sleep: async () => undefined },
      { ...defaultPolicyInput, threshold: 70 },
      "admin",
    );
    expect(published).toMatchObject({ version: 2, threshold: 70 });
    expect(create).toHaveBeenCalledTimes(2);
  });

  it("throttled on every attempt, mutateLead gives up with StoreUnavailableError (a 503), not contention", async () => {
    const deps = fakeDeps(
      [handedOff],
      Array.from({ length: 100 }, () => () => {
        throw throttled();
      }),
    );
    await expect(
      mutateLead(deps, "L", { actor: admin.actor }, (current, now) =>
        decideAccept(current, { at: now, acting: admin }),
      ),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it("losing every race, mutateLead gives up with ContentionError (a 409 retry-shortly)", async () => {
    const deps = fakeDeps(
      [handedOff],
      Array.from({ length: 100 }, () => () => {
        throw conflict();
      }),
    );
    await expect(
      mutateLead(deps, "L", { actor: admin.actor }, (current, now) =>
        decideAccept(current, { at: now, acting: admin }),
      ),
    ).rejects.toBeInstanceOf(ContentionError);
  });

  it("a write that got no answer (refused, reset, timed out) is StoreUnavailableError and is not retried: it may still land", async () => {
    const noAnswer = () =>
      storeErrorOf(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" }));
    const timedOut = () =>
      storeErrorOf(Object.assign(new Error("request timed out"), { name: "TimeoutError" }));
    expect(noAnswer()).toBeInstanceOf(StoreUnavailableError);
    expect(timedOut()).toBeInstanceOf(StoreUnavailableError);
    const deps = fakeDeps(
      [handedOff],
      [
        () => {
          throw timedOut();
        },
      ],
    );
    await expect(
      mutateLead(deps, "L", { actor: admin.actor }, (current, now) =>
        decideAccept(current, { at: now, acting: admin }),
      ),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(deps.commit).toHaveBeenCalledTimes(1);
  });

  it("an HTTP answer is never taken for no answer, even a 5xx one", () => {
    const answered = Object.assign(new Error("boom"), {
      name: "InternalServerError",
      code: "ECONNRESET",
      $metadata: { httpStatusCode: 500 },
    });
    expect(storeErrorOf(answered)).toBeInstanceOf(TransientStoreError);
    expect(storeErrorOf(answered)).not.toBeInstanceOf(StoreUnavailableError);
  });
});
