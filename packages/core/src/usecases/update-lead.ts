import type { Actor } from "../events/envelope";
import { type Acting, assertMayAct } from "../handoff/context";
import { ConflictError, WriteConflict } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import type { EventDraft } from "../lead/decision";
import { consentEvent } from "../lead/events";
import type { Lead } from "../lead/lead";
import { applyContactPatch } from "../lead/patch";
import { contactPatchSchema } from "../lead/schema";
import { qualify } from "../qualification/apply";
import { cancelOnConsentWithdrawal } from "../rebound/returning";
import type { LeadDeps } from "./context";
import { mutateLead } from "./mutate";
import { currentPolicy } from "./policies";

/**
 * Corrects contact fields and BANT signals, then re-evaluates the lead against the policy in
 * force (an edit of the signals can make it sales-ready, or take that away). With `ifMatch`,
 * a lead changed since the caller read it is refused.
 */
export async function updateLeadContact(
  deps: LeadDeps,
  leadId: string,
  rawPatch: unknown,
  actor: Actor,
  ifMatch?: number,
  /** A rep's key corrects only leads handed to that rep. */
  access?: Pick<Acting, "ownLeadsOnly" | "repId">,
): Promise<Lead> {
  const patch = parseWith(contactPatchSchema, rawPatch, "The change is not valid.");
  const policy = await currentPolicy(deps);
  try {
    const { lead } = await mutateLead(
      deps,
      leadId,
      ifMatch !== undefined ? { actor, ifMatch } : { actor },
      (current, at) => {
        if (access) assertMayAct(current, access);
        const result = applyContactPatch(current, patch, at);
        if (result.changed.length === 0) return null;
        const events: EventDraft[] = [{ type: "lead.updated", data: { fields: result.changed } }];
        if (result.changed.includes("consent")) events.push(consentEvent(result.lead));
        const cancel = cancelOnConsentWithdrawal(current, result.lead);
        events.push(...cancel.events);
        const qualified = qualify(cancel.lead, policy, at);
        events.push(...qualified.events);
        const decision = {
          lead: qualified.lead,
          events,
          ...(cancel.effects.length ? { effects: cancel.effects } : {}),
        };
        return result.previousEmail !== undefined
          ? { ...decision, previousEmail: result.previousEmail }
          : decision;
      },
    );
    return lead;
  } catch (error) {
    if (error instanceof WriteConflict && error.reason === "email_taken") {
      throw new ConflictError("Another lead already has this email.", {
        leadId: (error.found as { leadId?: string } | undefined)?.leadId,
      });
    }
    throw error;
  }
}
