/**
 * The demo year, as data: who sends leads, how good they are, how each rep works, why deals
 * are lost and who comes back. `npm run demo` plays it through the core use cases with a
 * clock moved day by day (engine.ts); the same seed gives the same year.
 *
 * The shape follows the field articles: webinars bring many hand-raisers and few buyers,
 * a pricing form brings few leads and many sales, about ten marketing leads make one sale,
 * one rep lets hand-offs lapse, another misses appointments ("I was traveling"), and lost
 * leads come back about six months later, more likely to buy than fresh ones.
 */

/** How ready the leads of a source are: shares of each profile (they add up to 1). */
export interface LeadMix {
  /** Meets the sales-ready policy on capture. */
  ready: number;
  /** Interested, not ready: nurtured; some become ready on a second touch. */
  nurture: number;
  /** The chaff: no budget, no need, students, spam. Marketing qualifies them out. */
  chaff: number;
}

export interface DemoSource {
  type: "form" | "webinar" | "referral";
  id: string;
  campaign?: string;
  /** Forms and referrals: leads per weekday on average. */
  perWeekday?: number;
  /** Webinars: the weeks (0–51) they run, and attendees per session. */
  sessions?: { weeks: number[]; attendees: number };
  mix: LeadMix;
}

export interface RepStyle {
  id: string;
  /** Hours from hand-off to accepting, when the rep answers in time. */
  acceptHours: [number, number];
  /** Share of hand-offs the rep lets lapse past the acceptance SLA before answering. */
  lapse: number;
  /** Share of hand-offs rejected (by category). */
  reject: number;
  /** Share of agreed follow-ups made on time. */
  followUpDiscipline: number;
  /** Share of appointments the rep misses ("I was traveling"). */
  missAppointments: number;
  /** Share of accepted leads won. */
  win: number;
}

export const demoScenario = {
  seed: 14,
  weeks: 52,
  /** Leads marketing hands off: once a lead is sales-ready, within this many working hours. */
  handoffDelayHours: [2, 30] as [number, number],
  sources: [
    {
      type: "form",
      id: "pricing-demo-request",
      campaign: "Always on",
      perWeekday: 1.1,
      mix: { ready: 0.55, nurture: 0.35, chaff: 0.1 },
    },
    {
      type: "form",
      id: "contact-us",
      campaign: "Always on",
      perWeekday: 1.4,
      mix: { ready: 0.25, nurture: 0.5, chaff: 0.25 },
    },
    {
      type: "form",
      id: "whitepaper-lead-routing",
      campaign: "Content",
      perWeekday: 1.8,
      mix: { ready: 0.06, nurture: 0.54, chaff: 0.4 },
    },
    {
      type: "webinar",
      id: "monthly-product-tour",
      campaign: "Webinars",
      sessions: { weeks: [2, 6, 10, 15, 19, 23, 28, 32, 36, 41, 45, 49], attendees: 35 },
      mix: { ready: 0.08, nurture: 0.62, chaff: 0.3 },
    },
    {
      type: "webinar",
      id: "spring-launch",
      campaign: "Spring launch",
      sessions: { weeks: [12], attendees: 110 },
      mix: { ready: 0.05, nurture: 0.55, chaff: 0.4 },
    },
    {
      type: "referral",
      id: "partner-network",
      campaign: "Partners",
      perWeekday: 0.25,
      mix: { ready: 0.7, nurture: 0.25, chaff: 0.05 },
    },
  ] satisfies DemoSource[],
  reps: [
    {
      id: "ana.lima",
      acceptHours: [1, 6],
      lapse: 0.03,
      reject: 0.08,
      followUpDiscipline: 0.92,
      missAppointments: 0.03,
      win: 0.34,
    },
    // Lets hand-offs lapse: accepts late, if at all.
    {
      id: "ben.okafor",
      acceptHours: [4, 20],
      lapse: 0.4,
      reject: 0.18,
      followUpDiscipline: 0.55,
      missAppointments: 0.06,
      win: 0.22,
    },
    // Misses appointments.
    {
      id: "cora.jensen",
      acceptHours: [2, 10],
      lapse: 0.06,
      reject: 0.1,
      followUpDiscipline: 0.8,
      missAppointments: 0.35,
      win: 0.2,
    },
    {
      id: "dev.patel",
      acceptHours: [1, 12],
      lapse: 0.08,
      reject: 0.12,
      followUpDiscipline: 0.85,
      missAppointments: 0.05,
      win: 0.28,
    },
  ] satisfies RepStyle[],
  /** Why sales rejects a hand-off, by share. */
  rejectCategories: { not_sales_ready: 0.45, no_potential: 0.3, wrong_person: 0.15, duplicate: 0.1 },
  /** Of accepted leads not won: share recycled (delayed decision); the rest are lost. */
  recycle: 0.15,
  lostReasons: {
    chose_competitor: 0.3,
    no_budget: 0.22,
    timing: 0.18,
    no_decision: 0.14,
    specialised_requirements: 0.1,
    delivery_model: 0.06,
  },
  qualifiedOutReasons: {
    no_budget: 0.3,
    no_need: 0.25,
    not_a_fit: 0.2,
    student_or_job_seeker: 0.15,
    spam: 0.1,
  },
  /** Nurtured leads that come back ready on a later touch, within about 2–10 weeks. */
  nurtureMatures: 0.18,
  /** Lost and qualified-out leads that come back by themselves, about six months later. */
  returnAfterMonths: [5, 7] as [number, number],
  returnShare: { lost: 0.2, qualified_out: 0.06 },
  /** Rebounded leads that respond to the rebound campaign (a new touch within weeks). */
  reboundResponse: 0.45,
  /**
   * The rebound delays marketing agrees for the demo: shorter than the product's defaults,
   * so the comeback cohort has time to mature within the year.
   */
  reboundPolicy: {
    default: ["P4M"],
    reasons: {
      no_budget: ["P4M", "P8M"],
      timing: ["P2M"],
      chose_competitor: ["P6M"],
      spam: "never",
      student_or_job_seeker: "never",
      duplicate: "never",
    },
  },
  /** Leads whose decision is sped up the second time around: their win rate is multiplied. */
  comebackWinBoost: 2.2,
  /** Marketing tightens the policy in week 30 (two touches needed); open leads are re-qualified. */
  policyChangeWeek: 30,
  /** Days from acceptance to an outcome. */
  outcomeDays: [7, 45] as [number, number],
  /** Agreed follow-up cadence after acceptance (the sales-ready policy's). */
  followUpCadence: ["P2D", "P7D", "P14D"],
};

export type DemoScenario = typeof demoScenario;
