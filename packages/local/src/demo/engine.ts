import type { Actor } from "@rebound/core/events";
import type { Acting, ActionNeeds } from "@rebound/core/handoff";
import {
  acceptAction,
  closeAppointmentAction,
  followUpAction,
  handOffAction,
  type LeadAction,
  lostAction,
  qualifyOutAction,
  recycleAction,
  rejectAction,
  scheduleAppointmentAction,
  wonAction,
} from "@rebound/core/handoff";
import { DomainError, type ManualClock } from "@rebound/core/kernel";
import { defaultPolicyInput } from "@rebound/core/qualification";
import {
  captureLead,
  publishPolicy,
  replaceReboundPolicy,
  runLeadAction,
  runRequalification,
  runSlaSweep,
  type SlaSweepDeps,
  sweepRebounds,
  type UseCaseDeps,
} from "@rebound/core/usecases";
import { Agenda } from "./agenda";
import { Random } from "./random";
import { type DemoScenario, type DemoSource, demoScenario, type RepStyle } from "./scenario";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Profile = "ready" | "nurture" | "chaff";
const signalsOf: Record<Profile, (r: Random) => Record<string, string>> = {
  ready: (r) => ({
    budget: r.chance(0.6) ? "approved" : "planned",
    authority: r.chance(0.7) ? "decision_maker" : "evaluator",
    need: "confirmed",
    timeline: r.pick(["within_1_month", "within_3_months", "within_3_months"]),
  }),
  nurture: (r) => ({
    budget: r.chance(0.3) ? "planned" : "none",
    authority: "evaluator",
    need: "exploring",
    timeline: "over_6_months",
  }),
  chaff: () => ({ budget: "none", authority: "none", need: "none" }),
};

export interface DemoSummary {
  leads: number;
  captures: number;
  handoffs: number;
  won: number;
  lost: number;
  rebounded: number;
  returned: number;
  seconds: number;
}

const marketing: Acting = {
  actor: { kind: "api_key", id: "demo-marketing", name: "Marketing (demo)" },
  anyRep: true,
};
const repActing = (rep: RepStyle): Acting => ({
  actor: { kind: "api_key", id: `demo-${rep.id}`, name: rep.id },
  repId: rep.id,
  anyRep: false,
});
const formActor: Actor = {
  kind: "api_key",
  id: "demo-forms",
  name: "Website and webinar integrations (demo)",
};

/**
 * Plays the demo year (scenario.ts) through the core use cases — the same capture, lead
 * actions, policy publishing, sweeps and re-qualification the API and the schedules run —
 * with the clock moved through the year: an agenda of timed tasks, run in time order.
 */
