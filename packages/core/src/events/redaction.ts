import type { LeadEventType } from "./catalogue";
import type { LeadEvent } from "./envelope";

/**
 * What erasure (GDPR Art. 17) does to each event type's `data`. Events carry what changed and
 * why, never the person's contact fields (those live on the lead item), but some carry text a
 * person typed, which may name or describe the lead: notes, free-text reasons, a campaign's UTM
 * values. Paths are dot-separated into `data`.
 *
 * - `drop`: optional fields removed.
 * - `mask`: required free-text fields replaced by {@link ERASED_TEXT}, so the event still
 *   validates against its schema and consumers parse it as before.
 * - `keep`: free-text fields judged not personal, with the reason in a comment, so that the
 *   completeness test (every free-text field of every schema is classified) passes only on a
 *   decision, not by omission.
 *
 * The envelope's `why` (free text) is always removed. Ids, statuses, reasons from the
 * taxonomies, times, counts, rep ids and policy words stay: they are what keeps reports right.
 */
export interface RedactionRule {
  drop?: readonly string[];
  mask?: readonly string[];
  keep?: readonly string[];
}

export const ERASED_TEXT = "[erased]";

const utm = "source.utm";

/**
 * The report facts every event carries (`data.attribution`, lead/journey.ts): the source
 * reference and campaign, the funnel pass, the hand-off's id and rep, stages and times. They
 * are marketing's and sales' labels, not the person's, and they are what keeps the reports'
 * counts right after an erasure: kept on every type.
 */
const REPORT_FACTS = "attribution";

/** One rule per type: the mapped type makes a new event type without a rule a compile error. */
const rules: { readonly [T in LeadEventType]: RedactionRule } = {
  // Campaign names are marketing's, not the person's; UTM values are free-form and have carried emails.
  "lead.captured": { drop: [utm], keep: ["source.campaign"] },
  "lead.touched": { drop: [utm], keep: ["source.campaign"] },
  "lead.updated": {},
  // Verdict reasons are the policy's own words.
  "lead.qualified": { keep: ["verdict.reasons"] },
  "lead.qualified_out": { drop: ["note"] },
  "lead.handed_off": { drop: ["notes"], mask: ["override.reason"], keep: ["verdict.reasons"] },
  "lead.accepted": {},
  "lead.rejected": { mask: ["reason"] },
  "lead.reassigned": { drop: ["reason"] },
  "lead.follow_up_logged": { drop: ["note"] },
  "lead.follow_up_overdue": {},
  "lead.appointment_scheduled": { drop: ["note"] },
  "lead.appointment_rescheduled": { drop: ["reason"] },
  "lead.appointment_closed": { drop: ["note"] },
  "lead.sla_breached": {},
  "lead.won": {},
  "lead.recycled": { mask: ["reason"] },
  // A competitor is a company, not the person; "lost to whom" is what the loss reports count.
  "lead.lost": { drop: ["note"], keep: ["competitor"] },
  "lead.rebound_scheduled": {},
  "lead.rebound_cancelled": {},
  // The segment is named by marketing.
  "lead.rebounded": { keep: ["segment"] },
  "lead.returned": { drop: [utm], keep: ["source.campaign"] },
  "lead.consent_changed": { drop: ["via"] },
  "lead.erased": {},
};

function withReportFacts<T extends string>(
  all: { readonly [K in T]: RedactionRule },
): {
  readonly [K in T]: RedactionRule;
} {
  const out = {} as { [K in T]: RedactionRule };
  for (const type of Object.keys(all) as T[])
    out[type] = { ...all[type], keep: [...(all[type].keep ?? []), REPORT_FACTS] };
  return out;
}

export const redactionRules = withReportFacts(rules);

function parentOf(
  data: Record<string, unknown>,
  path: string,
): [Record<string, unknown>, string] | undefined {
  const parts = path.split(".");
  let node: unknown = data;
  for (const part of parts.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "object" && node !== null
    ? [node as Record<string, unknown>, parts.at(-1)!]
    : undefined;
}

/** The event's data as erasure leaves it (a deep copy; the input is not changed). */
export function redactEventData(type: string, data: Record<string, unknown>): Record<string, unknown> {
  const rule = (redactionRules as Record<string, RedactionRule | undefined>)[type];
  // A type this build does not know cannot be judged: keep nothing of it.
  if (!rule) return {};
  const copy = structuredClone(data);
  for (const path of rule.drop ?? []) {
    const found = parentOf(copy, path);
    if (found) delete found[0][found[1]];
  }
  for (const path of rule.mask ?? []) {
    const found = parentOf(copy, path);
    if (found && found[0][found[1]] !== undefined) found[0][found[1]] = ERASED_TEXT;
  }
  return copy;
}

/** The anonymous form of a timeline event: its data redacted and its free-text `why` removed. */
export function redactEvent(event: LeadEvent): LeadEvent {
  const { why: _why, ...rest } = event;
  return { ...rest, data: redactEventData(event.type, event.data) };
}
