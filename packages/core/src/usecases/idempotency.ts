import type { Clock } from "../kernel/clock";
import { IdempotencyKeyReuseError } from "../kernel/errors";
import type { IdempotencyRepository, StoredResponse } from "../ports/idempotency";

/*
 * One idempotency mechanism for every POST that creates or changes something. The route
 * layer reads `Idempotency-Key`, fingerprints the request and passes an IdempotencyRequest
 * down. Then:
 * - a change that is one transaction (every lead action, capture, API-key creation) stores
 *   its response in that same transaction: a retry finds it and replays it, writing nothing;
 *   a racing twin fails on the record's condition and replays the winner's response;
 * - a request that is not one transaction (imports, admin sweeps) claims its key first
 *   (`onceByClaim`), runs, and completes the record with its final response.
 * The same key with another request (fingerprint) is a 422, in both cases.
 */

/** The request's Idempotency-Key, and how to render the response that is stored for replays. */
export interface IdempotencyRequest<R> {
  principalId: string;
  key: string;
  /** Hash of method, path, query and body: what makes two requests "the same". */
  fingerprint: string;
  render(result: R): Pick<StoredResponse, "status" | "body" | "headers">;
}

/** A use case's answer: its result (and the response stored for it), or a replayed response. */
export type Replayable<R> =
  | { kind: "done"; result: R; response?: StoredResponse }
  | { kind: "replay"; response: StoredResponse };

export type Replay = Extract<Replayable<unknown>, { kind: "replay" }>;

/** The stored response as a replay, unless it answered another request: then 422. */
export function replayOrReject(
  stored: StoredResponse,
  request: { key: string; fingerprint: string },
): Replay {
  if (stored.fingerprint !== request.fingerprint) {
    throw new IdempotencyKeyReuseError("This Idempotency-Key was already used for a different request.", {
      key: request.key,
    });
  }
  return { kind: "replay", response: stored };
}

/** A replay of an earlier answer under this key, if there is one (expired records are not). */
export async function findReplay(
  deps: { idempotency: Pick<IdempotencyRepository, "find"> },
  request: IdempotencyRequest<never> | { principalId: string; key: string; fingerprint: string },
  now: Date,
): Promise<Replay | undefined> {
  const stored = await deps.idempotency.find(request.principalId, request.key, epochSeconds(now));
  return stored ? replayOrReject(stored, request) : undefined;
}

/** The response to store for `result`, made at `at`. */
export function storedResponse<R>(request: IdempotencyRequest<R>, result: R, at: string): StoredResponse {
  return {
    principalId: request.principalId,
    key: request.key,
    fingerprint: request.fingerprint,
    createdAt: at,
    ...request.render(result),
  };
}

export const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** What a claimed key holds while its request runs: 102 Processing, never a final answer. */
const IN_PROGRESS = 102;

/**
 * Idempotency for a request that is not one transaction: its key is claimed before the work
 * starts, so the same key with another request is refused (422) before anything is written.
 * - With `replayable`, the record is completed with the response when `replayable` says it
 *   is final, and a later retry replays it (admin sweeps: every run answers differently).
 * - Without it, a retry runs again (imports: their rows are idempotent by content, and the
 *   re-run's report says which rows were replayed; an unfinished import is finished so).
 * A retry while the first request still runs (or after it crashed) runs again too: such
 * requests tolerate that by construction (rows by content, a sweep's items by their conditions).
 */
export async function onceByClaim<R>(
  deps: { idempotency: IdempotencyRepository; clock: Clock },
  request: IdempotencyRequest<R> | undefined,
  run: () => Promise<R>,
  replayable?: (result: R) => boolean,
): Promise<Replayable<R>> {
  if (!request) return { kind: "done", result: await run() };
  const now = deps.clock.now();
  const claim: StoredResponse = {
    principalId: request.principalId,
    key: request.key,
    fingerprint: request.fingerprint,
    status: IN_PROGRESS,
    body: null,
    createdAt: now.toISOString(),
  };
  const holder = await deps.idempotency.claim(claim, epochSeconds(now));
  if (holder) {
    const replay = replayOrReject(holder, request);
    if (replayable && holder.status !== IN_PROGRESS) return replay;
  }
  const result = await run();
  if (!replayable?.(result)) return { kind: "done", result };
  const at = deps.clock.now();
  const response = storedResponse(request, result, at.toISOString());
  await deps.idempotency.complete(response, epochSeconds(at));
  return { kind: "done", result, response };
}
