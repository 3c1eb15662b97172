import { exactMedian, type Pass, type Recount, type RepFact } from "./report-oracle";

/*
 * Every report figure, counted straight from the recount (oracle side of the property test).
 * Medians come out exact (`exactMs`); the test checks the report's bucket holds them.
 */

export interface Range {
  from: string;
  to: string;
}
export type OracleMedian = { exactMs: number; count: number } | null;

const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
const inRange = (range: Range) => (x: { day: string }) => x.day >= range.from && x.day <= range.to;

function weekOf(d: string): string {
  const date = new Date(`${d}T00:00:00Z`);
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}
const periodOf = (d: string, g: "week" | "month") => (g === "week" ? weekOf(d) : d.slice(0, 7));

function periods(range: Range, g: "week" | "month"): string[] {
  const keys = new Set<string>();
  for (let t = Date.parse(range.from); t <= Date.parse(range.to); t += 86_400_000)
    keys.add(periodOf(new Date(t).toISOString().slice(0, 10), g));
  return [...keys];
}

/** Groups items by key: every period for a time grouping, else the keys present, sorted. */
function groupsOf<T>(items: T[], keyOf: (x: T) => string, allKeys?: string[]): [string, T[]][] {
  const map = new Map<string, T[]>((allKeys ?? []).map((k) => [k, []]));
  for (const item of items) map.set(keyOf(item), [...(map.get(keyOf(item)) ?? []), item]);
  const entries = [...map.entries()];
  return allKeys ? entries : entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of [...values].sort()) out[v] = (out[v] ?? 0) + 1;
  return out;
}

const median = (values: number[]): OracleMedian => {
  const m = exactMedian(values);
  return m === undefined ? null : { exactMs: m, count: values.length };
};

function funnelRow(key: string, ps: Pass[]) {
  const has = (s: string) => ps.filter((p) => p.reached.has(s as never)).length;
  const entered = ps.length;
  const [salesReady, handedOff, accepted, won] = [
    has("sales_ready"),
    has("handed_off"),
    has("accepted"),
    has("won"),
  ];
  return {
    key,
    entered,
    enteredBy: {
      new: ps.filter((p) => p.entry === "new").length,
      rebound: ps.filter((p) => p.entry === "rebound").length,
      returning: ps.filter((p) => p.entry === "returning").length,
    },
    salesReady,
    handedOff,
    accepted,
    won,
    wonBy: {
      sale: ps.filter((p) => p.wonKind === "sale").length,
      introductoryOrder: ps.filter((p) => p.wonKind === "introductory_order").length,
    },
    handoffs: ps.reduce((n, p) => n + p.handoffs, 0),
    overrides: ps.reduce((n, p) => n + p.overrides, 0),
    conversion: {
      salesReady: rate(salesReady, entered),
      handedOff: rate(handedOff, salesReady),
      accepted: rate(accepted, handedOff),
      won: rate(won, accepted),
      overall: rate(won, entered),
    },
    leadsPerSale: won > 0 ? Math.round((entered / won) * 100) / 100 : null,
  };
}

export function oracleFunnel(rc: Recount, range: Range, groupBy: "week" | "month" | "source" | "campaign") {
  const passes = rc.passes.filter(inRange(range));
  const keyOf = (p: Pass) =>
    groupBy === "source"
      ? p.source
      : groupBy === "campaign"
        ? p.campaign || "(none)"
        : periodOf(p.day, groupBy);
  const all = groupBy === "week" || groupBy === "month" ? periods(range, groupBy) : undefined;
  return {
    report: "funnel",
    ...range,
    groupBy,
    totals: funnelRow("total", passes),
    groups: groupsOf(passes, keyOf, all).map(([k, ps]) => funnelRow(k, ps)),
  };
}

function sourceRow(key: string, ps: Pass[]) {
  const entered = ps.length;
  const handoffs = ps.reduce((n, p) => n + p.handoffs, 0);
  const accepted = ps.reduce((n, p) => n + p.accepted, 0);
  const rejected = ps.flatMap((p) => p.rejected);
  const salesReady = ps.filter((p) => p.reached.has("sales_ready")).length;
  const won = ps.filter((p) => p.reached.has("won")).length;
  const qualifiedOut = ps.flatMap((p) => p.qualifiedOut);
  const lost = ps.flatMap((p) => p.lost);
  return {
    key,
    entered,
    salesReady,
    salesReadyRate: rate(salesReady, entered),
    handoffs,
    accepted,
    acceptRate: rate(accepted, handoffs),
    rejected: rejected.length,
    rejectRate: rate(rejected.length, handoffs),
    rejectReasons: tally(rejected),
    won,
    winRate: rate(won, entered),
    medianHoursToAccept: median(ps.flatMap((p) => p.acceptMs)),
    qualifiedOut: qualifiedOut.length,
    qualifiedOutReasons: tally(qualifiedOut),
    lost: lost.length,
    lostReasons: tally(lost),
  };
}

export function oracleSources(rc: Recount, range: Range, groupBy: "source" | "type" | "campaign") {
  const passes = rc.passes.filter(inRange(range));
  const keyOf = (p: Pass) =>
    groupBy === "source" ? p.source : groupBy === "type" ? p.source.split(":")[0]! : p.campaign || "(none)";
  return {
    report: "sources",
    ...range,
    groupBy,
    totals: sourceRow("total", passes),
    groups: groupsOf(passes, keyOf).map(([k, ps]) => sourceRow(k, ps)),
  };
}

