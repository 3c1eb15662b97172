import type { LeadEvent } from "../events/envelope";
import type { Clock } from "../kernel";
import type { LeadRepository } from "../ports/leads";
import type { ReportCounters } from "../ports/reports";
import { assembleReport, type ReportKind, reportCatalog } from "../reports/catalog";
import type { CounterFamily, CounterRow } from "../reports/counters";
import type { AnyReport } from "../reports/csv";
import { attributeTimeline } from "../reports/enrich";
import { project } from "../reports/project";
import type { DayRange } from "../reports/range";

export interface ReportDeps {
  reportCounters: ReportCounters;
  clock: Clock;
}

/**
 * The projector (the table stream's second reader, and the local poller's): adds a batch of
 * timeline events to the report counters, each once per event id. The generations are read
 * after the batch arrived, which is what makes a backfill safe beside it: an event committed
 * before the backfill opened its generation is on the timelines the backfill walks; one
 * committed after reaches a projector that already sees the generation being built.
 */
export async function projectEvents(
  deps: ReportDeps,
  events: readonly LeadEvent[],
): Promise<{ applied: number; duplicates: number }> {
  const entries = events.map((event) => ({ eventId: event.eventId, increments: project(event) }));
  const generations = await deps.reportCounters.generations();
  const targets = [
    generations.current,
    ...(generations.building !== undefined ? [generations.building] : []),
  ];
  const total = { applied: 0, duplicates: 0 };
  for (const generation of targets) {
    const result = await deps.reportCounters.apply(generation, entries, deps.clock.now());
    // The current generation's figures are what a caller sees; the one being built is bookkeeping.
    if (generation === generations.current) Object.assign(total, result);
  }
  return total;
}

/** One report for a period: the rows of the families it reads, from the generation in force, assembled. */
export async function readReport(
  deps: Pick<ReportDeps, "reportCounters">,
  kind: ReportKind,
  range: DayRange,
  groupBy: string,
): Promise<{ report: AnyReport; readUnits: number }> {
  const { current } = await deps.reportCounters.generations();
  const rows: Partial<Record<CounterFamily, CounterRow[]>> = {};
  let readUnits = 0;
  for (const family of reportCatalog[kind].families) {
    const read = await deps.reportCounters.read(current, family, range.from, range.to);
    rows[family] = read.rows;
    readUnits += read.readUnits;
  }
  return { report: assembleReport(kind, rows, range, groupBy), readUnits };
}

export interface BackfillResult {
  generation: number;
  leads: number;
  events: number;
  applied: number;
  /** Events already counted in the new generation (by the projector running meanwhile). */
  duplicates: number;
  /** Leads from before journeys that were given the one their timeline tells. */
  journeysAdopted: number;
  /** Rows of the replaced generation deleted. */
  dropped: number;
}

/**
 * `npm run reports:backfill`: rebuilds every counter from the timelines, into a new
 * generation, while the projector keeps running (it writes to both). Walks all leads through
 * the all-leads index (admin tooling: a Query per page, never a Scan), replays each timeline
 * (attributing events recorded before report facts existed), then switches reports to the new
 * generation and drops the old one. Run again after a crash: it resumes the open generation,
 * and the per-event markers make the replay of what was done harmless.
 */
export async function rebuildReports(
  deps: ReportDeps & { leads: Pick<LeadRepository, "list" | "timeline" | "adoptJourney"> },
  options: { pageSize?: number; log?: (line: string) => void } = {},
): Promise<BackfillResult> {
  const pageSize = options.pageSize ?? 100;
  const { current } = await deps.reportCounters.generations();
  const generation = await deps.reportCounters.beginRebuild();
  const result: BackfillResult = {
    generation,
    leads: 0,
    events: 0,
    applied: 0,
    duplicates: 0,
    journeysAdopted: 0,
    dropped: 0,
  };
  let after: string | undefined;
  do {
    const page = await deps.leads.list({}, pageSize, after);
    for (const lead of page.items) {
      const timeline: LeadEvent[] = [];
      let position: string | undefined;
      do {
        const events = await deps.leads.timeline(lead.id, 100, position);
        timeline.push(...events.items);
        position = events.lastSortKey;
      } while (position);
      const { events, journey } = attributeTimeline(timeline);
      const entries = events.map((event) => ({ eventId: event.eventId, increments: project(event) }));
      const applied = await deps.reportCounters.apply(generation, entries, deps.clock.now());
      result.leads++;
      result.events += events.length;
      result.applied += applied.applied;
      result.duplicates += applied.duplicates;
      const last = timeline.at(-1);
      if (!lead.journey && journey && last && last.version === lead.version)
        if (await deps.leads.adoptJourney(lead.id, lead.version, journey)) result.journeysAdopted++;
    }
    after = page.lastSortKey;
    options.log?.(`${result.leads} leads, ${result.events} events`);
  } while (after);
  await deps.reportCounters.finishRebuild(generation);
  if (current !== generation) result.dropped = await deps.reportCounters.dropGeneration(current);
  return result;
}
