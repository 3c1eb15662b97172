import { newLead, touchLead } from "../lead/capture";
import type { Effect, EventDraft } from "../lead/decision";
import { consentEvent } from "../lead/events";
import type { Lead } from "../lead/lead";
import type { CaptureInput } from "../lead/schema";
import { qualify } from "../qualification/apply";
import type { SalesReadyPolicy } from "../qualification/policy";
import { decideReturn } from "../rebound/returning";

export interface CaptureResult {
  outcome: "created" | "touched";
  lead: Lead;
}

export interface CaptureOptions {
  /**
   * The caller may only add (a public form's key, a rep's key): a touch fills blanks and may
   * grant consent, and that is all. It never overwrites, never withdraws consent, and never
   * moves the lead: no re-qualification and no returning-rebounder handling, which would change
   * its status and cancel its rebounds on the word of anyone who knows an email address.
   * What it filled in counts at the next trusted change (a PATCH, a trusted capture or import
   * touch, a hand-off), which re-evaluates the lead with everything it then holds.
   */
  addsOnly?: boolean;
  /**
   * The address is on the suppression list (it was erased before) and this capture offered
   * consent: recorded on the event. The caller has already removed the consent unless the
   * person gave it on a public form (usecases/capture.ts says why).
   */
  suppressed?: boolean;
}

/**
 * What one capture does to the lead (pure): a new lead for an unknown email, a touch for a
 * known one, with the events that explain it, then the sales-ready verdict under `policy`
 * (a new lead leaves the capture in nurturing or sales_ready). Single and bulk capture both
 * decide here, so they cannot drift apart.
 */
export function decideCapture(
  current: Lead | undefined,
  input: CaptureInput,
  newId: () => string,
  at: string,
  policy: SalesReadyPolicy,
  { addsOnly = false, suppressed = false }: CaptureOptions = {},
): { result: CaptureResult; drafts: EventDraft[]; effects?: Effect[] } {
  if (!current) {
    const captured = newLead(input, newId(), at);
    const { lead, events } = qualify(captured, policy, at);
    return {
      result: { outcome: "created", lead },
      drafts: [
        {
          type: "lead.captured",
          data: {
            source: lead.origin,
            ...(input.engagement ? { engagement: input.engagement } : {}),
            ...(suppressed ? { suppressed: true } : {}),
          },
        },
        ...events,
      ],
    };
  }
  const touch = touchLead(current, input, at, { addsOnly });
  const drafts: EventDraft[] = [
    {
      type: "lead.touched",
      data: {
        source: touch.lead.lastSource,
        merged: true,
        touchCount: touch.lead.touchCount,
        filled: touch.filled,
        signalsChanged: touch.signalsChanged,
        ...(input.engagement ? { engagement: input.engagement } : {}),
        ...(addsOnly ? { addsOnly: true } : {}),
        ...(suppressed ? { suppressed: true } : {}),
      },
    },
  ];
  if (touch.consentChanged) drafts.push(consentEvent(touch.lead));
  if (addsOnly) return { result: { outcome: "touched", lead: touch.lead }, drafts };
  // A lost, qualified-out or rebounded lead coming back by itself (rebound/returning.ts)
  // re-enters qualification and is judged afresh, not against the verdict it had before.
  const back = decideReturn(current, touch.lead, at);
  drafts.push(...back.events);
  const returning = back.lead.status !== touch.lead.status;
  const { qualification: _previous, ...fresh } = back.lead;
  const { lead, events } = qualify(returning ? fresh : back.lead, policy, at);
  return {
    result: { outcome: "touched", lead },
    drafts: [...drafts, ...events],
    ...(back.effects.length ? { effects: back.effects } : {}),
  };
}
