import { IllegalTransitionError } from "../kernel/errors";
import type { LeadStatus } from "./status";

/**
 * The lead lifecycle (product.md), as the one table every status change goes through.
 *
 * Beyond the arrows drawn in product.md, a few edges exist because the product text asks for
 * them; each is marked here so the property tests can tell them from the diagram:
 * - `captured` is only the state of leads stored before qualification existed: a capture is
 *   evaluated in the same transaction, so new leads land in nurturing or sales_ready directly.
 * - handed_off from nurturing, recycled, rebounded or captured is the hand-off *override*
 *   (the hand-off service refuses it without a stated reason).
 * - handed_off/accepted → nurturing: a rejection, or an SLA breach under `return_to_marketing`.
 * - accepted → handed_off: a manager reassigns the lead to another rep, who must accept it afresh.
 * - recycled → sales_ready: a delayed lead that meets the policy again on a new touch.
 * - lost/qualified_out → nurturing | sales_ready: a *returning rebounder*, a closed lead that
 *   comes back by itself (a form, a webinar) before its rebound: it re-enters qualification.
 */
export const transitions: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  captured: ["nurturing", "sales_ready", "qualified_out", "handed_off"],
  nurturing: ["sales_ready", "qualified_out", "handed_off"],
  sales_ready: ["nurturing", "handed_off", "qualified_out"],
  handed_off: ["accepted", "nurturing", "lost"],
  accepted: ["won", "lost", "recycled", "nurturing", "handed_off"],
  // Terminal: a sale is never undone; a later purchase is a new opportunity, not a status change.
  won: [],
  recycled: ["nurturing", "sales_ready", "qualified_out", "handed_off"],
  // Lost and qualified-out leads are kept, never deleted; they come back by a rebound, or by
  // themselves (a returning rebounder re-enters qualification).
  lost: ["rebounded", "nurturing", "sales_ready"],
  qualified_out: ["rebounded", "nurturing", "sales_ready"],
  rebounded: ["nurturing", "sales_ready", "qualified_out", "handed_off"],
};

/** Statuses in which a named rep owns the lead and is on the clock (SLA). */
export const salesStatuses: readonly LeadStatus[] = ["handed_off", "accepted"];

/** Statuses that marketing works: qualification re-evaluates these on every change. */
export const marketingStatuses: readonly LeadStatus[] = [
  "captured",
  "nurturing",
  "sales_ready",
  "recycled",
  "rebounded",
];

export function allowedMoves(from: LeadStatus): readonly LeadStatus[] {
  return transitions[from];
}

export function canMove(from: LeadStatus, to: LeadStatus): boolean {
  return transitions[from].includes(to);
}

/** Throws IllegalTransitionError (→ 409 with the current status and allowed moves) unless `from → to` is allowed. */
export function assertMove(from: LeadStatus, to: LeadStatus, message?: string): void {
  if (!canMove(from, to)) throw new IllegalTransitionError(from, to, transitions[from], message);
}

/** Throws unless the lead is in one of `expected` (for actions that are not status changes, e.g. logging an appointment). */
export function assertIn(from: LeadStatus, expected: readonly LeadStatus[], action: string): void {
  if (!expected.includes(from)) {
    throw new IllegalTransitionError(
      from,
      action,
      transitions[from],
      `Cannot ${action} a lead in status ${from} (only in ${expected.join(", ")}).`,
    );
  }
}
