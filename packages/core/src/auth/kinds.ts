import type { Principal } from "./index";

/**
 * What a key is for, from its scopes and rep identity. One key may carry several scopes; its
 * kind is the broadest of them (admin > automation > sales manager > rep > ingest), and every
 * rule about who may do what is phrased on kinds, here, so routes, decisions and reports
 * agree:
 *
 * | kind | key | may |
 * | --- | --- | --- |
 * | `ingest` | `ingest` only | add: create a lead or a touch; never read, overwrite, withdraw consent or move a status |
 * | `rep` | `sales` with a `repId` | act on and read only leads handed to that rep, and that rep's queue; captures add only |
 * | `manager` | `sales` without `repId` | read every lead and queue, hand off, reassign, correct; reports |
 * | `automation` | `automation` | integrations: capture, import, hand off, segment pulls, events; reports |
 * | `admin` | `admin` | everything, keys, policies, sweeps, erasure |
 */
export type KeyKind = "ingest" | "rep" | "manager" | "automation" | "admin";

export function keyKindOf(principal: Pick<Principal, "scopes" | "repId">): KeyKind {
  const { scopes } = principal;
  if (scopes.includes("admin")) return "admin";
  if (scopes.includes("automation")) return "automation";
  if (scopes.includes("sales")) return principal.repId ? "rep" : "manager";
  return "ingest";
}

/** A sales manager: every queue, hand-offs and their reassignment, reports; not a rep's own commitments. */
export function isManager(principal: Pick<Principal, "scopes" | "repId">): boolean {
  return keyKindOf(principal) === "manager";
}

/** A rep: acts on and reads only the leads handed to them (`principal.repId`). */
export function isRep(principal: Pick<Principal, "scopes" | "repId">): boolean {
  return keyKindOf(principal) === "rep";
}

/**
 * Whether a capture by this key is trusted to change what a lead says (overwrite signals,
 * withdraw consent, move a status). Public keys and reps only add: a public key is in every
 * visitor's browser, and a rep acts only on their own leads, not on whoever a known email is.
 */
export function capturesTrusted(principal: Pick<Principal, "scopes" | "repId">): boolean {
  const kind = keyKindOf(principal);
  return kind === "manager" || kind === "automation" || kind === "admin";
}

/** Kinds that read any lead, list leads and every rep's queue (reports reuse this). */
export const allLeadReaders: readonly KeyKind[] = ["manager", "automation", "admin"];
