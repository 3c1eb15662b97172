import type { Actor } from "../events/envelope";
import { monotonicTimer } from "../kernel/clock";
import { NotFoundError } from "../kernel/errors";
import type { JobRepository } from "../ports/jobs";
import { decideRequalify, requalifiedStatuses } from "../qualification/requalify";
import type { LeadDeps } from "./context";
import { mutateLead } from "./mutate";
import { currentPolicy } from "./policies";

export const REQUALIFY_JOB = "requalify";
export const REQUALIFY_ACTOR: Actor = { kind: "system", id: "requalification", name: "Re-qualification" };

/** Where a re-qualification stands: which policy version, which status it walks, and after which lead. */
export interface RequalifyState {
  policyVersion: number;
  /** Index into requalifiedStatuses. */
  status: number;
  /** The listing position to continue after (opaque, from the status index). */
  after?: string;
  processed: number;
  changed: number;
  startedAt: string;
  finishedAt?: string;
}

export interface RequalifyDeps extends LeadDeps {
  jobs: JobRepository;
  /** Leads re-judged per run at most (each is one read and, when its verdict moves, one write). */
  maxLeads?: number;
  budgetMs?: number;
  timer?: () => number;
  pageSize?: number;
}

export interface RequalifyResult {
  policyVersion: number;
  /** Leads looked at by this run, and those whose verdict was recorded (a new one). */
  processed: number;
  changed: number;
  failed: number;
  /** True once every open lead has been re-judged by this version (nothing left for later runs). */
  complete: boolean;
}

/**
 * Re-qualification after a sales-ready policy is published (the schedules run it: a Lambda
 * on a CronV2 rule in AWS, a timer under `npm start`). Bounded per run and resumable: a job
 * item holds the policy version and the position in the status index, saved after each page
 * with a revision check, so overlapping runs cannot both advance it, and a crash only means
 * the next run repeats a page — harmlessly, since a lead already judged by the version is
 * left alone. It walks `captured` then `nurturing` leads through the status index (no Scan),
 * re-judging each through `qualify` and `mutateLead`, with the verdict on its timeline. A
 * newer publish restarts the walk for the newer version.
 */
export async function runRequalification(deps: RequalifyDeps): Promise<RequalifyResult> {
  const timer = deps.timer ?? monotonicTimer;
  const started = timer();
  const outOfTime = () => timer() - started >= (deps.budgetMs ?? 50_000);
  const maxLeads = deps.maxLeads ?? 500;
  const pageSize = Math.min(deps.pageSize ?? 50, maxLeads);
  const policy = await currentPolicy(deps, true);
  let job = await deps.jobs.get<RequalifyState>(REQUALIFY_JOB);
  if (!job || job.state.policyVersion < policy.version) {
    const fresh: RequalifyState = {
      policyVersion: policy.version,
      status: 0,
      processed: 0,
      changed: 0,
      startedAt: deps.clock.now().toISOString(),
    };
    // The very first version needs no walk: every lead was judged by it when it changed.
    if (policy.version === 1) fresh.finishedAt = fresh.startedAt;
    if (!(await deps.jobs.save(REQUALIFY_JOB, fresh, job?.revision ?? null)))
      return { policyVersion: policy.version, processed: 0, changed: 0, failed: 0, complete: false };
    job = { state: fresh, revision: (job?.revision ?? 0) + 1 };
  }
  const result: RequalifyResult = {
    policyVersion: policy.version,
    processed: 0,
    changed: 0,
    failed: 0,
    complete: false,
  };
  let { state, revision } = job;
  while (!state.finishedAt && result.processed < maxLeads && !outOfTime()) {
    const status = requalifiedStatuses[state.status]!;
    const page = await deps.leads.list(
      { status },
      Math.min(pageSize, maxLeads - result.processed),
      state.after,
    );
    let changedHere = 0;
    for (const lead of page.items) {
      result.processed++;
      try {
        const { changed } = await mutateLead(deps, lead.id, { actor: REQUALIFY_ACTOR }, (current, at) =>
          decideRequalify(current, policy, at),
        );
        if (changed) changedHere++;
      } catch (error) {
        if (error instanceof NotFoundError) continue;
        // One lead must not stop the walk; it is re-judged by its next change anyway.
        result.failed++;
        console.error(
          JSON.stringify({
            level: "error",
            message: "re-qualification failed",
            leadId: lead.id,
            error: String(error),
          }),
        );
      }
    }
    result.changed += changedHere;
    const next: RequalifyState = {
      ...state,
      processed: state.processed + page.items.length,
      changed: state.changed + changedHere,
    };
    if (page.lastSortKey) next.after = page.lastSortKey;
    else {
      delete next.after;
      next.status = state.status + 1;
      if (next.status >= requalifiedStatuses.length) next.finishedAt = deps.clock.now().toISOString();
    }
    // Another run moved the job meanwhile (or a newer version restarted it): leave the rest to it.
    if (!(await deps.jobs.save(REQUALIFY_JOB, next, revision))) return result;
    state = next;
    revision++;
  }
  result.complete = state.finishedAt !== undefined;
  return result;
}
