import type { Actor } from "../events/envelope";
import { ForbiddenError } from "../kernel/errors";
import type { Lead } from "../lead/lead";
import { assertMove } from "../lead/lifecycle";
import type { LeadStatus } from "../lead/status";

/** Who is acting, and for which rep. API keys may carry a rep identity; admins act for any rep. */
export interface Acting {
  actor: Actor;
  /** The rep this caller is (a `sales` key created with a repId). */
  repId?: string | undefined;
  /** Admins (and the bootstrap key) may act on any rep's hand-off. */
  anyRep: boolean;
  /** A rep's key: acts only on leads handed to `repId`, whatever the action. */
  ownLeadsOnly?: boolean;
  /** A sales manager's key: reassigns hand-offs between reps. */
  manager?: boolean;
}

/** What a pure hand-off decision needs besides the lead: the time and the caller. */
export interface DecideContext {
  at: string;
  acting: Acting;
}

/**
 * Only the rep a lead is handed to (or an admin) may act on the hand-off. Checked inside the
 * decision, against the lead as read for the write, so a re-assignment racing with the call
 * cannot let the previous rep through.
 */
export function assertActsForOwner(lead: Lead, acting: Acting, action: string): void {
  if (acting.anyRep) return;
  const details = { leadId: lead.id, ownerId: lead.ownerId ?? null, repId: acting.repId ?? null };
  if (!acting.repId)
    throw new ForbiddenError(
      `Only the rep this lead is handed to, or an admin, may ${action}; this API key has no rep identity (create it with a repId).`,
      details,
    );
  if (acting.repId !== lead.ownerId)
    throw new ForbiddenError(
      `Only the rep this lead is handed to (${lead.ownerId ?? "nobody"}), or an admin, may ${action}.`,
      details,
    );
}

/**
 * A rep's key acts only on leads handed to that rep: checked for every lead action (and PATCH)
 * against the lead as read for the write, so a reassignment racing with the call cannot let
 * the previous rep through. Other keys pass; each action adds its own rules.
 */
export function assertMayAct(
  lead: Pick<Lead, "id" | "ownerId">,
  acting: Pick<Acting, "ownLeadsOnly" | "repId">,
): void {
  if (!acting.ownLeadsOnly || (acting.repId !== undefined && lead.ownerId === acting.repId)) return;
  throw new ForbiddenError(
    `This rep's key acts only on leads handed to ${acting.repId ?? "its rep"}; this lead is ${lead.ownerId ? `handed to ${lead.ownerId}` : "not handed to anyone"}.`,
    { leadId: lead.id, ownerId: lead.ownerId ?? null, repId: acting.repId ?? null },
  );
}

/** The lead after a status change (checked against the lifecycle), one version later. */
export function moved(lead: Lead, to: LeadStatus, at: string): Lead {
  assertMove(lead.status, to);
  return { ...lead, status: to, updatedAt: at, version: lead.version + 1 };
}

/** The lead one version later, same status (a logged activity). */
export function bumped(lead: Lead, at: string): Lead {
  return { ...lead, updatedAt: at, version: lead.version + 1 };
}

export function addHours(at: string, hours: number): string {
  return new Date(new Date(at).getTime() + hours * 3_600_000).toISOString();
}

/** Normalises an instant with any offset to the UTC ISO form sort keys and comparisons use. */
export function utc(instant: string): string {
  return new Date(instant).toISOString();
}

/** Tolerance for clocks of clients that log what "just happened". */
export const CLOCK_SKEW_MS = 5 * 60_000;
