import type { Lead } from "../lead/lead";
import type { ReboundEntry, SegmentMember } from "../lead/records";

/** The segment resurfaced leads enter (events name it; members carry it). */
export const REBOUND_SEGMENT = "rebound";

/** The member a resurfaced lead becomes: the snapshot a segment page shows, taken when it entered. */
export function segmentMemberOf(lead: Lead, entry: ReboundEntry, enteredAt: string): SegmentMember {
  return {
    lead: {
      id: lead.id,
      email: lead.email,
      ...(lead.name ? { name: lead.name } : {}),
      ...(lead.company ? { company: lead.company } : {}),
    },
    cycle: entry.cycle,
    enteredAt,
    from: entry.from,
    reason: entry.reason,
    source: lead.origin.type,
    ...(lead.closed ? { closed: lead.closed } : {}),
  };
}

/**
 * How long a segment member must be in the index before a pull returns it. Members are
 * ordered by the time the sweep decided to write them (`enteredAt`), on 4 write shards, so a
 * member can become visible after a member with a later key (a slow transaction, GSI
 * propagation). A cursor already past it would skip it. Returning only members older than
 * this window (much longer than one transaction plus index lag) closes that gap: by the time
 * a key is below the cutoff, nothing with a smaller key can still appear.
 */
export const DEFAULT_SEGMENT_SETTLE_MS = 30_000;

/** CSV of a segment page (RFC 4180 quoting). */
export function segmentCsv(items: SegmentMember[]): string {
  const header = [
    "entered_at",
    "cycle",
    "lead_id",
    "email",
    "name",
    "company",
    "closed_as",
    "reason",
    "competitor",
    "closed_at",
    "source",
  ];
  const quote = (v: unknown) => {
    const s = v === undefined || v === null ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = items.map((m) =>
    [
      m.enteredAt,
      m.cycle,
      m.lead.id,
      m.lead.email,
      m.lead.name,
      m.lead.company,
      m.closed?.kind ?? m.from,
      m.reason,
      m.closed?.competitor,
      m.closed?.at,
      m.source,
    ]
      .map(quote)
      .join(","),
  );
  return `${[header.join(","), ...rows].join("\r\n")}\r\n`;
}
