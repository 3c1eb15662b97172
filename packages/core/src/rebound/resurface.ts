import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { ReboundEntry } from "../lead/records";
import { REBOUND_SEGMENT, segmentMemberOf } from "./segment";

export type ResurfaceDecision =
  | { outcome: "rebounded" | "dropped"; decision: Decision }
  /** The lead no longer lists the cycle: another sweep (or a cancellation) got there first. */
  | { outcome: "done" };

/**
 * What one due entry does to its lead (pure). The entry's deletion is conditioned on it
 * still existing (`rebound.consume`), and the segment member on not existing yet, so a sweep
 * that lost a race to another one fails its transaction, reads the lead again, finds the
 * cycle no longer pending and does nothing.
 *
 * Cycle semantics: the lead becomes `rebounded` from `lost`/`qualified_out`; a later cycle
 * of a lead still `rebounded` (untouched since) only adds a new segment membership and
 * event. Any other status, or no marketing consent, means the lead moved on: the entry is
 * dropped with `lead.rebound_cancelled`.
 */
export function decideResurface(lead: Lead, entry: ReboundEntry, at: string): ResurfaceDecision {
  const pending = lead.rebound?.pending ?? [];
  if (!pending.some((p) => p.cycle === entry.cycle)) return { outcome: "done" };
  const rest = pending.filter((p) => p.cycle !== entry.cycle);
  const consume = { type: "rebound.consume", leadId: lead.id, cycle: entry.cycle } as const;
  const eligible =
    lead.consent?.marketing === true && ["lost", "qualified_out", "rebounded"].includes(lead.status);
  if (!eligible) {
    return {
      outcome: "dropped",
      decision: {
        lead: {
          ...lead,
          rebound: { ...lead.rebound!, pending: rest },
          updatedAt: at,
          version: lead.version + 1,
        },
        events: [
          {
            type: "lead.rebound_cancelled",
            data: {
              dueAt: entry.dueAt,
              cycle: entry.cycle,
              cause: lead.consent?.marketing === true ? "superseded" : "consent_withdrawn",
            },
          },
        ],
        effects: [consume],
      },
    };
  }
  const next: Lead = {
    ...lead,
    status: "rebounded",
    rebound: { ...lead.rebound!, pending: rest, last: { cycle: entry.cycle, at } },
    updatedAt: at,
    version: lead.version + 1,
  };
  return {
    outcome: "rebounded",
    decision: {
      lead: next,
      events: [
        {
          type: "lead.rebounded",
          data: { cycle: entry.cycle, from: entry.from, reason: entry.reason, segment: REBOUND_SEGMENT },
        },
      ],
      effects: [consume, { type: "segment.add", member: segmentMemberOf(next, entry, at) }],
    },
  };
}