function repRow(key: string, facts: RepFact[]) {
  const n = (what: string) => facts.filter((f) => f.what === what).length;
  const sla = (kind: string) => {
    const kept = n(`sla.${kind}.kept`);
    const missed = n(`sla.${kind}.missed`);
    return { kept, missed, compliance: rate(kept, kept + missed) };
  };
  const rejects = facts
    .filter((f) => f.what.startsWith("rejected."))
    .map((f) => f.what.slice("rejected.".length));
  const ms = (what: string) => facts.filter((f) => f.what === what).map((f) => f.ms!);
  const met = n("followups.met");
  const overdue = n("followups.overdue");
  return {
    key,
    handoffs: n("handoffs"),
    overrides: n("overrides"),
    accepted: n("accepted"),
    rejected: n("rejected"),
    rejectReasons: tally(rejects),
    acceptSla: sla("accept"),
    outcomeSla: sla("outcome"),
    breaches: { accept: n("breaches.accept"), outcome: n("breaches.outcome") },
    returnedToMarketing: n("returned"),
    appointments: {
      scheduled: n("appointments.scheduled"),
      rescheduled: n("appointments.rescheduled"),
      held: n("appointments.held"),
      prospectNoShow: n("appointments.prospect_no_show"),
      missedByRep: n("appointments.missed_by_rep"),
    },
    followUps: {
      logged: n("followups.logged"),
      due: met + overdue,
      met,
      overdue,
      compliance: rate(met, met + overdue),
    },
    outcomes: { won: n("outcomes.won"), lost: n("outcomes.lost"), recycled: n("outcomes.recycled") },
    medianHoursToAccept: median(ms("accept_time")),
    medianHoursToFirstFollowUp: median(ms("first_follow_up")),
  };
}

export function oracleReps(rc: Recount, range: Range, groupBy: "rep" | "week" | "month") {
  const facts = rc.repFacts.filter(inRange(range));
  const keyOf = (f: RepFact) => (groupBy === "rep" ? f.rep : periodOf(f.day, groupBy));
  return {
    report: "reps",
    ...range,
    groupBy,
    totals: repRow("total", facts),
    groups: groupsOf(facts, keyOf, groupBy === "rep" ? undefined : periods(range, groupBy)).map(([k, fs]) =>
      repRow(k, fs),
    ),
  };
}

export function oracleRebounds(rc: Recount, range: Range, groupBy: "cycle" | "week" | "month") {
  const facts = rc.reboundFacts.filter(inRange(range));
  const passes = rc.passes.filter(inRange(range));
  const sum = (fs: typeof facts, what: string) =>
    fs.filter((f) => f.what === what).reduce((n, f) => n + (f.by ?? 1), 0);
  const prefixed = (fs: typeof facts, prefix: string) =>
    tally(fs.filter((f) => f.what.startsWith(`${prefix}.`)).map((f) => f.what.slice(prefix.length + 1)));
  const flow = (key: string, fs: typeof facts) => {
    const cancelledBy = prefixed(fs, "cancelled");
    return {
      key,
      scheduled: sum(fs, "scheduled"),
      cancelled: Object.values(cancelledBy).reduce((a, b) => a + b, 0),
      cancelledBy,
      due: sum(fs, "due"),
      rebounded: sum(fs, "rebounded"),
    };
  };
  const cohort = (entries: string[]) => {
    const ps = passes.filter((p) => entries.includes(p.entry));
    const salesReady = ps.filter((p) => p.reached.has("sales_ready")).length;
    const won = ps.filter((p) => p.reached.has("won")).length;
    return {
      entered: ps.length,
      salesReady,
      handedOff: ps.filter((p) => p.reached.has("handed_off")).length,
      won,
      salesReadyRate: rate(salesReady, ps.length),
      winRate: rate(won, ps.length),
    };
  };
  const flows = groupBy === "cycle" ? facts.filter((f) => f.cycle !== undefined) : facts;
  const grouped = groupsOf(
    flows,
    (f) => (groupBy === "cycle" ? String(f.cycle) : periodOf(f.day, groupBy)),
    groupBy === "cycle" ? undefined : periods(range, groupBy),
  );
  const comeback = cohort(["rebound", "returning"]);
  return {
    report: "rebounds",
    ...range,
    groupBy,
    losses: { lost: prefixed(facts, "lost"), qualifiedOut: prefixed(facts, "qualified_out") },
    returning: {
      fromLost: sum(facts, "returned.lost"),
      fromQualifiedOut: sum(facts, "returned.qualified_out"),
    },
    cohorts: {
      new: cohort(["new"]),
      comeback,
      rebound: cohort(["rebound"]),
      returning: cohort(["returning"]),
    },
    requalified: comeback.salesReady,
    wonAfterRebound: comeback.won,
    totals: flow("total", flows),
    groups: (groupBy === "cycle" ? grouped.sort(([a], [b]) => Number(a) - Number(b)) : grouped).map(
      ([k, fs]) => flow(k, fs),
    ),
  };
}
