import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { LeadStatus } from "../lead/status";
import { qualify } from "./apply";
import type { SalesReadyPolicy } from "./policy";

/** The open leads a newly published policy re-judges: those marketing still works before sales. */
export const requalifiedStatuses = ["captured", "nurturing"] as const satisfies readonly LeadStatus[];

/**
 * A lead re-judged by a newly published policy (pure): its verdict under the policy, with the
 * status move it implies (a nurtured lead that now passes becomes sales_ready), and the
 * verdict on its timeline. Nothing to do for a lead already judged by this version (another
 * run got there, or it changed since and was evaluated then) or no longer open.
 */
export function decideRequalify(lead: Lead, policy: SalesReadyPolicy, at: string): Decision | null {
  if (!(requalifiedStatuses as readonly LeadStatus[]).includes(lead.status)) return null;
  if (lead.qualification && lead.qualification.policyVersion >= policy.version) return null;
  const { lead: judged, events } = qualify(lead, policy, at);
  return {
    lead: { ...judged, updatedAt: at, version: lead.version + 1 },
    events: events.map((event) => ({
      ...event,
      why: `sales-ready policy version ${policy.version} published`,
    })),
  };
}
