import type { Actor } from "../events/envelope";
import { type CaptureOptions, type CaptureResult, decideCapture } from "../intake/decide-capture";
import { AGAIN, retry, retryLimits } from "../kernel";
import { ContentionError, isTransientStoreError, WriteConflict } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import { normalizeEmail } from "../lead/email";
import { type CaptureInput, captureInputSchema } from "../lead/schema";
import type { StoredResponse } from "../ports/idempotency";
import { type LeadDeps, toEvents } from "./context";
import {
  findReplay,
  type IdempotencyRequest,
  type Replayable,
  replayOrReject,
  storedResponse,
} from "./idempotency";
import { currentPolicy } from "./policies";

export type CaptureAnswer = Replayable<CaptureResult>;

/**
 * Captures one lead: a new email creates a lead, a known email appends a touch to it.
 * The email-uniqueness item makes "two leads for one email" impossible even when captures
 * race; the loser of a race retries as a touch. With an Idempotency-Key, the first response
 * is stored in the same transaction as the write, so a retry replays it and writes nothing.
 */
export async function captureLead(
  deps: LeadDeps,
  rawInput: unknown,
  actor: Actor,
  idempotency?: IdempotencyRequest<CaptureResult>,
  options: CaptureOptions = {},
): Promise<CaptureAnswer> {
  const input: CaptureInput = parseWith(captureInputSchema, rawInput, "The lead is not valid.");
  const email = normalizeEmail(input.email);
  const policy = await currentPolicy(deps);

  return retry<CaptureAnswer>(
    retryLimits.leadWrite,
    {
      // A transaction conflict or throttling on real DynamoDB: read again and retry.
      retryable: isTransientStoreError,
      sleep: deps.sleep,
      random: deps.random,
      exhausted: () => {
        throw new ContentionError(`Captures of ${email} are racing too hard; retry shortly.`);
      },
    },
    async () => {
      const now = deps.clock.now();
      const at = now.toISOString();
      const replay = idempotency && (await findReplay(deps, idempotency, now));
      if (replay) return replay;
      const existingId = await deps.leads.leadIdByEmail(email);
      const current = existingId ? await deps.leads.get(existingId) : undefined;
      const { result, drafts, effects } = decideCapture(
        current,
        input,
        () => deps.ids.next(),
        at,
        policy,
        options,
      );
      const expectedVersion = current ? current.version : null;
      const response = idempotency ? storedResponse(idempotency, result, at) : undefined;
      try {
        await deps.leads.commit(
          {
            lead: result.lead,
            expectedVersion,
            events: toEvents(deps, result.lead, drafts, actor, at),
            ...(response ? { idempotency: response } : {}),
            ...(effects ? { effects } : {}),
          },
          now,
        );
        return response ? { kind: "done", result, response } : { kind: "done", result };
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        // A concurrent twin of this request won; answer exactly as it did.
        if (error.reason === "idempotency_key_used" && idempotency && error.found)
          return replayOrReject(error.found as StoredResponse, idempotency);
        // email_taken (a racing capture created the lead) or version_changed (a racing touch):
        // read again and retry as a touch.
        return AGAIN;
      }
    },
  );
}
