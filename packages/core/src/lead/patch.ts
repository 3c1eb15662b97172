import { normalizeEmail } from "./email";
import type { Lead } from "./lead";
import { type ContactPatch, contactFieldNames } from "./schema";

export interface PatchResult {
  lead: Lead;
  changed: string[];
  /** Set when the patch moves the lead to another email (the uniqueness item must move too). */
  previousEmail?: string;
}

/** Applies a contact correction (pure). Unchanged values are not reported as changes. */
export function applyContactPatch(lead: Lead, patch: ContactPatch, at: string): PatchResult {
  const next: Lead = { ...lead };
  const changed: string[] = [];
  let previousEmail: string | undefined;
  if (patch.email !== undefined) {
    const email = normalizeEmail(patch.email);
    if (email !== lead.email) {
      previousEmail = lead.email;
      next.email = email;
      changed.push("email");
    }
  }
  // Every contact field is clearable: `null` or "" removes it.
  for (const key of contactFieldNames) {
    const value = patch[key];
    if (value === undefined) continue;
    const normalized =
      value === null || value === "" ? undefined : key === "country" ? value.toUpperCase() : value;
    if (normalized !== lead[key]) {
      if (normalized === undefined) delete next[key];
      else next[key] = normalized;
      changed.push(key);
    }
  }
  if (patch.consent && patch.consent.marketing !== lead.consent?.marketing) {
    next.consent = { ...patch.consent, updatedAt: at };
    changed.push("consent");
  }
  if (patch.signals) {
    for (const [key, value] of Object.entries(patch.signals)) {
      if (value !== undefined && lead.signals[key as keyof Lead["signals"]] !== value)
        changed.push(`signals.${key}`);
    }
    next.signals = { ...lead.signals, ...patch.signals };
  }
  if (patch.custom) {
    for (const [key, value] of Object.entries(patch.custom)) {
      if (lead.custom[key] !== value) changed.push(`custom.${key}`);
    }
    next.custom = { ...lead.custom, ...patch.custom };
  }
  if (changed.length > 0) {
    next.updatedAt = at;
    next.version = lead.version + 1;
  }
  return previousEmail ? { lead: next, changed, previousEmail } : { lead: next, changed };
}
