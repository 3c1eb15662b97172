/**
 * Everything that differs between stages, in one place, so a reviewer sees the whole
 * production/dev difference at a glance. Plain data: no SST globals, no resources.
 */
export type SlaPolicy = "flag" | "return_to_marketing";

export interface StageSettings {
  isProduction: boolean;
  api: {
    memory: `${number} MB`;
    /** API Gateway stage throttling: steady requests/second and burst. */
    throttle: { rate: number; burst: number };
    /** Browser origins allowed by the API's CORS; integrations calling server-side need none. */
    corsOrigins: string[];
  };
  logRetention: "1 week" | "1 month" | "3 months" | "6 months";
  sweeps: {
    /** EventBridge Scheduler expressions; both sweeps are idempotent, so overlap is harmless. */
    reboundSchedule: `rate(${string})` | `cron(${string})`;
    slaSchedule: `rate(${string})` | `cron(${string})`;
  };
  slaPolicy: SlaPolicy;
}

const production: StageSettings = {
  isProduction: true,
  // More memory buys more CPU on Lambda: shorter cold starts for the API.
  api: { memory: "1024 MB", throttle: { rate: 100, burst: 200 }, corsOrigins: [] },
  logRetention: "6 months",
  // Rebound dates are days; hourly still resurfaces a lead on its day after a failed run.
  sweeps: { reboundSchedule: "rate(1 hour)", slaSchedule: "rate(15 minutes)" },
  slaPolicy: "flag",
};

const staging: StageSettings = {
  ...production,
  isProduction: false,
  api: { ...production.api, memory: "512 MB", throttle: { rate: 20, burst: 40 } },
  logRetention: "1 month",
};

/** Personal and CI stages: cheap, short-lived logs, browser dev servers allowed. */
const development: StageSettings = {
  ...staging,
  api: { ...staging.api, corsOrigins: ["http://localhost:3000", "http://localhost:5173"] },
  logRetention: "1 week",
  sweeps: { reboundSchedule: "rate(1 hour)", slaSchedule: "rate(1 hour)" },
};

export function stageSettings(stage: string): StageSettings {
  if (stage === "production") return production;
  if (stage === "staging") return staging;
  return development;
}
