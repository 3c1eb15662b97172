import type { Decision, Effect } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { LeadStatus } from "../lead/status";
import { type SlaKind, slaKinds } from "../lead/vocabulary";
import { bumped, type DecideContext, moved } from "./context";

/** What a breach does to the lead: record it (flag), or also send the lead back to marketing. */
export const slaActions = ["flag", "return_to_marketing"] as const;
export type SlaAction = (typeof slaActions)[number];

/** Parses REBOUND_SLA_POLICY: one action for both clocks ("flag"), or per clock ("accept=return_to_marketing,outcome=flag"). */
export function parseSlaPolicy(value: string): Record<SlaKind, SlaAction> | undefined {
  const isAction = (v: string | undefined): v is SlaAction => slaActions.includes(v as SlaAction);
  const trimmed = value.trim();
  if (isAction(trimmed)) return { accept: trimmed, outcome: trimmed };
  const policy: Partial<Record<SlaKind, SlaAction>> = {};
  for (const part of trimmed.split(",")) {
    const [kind, action] = part.split("=").map((s) => s.trim());
    if (!slaKinds.includes(kind as SlaKind) || !isAction(action)) return undefined;
    policy[kind as SlaKind] = action;
  }
  return { accept: policy.accept ?? "flag", outcome: policy.outcome ?? "flag" };
}

/** The status in which each SLA clock runs. */
export const slaStatus: Record<SlaKind, LeadStatus> = { accept: "handed_off", outcome: "accepted" };

/** The clock a lead in this status has running, if any. */
export function runningSla(status: LeadStatus): SlaKind | undefined {
  return status === "handed_off" ? "accept" : status === "accepted" ? "outcome" : undefined;
}

/**
 * Stops the lead's running clocks: for every decision that moves a lead out of handed_off or
 * accepted (an accepted lead also runs the follow-up cadence's clock, if one was agreed).
 */
export function closeRunningSla(lead: Lead): Effect[] {
  const kind = runningSla(lead.status);
  if (!kind) return [];
  const close: Effect[] = [{ type: "sla.close", leadId: lead.id, kind }];
  if (kind === "outcome" && lead.handoff?.followUps?.length)
    close.push({ type: "sla.close", leadId: lead.id, kind: "follow_up" });
  return close;
}

export type BreachDecision = { kind: "breach"; decision: Decision } | { kind: "stale" } | { kind: "not_due" };

/**
 * What a due queue entry means for the lead (pure). A breach is recorded once: the breach
 * goes into the lead's hand-off record and the entry is deleted in the same transaction, so a
 * second sweep that read the same entry finds the breach recorded and does nothing. An
 * entry the lead no longer backs (another hand-off, already recorded, lead moved on) is stale.
 */
export function decideBreach(
  lead: Lead,
  entry: { kind: string; handoffId: string },
  action: SlaAction,
  ctx: Pick<DecideContext, "at">,
): BreachDecision {
  const kind = entry.kind as SlaKind;
  const handoff = lead.handoff;
  if (!handoff || handoff.id !== entry.handoffId || lead.status !== slaStatus[kind]) return { kind: "stale" };
  if (handoff.breaches.some((b) => b.kind === kind)) return { kind: "stale" };
  const dueAt = kind === "accept" ? handoff.acceptDueAt : handoff.outcomeDueAt;
  // The lead is the truth about its deadline; an entry that is early for it is not deleted, just not acted on.
  if (!dueAt || dueAt >= ctx.at) return { kind: "not_due" };
  const breaches = [...handoff.breaches, { kind, dueAt, at: ctx.at }];
  const data = { kind, handoffId: handoff.id, repId: handoff.repId, dueAt };
  const effects: Effect[] = [{ type: "sla.close", leadId: lead.id, kind }];
  if (action === "flag") {
    const next: Lead = { ...bumped(lead, ctx.at), handoff: { ...handoff, breaches } };
    return {
      kind: "breach",
      decision: {
        lead: next,
        events: [{ type: "lead.sla_breached", data: { ...data, action: "flagged" } }],
        effects,
      },
    };
  }
  const returned: Lead = {
    ...moved(lead, "nurturing", ctx.at),
    handoff: { ...handoff, breaches, returnedAt: ctx.at },
  };
  delete returned.ownerId;
  // Back with marketing: the follow-up cadence of the hand-off stops too.
  if (kind === "outcome" && handoff.followUps?.length)
    effects.push({ type: "sla.close", leadId: lead.id, kind: "follow_up" });
  return {
    kind: "breach",
    decision: {
      lead: returned,
      events: [
        {
          type: "lead.sla_breached",
          data: { ...data, action: "returned_to_marketing", from: lead.status, to: "nurturing" },
          why: `${kind === "accept" ? "not accepted" : "no outcome recorded"} by ${dueAt}`,
        },
      ],
      effects,
    },
  };
}
