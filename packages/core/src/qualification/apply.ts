import type { EventDraft } from "../lead/decision";
import type { Lead } from "../lead/lead";
import { assertMove, marketingStatuses } from "../lead/lifecycle";
import type { Verdict } from "../lead/records";
import type { LeadStatus } from "../lead/status";
import { evaluate } from "./evaluate";
import type { SalesReadyPolicy } from "./policy";

/** A verdict "changes" when the outcome, the reasons or the policy behind it change; a score that moves alone is stored silently. */
function verdictChanged(before: Verdict | undefined, after: Verdict): boolean {
  return (
    !before ||
    before.passed !== after.passed ||
    before.policyVersion !== after.policyVersion ||
    before.reasons.join("\n") !== after.reasons.join("\n")
  );
}

/**
 * Where qualification moves a lead. Only marketing's statuses move; a lead with sales (or
 * closed) keeps its status and just records the verdict. A lead moves when it enters
 * qualification (first verdict, captured, rebounded) or when its verdict flips: a lead that
 * sales rejected stays in nurturing while it keeps passing, so it is not pushed straight back.
 * A recycled lead waits for its follow-up date unless it becomes sales-ready.
 */
function statusAfter(lead: Lead, verdict: Verdict): LeadStatus {
  const { status } = lead;
  if (!marketingStatuses.includes(status)) return status;
  const entering = !lead.qualification || status === "captured" || status === "rebounded";
  if (!entering && lead.qualification?.passed === verdict.passed) return status;
  if (verdict.passed) return "sales_ready";
  return status === "recycled" ? "recycled" : "nurturing";
}

/**
 * Re-evaluates a lead against the policy in force (pure): stores the verdict, moves the
 * status through the lifecycle, and explains a changed verdict with `lead.qualified`.
 * Does not bump the version: it is part of the change (capture, touch, edit) that caused it.
 */
export function qualify(
  lead: Lead,
  policy: SalesReadyPolicy,
  at: string,
): { lead: Lead; events: EventDraft[] } {
  const verdict = evaluate(policy, lead, at);
  const to = statusAfter(lead, verdict);
  if (to !== lead.status) assertMove(lead.status, to);
  const next: Lead = { ...lead, status: to, qualification: verdict };
  if (!verdictChanged(lead.qualification, verdict) && to === lead.status) return { lead: next, events: [] };
  const { policyVersion, passed, reasons, score } = verdict;
  return {
    lead: next,
    events: [
      {
        type: "lead.qualified",
        data: {
          verdict: { policyVersion, passed, reasons, score },
          ...(to !== lead.status ? { from: lead.status, to } : {}),
        },
      },
    ],
  };
}