export async function playDemoYear(
  deps: UseCaseDeps & { clock: ManualClock },
  options: {
    start: Date;
    slaPolicy: SlaSweepDeps["slaPolicy"];
    scenario?: DemoScenario;
    weeks?: number;
    log?: (line: string) => void;
  },
): Promise<DemoSummary> {
  const scenario = options.scenario ?? demoScenario;
  const random = new Random(scenario.seed);
  const weeks = options.weeks ?? scenario.weeks;
  const start = options.start.getTime();
  const end = start + weeks * 7 * DAY;
  const agenda = new Agenda();
  const began = performance.now();
  const summary: DemoSummary = {
    leads: 0,
    captures: 0,
    handoffs: 0,
    won: 0,
    lost: 0,
    rebounded: 0,
    returned: 0,
    seconds: 0,
  };
  const emails = new Map<string, { email: string; source: DemoSource; comeback: boolean }>();
  const handedOff = new Set<string>();
  const seenRebounds = new Set<string>();
  let sequence = 0;

  const at = (t: number, task: () => Promise<unknown>) => {
    if (t < end) agenda.push(t, task);
  };
  const act = async <I, N extends ActionNeeds>(
    action: LeadAction<I, N>,
    leadId: string,
    acting: Acting,
    body?: unknown,
    params?: Record<string, string>,
  ) => {
    try {
      const answer = await runLeadAction(deps, action as never, {
        leadId,
        acting,
        body,
        ...(params ? { params } : {}),
      });
      return answer.kind === "done" ? answer.result : undefined;
    } catch (error) {
      // The lead moved on meanwhile (a breach, another outcome): what a person would be told, and skip.
      if (error instanceof DomainError) return undefined;
      throw error;
    }
  };

  async function capture(email: string, source: DemoSource, profile: Profile, comeback: boolean) {
    const answer = await captureLead(
      deps,
      {
        email,
        name: `Demo ${email.split("@")[0]}`,
        company: `${email
          .split("@")[1]!
          .split(".")[0]!
          .replace(/^\w/, (c) => c.toUpperCase())} GmbH`,
        consent: { marketing: random.chance(0.85) },
        source: {
          type: source.type,
          id: source.id,
          ...(source.campaign ? { campaign: source.campaign } : {}),
        },
        signals: signalsOf[profile](random),
      },
      formActor,
    );
    summary.captures++;
    if (answer.kind !== "done") return;
    const { lead, outcome } = answer.result;
    if (outcome === "created") summary.leads++;
    emails.set(lead.id, { email, source, comeback });
    const now = deps.clock.now().getTime();
    if (lead.status === "sales_ready") scheduleHandOff(lead.id, now);
    else if (lead.status === "nurturing" && outcome === "created") {
      if (profile === "chaff" && random.chance(0.8))
        at(now + random.between(1, 5) * DAY, () =>
          act(qualifyOutAction, lead.id, marketing, {
            reason: random.weighted(scenario.qualifiedOutReasons),
          }).then((r) => {
            if (r) planReturn(lead.id, "qualified_out");
          }),
        );
      if (profile === "nurture" && random.chance(scenario.nurtureMatures))
        at(now + random.between(14, 70) * DAY, () => capture(email, source, "ready", comeback));
    }
  }

  function scheduleHandOff(leadId: string, now: number) {
    if (handedOff.has(leadId)) return;
    handedOff.add(leadId);
    at(now + random.between(...scenario.handoffDelayHours) * HOUR, async () => {
      const rep = random.pick(scenario.reps);
      const done = await act(handOffAction, leadId, marketing, {
        repId: rep.id,
        notes: {
          summary: "Qualified by marketing: budget, authority, need and timeline confirmed on the call.",
        },
      });
      handedOff.delete(leadId);
      if (!done) return;
      summary.handoffs++;
      repWorks(leadId, rep, deps.clock.now().getTime());
    });
  }

  function repWorks(leadId: string, rep: RepStyle, handedAt: number) {
    const acting = repActing(rep);
    if (random.chance(rep.reject)) {
      at(handedAt + random.between(...rep.acceptHours) * HOUR, () =>
        act(rejectAction, leadId, acting, {
          reason: "Not a fit for us right now.",
          category: random.weighted(scenario.rejectCategories),
        }),
      );
      return;
    }
    // A rep who lets it lapse answers after the acceptance SLA (the sweep records the breach first).
    const acceptAfter = random.chance(rep.lapse)
      ? random.between(30, 60)
      : random.between(...rep.acceptHours);
    at(handedAt + acceptAfter * HOUR, async () => {
      const accepted = await act(acceptAction, leadId, acting);
      if (!accepted) return;
      const acceptedAt = deps.clock.now().getTime();
      // The agreed follow-ups: one in each window, for a disciplined rep.
      let windowStart = acceptedAt;
      for (const days of [2, 7, 14]) {
        const windowEnd = acceptedAt + days * DAY;
        if (random.chance(rep.followUpDiscipline))
          at(random.between(windowStart, windowEnd - HOUR), () =>
            act(followUpAction, leadId, acting, {
              channel: random.pick(["phone", "email", "video_call"]),
              note: "Followed up.",
            }),
          );
        windowStart = windowEnd;
      }
      if (random.chance(0.6)) {
        at(acceptedAt + random.between(1, 3) * DAY, async () => {
          const when = deps.clock.now().getTime() + random.between(3, 8) * DAY;
          const booked = await act(scheduleAppointmentAction, leadId, acting, {
            at: new Date(when).toISOString(),
          });
          const appointmentId = booked?.newId;
          if (!appointmentId) return;
          const result = random.chance(rep.missAppointments)
            ? "missed_by_rep"
            : random.chance(0.1)
              ? "prospect_no_show"
              : "held";
          at(when + 2 * HOUR, () =>
            act(closeAppointmentAction, leadId, acting, { result }, { appointmentId }),
          );
        });
      }
      const comeback = emails.get(leadId)?.comeback ?? false;
      at(acceptedAt + random.between(...scenario.outcomeDays) * DAY, async () => {
        const winRate = Math.min(0.9, rep.win * (comeback ? scenario.comebackWinBoost : 1));
        if (random.chance(winRate)) {
          const won = await act(wonAction, leadId, acting, {
            kind: random.chance(0.25) ? "introductory_order" : "sale",
            value: Math.round(random.between(4, 60)) * 1_000,
            currency: "EUR",
          });
          if (won) summary.won++;
        } else if (random.chance(scenario.recycle)) {
          const followUpAt = new Date(
            deps.clock.now().getTime() + random.between(60, 120) * DAY,
          ).toISOString();
          const recycled = await act(recycleAction, leadId, acting, {
            followUpAt,
            reason: "Decision postponed to next quarter.",
          });
          if (recycled && random.chance(0.4)) {
            const lead = emails.get(leadId);
            if (lead) at(Date.parse(followUpAt), () => capture(lead.email, lead.source, "ready", true));
          }
        } else {
          const reason = random.weighted(scenario.lostReasons);
          const lost = await act(lostAction, leadId, acting, {
            reason,
            ...(reason === "chose_competitor"
              ? { competitor: random.pick(["Acme CRM", "Pipeliner", "LeadSpark"]) }
              : {}),
          });
          if (lost) {
            summary.lost++;
            planReturn(leadId, "lost");
          }
        }
      });
    });
  }

  /** Some closed leads come back by themselves, about six months later (before or after their rebound). */
  function planReturn(leadId: string, kind: "lost" | "qualified_out") {
    const lead = emails.get(leadId);
    if (!lead || !random.chance(scenario.returnShare[kind])) return;
    const months = random.between(...scenario.returnAfterMonths);
    at(deps.clock.now().getTime() + months * 30 * DAY, async () => {
      summary.returned++;
      await capture(lead.email, scenario.sources[1]!, "ready", true);
    });
  }

  /** Rebounded leads answer the rebound campaign now and then: a new touch within weeks. */
  async function reboundResponses() {
    let after: string | undefined;
    do {
      const page = await deps.leads.list({ status: "rebounded" }, 100, after);
      for (const lead of page.items) {
        const key = `${lead.id}#${lead.rebound?.last?.cycle ?? 0}`;
        if (seenRebounds.has(key)) continue;
        seenRebounds.add(key);
        summary.rebounded++;
        const known = emails.get(lead.id);
        if (known && random.chance(scenario.reboundResponse))
          at(deps.clock.now().getTime() + random.between(7, 28) * DAY, () =>
            capture(known.email, known.source, random.chance(0.75) ? "ready" : "nurture", true),
          );
      }
      after = page.lastSortKey;
    } while (after);
  }

  /** Leads a re-qualification made sales-ready are handed off like any other. */
  async function handOffSalesReady() {
    let after: string | undefined;
    do {
      const page = await deps.leads.list({ status: "sales_ready" }, 100, after);
      for (const lead of page.items) scheduleHandOff(lead.id, deps.clock.now().getTime());
      after = page.lastSortKey;
    } while (after);
  }

  // The policy marketing and sales agree at the start: the default, with a follow-up cadence.
  deps.clock.set(start);
  await publishPolicy(
    deps,
    { ...defaultPolicyInput, sla: { accept: "PT24H", outcome: "P30D", followUps: scenario.followUpCadence } },
    "demo",
  );
  await replaceReboundPolicy(deps, scenario.reboundPolicy, "demo");
  at(start + scenario.policyChangeWeek * 7 * DAY + 10 * HOUR, async () => {
    // Agreed mid-year: a lead with a planned budget and a longer timeline is sales-ready too.
    await publishPolicy(
      deps,
      {
        ...defaultPolicyInput,
        name: "BANT, longer timelines",
        criteria: {
          ...defaultPolicyInput.criteria,
          timeline: [...(defaultPolicyInput.criteria.timeline ?? []), "over_6_months"],
        },
        threshold: 40,
        sla: { accept: "PT24H", outcome: "P30D", followUps: scenario.followUpCadence },
      },
      "demo",
    );
  });

  for (let day = 0; day < weeks * 7; day++) {
    const dayStart = start + day * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const week = Math.floor(day / 7);
    for (const source of scenario.sources) {
      const count =
        source.perWeekday !== undefined
          ? weekday >= 1 && weekday <= 5
            ? random.poisson(source.perWeekday)
            : 0
          : weekday === 3 && source.sessions?.weeks.includes(week)
            ? Math.round(source.sessions.attendees * random.between(0.8, 1.2))
            : 0;
      for (let i = 0; i < count; i++) {
        const when =
          source.type === "webinar"
            ? dayStart + 17 * HOUR + i * 1_000
            : dayStart + random.between(8, 18) * HOUR;
        const profile = random.weighted(source.mix) as Profile;
        const email = `${source.id.split("-")[0]}${++sequence}@${random.pick(["northwind", "contoso", "globex", "initech", "umbrella", "hooli", "stark", "wayne"])}-${sequence % 97}.example`;
        at(when, () => capture(email, source, profile, false));
      }
    }
    // The schedules: SLA sweep every six hours, rebound sweep and re-qualification nightly.
    for (const hour of [0, 6, 12, 18])
      at(dayStart + hour * HOUR, () => runSlaSweep({ ...deps, slaPolicy: options.slaPolicy }));
    at(dayStart + 2 * HOUR, async () => {
      await sweepRebounds(deps);
      await reboundResponses();
      const requalified = await runRequalification({ ...deps, maxLeads: 1_000 });
      if (requalified.changed > 0) await handOffSalesReady();
    });
    await agenda.runUntil(dayStart + DAY, (t) => deps.clock.set(t));
    if (day % 28 === 27)
      options.log?.(
        `  week ${week + 1}: ${summary.leads} leads, ${summary.handoffs} hand-offs, ${summary.won} won`,
      );
  }
  deps.clock.set(end);
  summary.seconds = Math.round((performance.now() - began) / 100) / 10;
  return summary;
}
