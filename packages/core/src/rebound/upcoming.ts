import type { ReboundEntry } from "../lead/records";

export interface UpcomingGroup {
  key: string;
  count: number;
  leads: { leadId: string; dueAt: string; cycle: number; reason: string }[];
}

/** Upcoming rebounds grouped by ISO week (its Monday) or by reason, in key order (pure). */
export function groupUpcoming(entries: ReboundEntry[], groupBy: "week" | "reason"): UpcomingGroup[] {
  const groups = new Map<string, UpcomingGroup>();
  for (const entry of entries) {
    let key: string = entry.reason;
    if (groupBy === "week") {
      const d = new Date(entry.dueAt);
      const monday = new Date(
        Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)),
      );
      key = monday.toISOString().slice(0, 10);
    }
    const group = groups.get(key) ?? { key, count: 0, leads: [] };
    group.count++;
    group.leads.push({ leadId: entry.leadId, dueAt: entry.dueAt, cycle: entry.cycle, reason: entry.reason });
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}
