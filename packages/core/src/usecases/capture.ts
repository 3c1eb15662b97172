import type { Actor } from "../events/envelope";
import { type CaptureResult, decideCapture } from "../intake/decide-capture";
import { AGAIN, retry, retryLimits } from "../kernel";
import { ContentionError, WriteConflict } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import { normalizeEmail } from "../lead/email";
import type { Lead } from "../lead/lead";
import { type CaptureInput, captureInputSchema } from "../lead/schema";
import type { StoredResponse } from "../ports/idempotency";
import { suppressionHash } from "../privacy/suppression";
import { busyTracker } from "./busy";
import { type LeadDeps, recordChange } from "./context";
import type { Suppression } from "./erase-lead";
import {
  findReplay,
  type IdempotencyRequest,
  type Replayable,
  replayOrReject,
  storedResponse,
} from "./idempotency";
import { currentPolicy } from "./policies";

export type CaptureAnswer = Replayable<CaptureResult>;

export type CaptureDeps = LeadDeps & { suppression: Suppression };

export interface CaptureCallOptions {
  /** The caller may only add (see CaptureOptions.addsOnly). */
  addsOnly?: boolean;
  /** The caller is a public form's key: the person submitting is the one giving consent. */
  publicKey?: boolean;
}

/** Whether this capture would give the lead marketing consent it does not have. */
export function grantsConsent(input: CaptureInput, current: Lead | undefined): boolean {
  return input.consent?.marketing === true && current?.consent?.marketing !== true;
}

/**
 * An erased person's address is on the suppression list. When it comes back, the lead is kept
 * (the person who asks for a demo after an erasure gave us new data, and must reach sales), but
 * it does not become a campaign target again on anyone's word but the person's: a consent
 * grant is taken only from a public form's submission (the person ticking the box now), not
 * from an import, an integration or a sales key, which may be replaying data older than the
 * erasure. Staff who record a new opt-in the person gave them do so with PATCH.
 */
export function withoutSuppressedConsent(input: CaptureInput): CaptureInput {
  const { consent: _dropped, ...rest } = input;
  return rest;
}

/**
 * Captures one lead: a new email creates a lead, a known email appends a touch to it.
 * The email-uniqueness item makes "two leads for one email" impossible even when captures
 * race; the loser of a race retries as a touch. With an Idempotency-Key, the first response
 * is stored in the same transaction as the write, so a retry replays it and writes nothing.
 */
export async function captureLead(
  deps: CaptureDeps,
  rawInput: unknown,
  actor: Actor,
  idempotency?: IdempotencyRequest<CaptureResult>,
  options: CaptureCallOptions = {},
): Promise<CaptureAnswer> {
  const offered: CaptureInput = parseWith(captureInputSchema, rawInput, "The lead is not valid.");
  const email = normalizeEmail(offered.email);
  let suppressed: boolean | undefined;
  const policy = await currentPolicy(deps);

  const busy = busyTracker();
  return retry<CaptureAnswer>(
    retryLimits.leadWrite,
    {
      // A transaction conflict or throttling on real DynamoDB: read again and retry.
      retryable: busy.retryable,
      sleep: deps.sleep,
      random: deps.random,
      exhausted: () =>
        busy.exhausted(() => new ContentionError(`Captures of ${email} are racing too hard; retry shortly.`)),
    },
    async () => {
      const now = deps.clock.now();
      const at = now.toISOString();
      const replay = idempotency && (await findReplay(deps, idempotency, now));
      if (replay) return replay;
      const existingId = await deps.leads.leadIdByEmail(email);
      const current = existingId ? await deps.leads.get(existingId) : undefined;
      // Read only when it matters (a consent grant), once per request.
      if (suppressed === undefined && grantsConsent(offered, current))
        suppressed = await deps.suppression.list.has(suppressionHash(deps.suppression.secret(), email));
      const input = suppressed && !options.publicKey ? withoutSuppressedConsent(offered) : offered;
      const decided = decideCapture(current, input, () => deps.ids.next(), at, policy, {
        addsOnly: options.addsOnly ?? false,
        suppressed: suppressed === true,
      });
      const recorded = recordChange(deps, current, decided.result.lead, decided.drafts, actor, at);
      const result: CaptureResult = { ...decided.result, lead: recorded.lead };
      const { effects } = decided;
      const response = idempotency ? storedResponse(idempotency, result, at) : undefined;
      try {
        await deps.leads.commit(
          {
            lead: result.lead,
            previous: current ?? null,
            events: recorded.events,
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
        busy.raced();
        return AGAIN;
      }
    },
  );
}
