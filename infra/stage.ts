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
  /** How long a function uses a secret before reading it again: how soon a rotation takes effect. */
  secretsCacheMs: number;
  alarms: AlarmSettings;
}

/** Thresholds of the stage's alarms (infra/alarms.ts); every alarm notifies the stage's SNS topic. */
export interface AlarmSettings {
  /** Addresses subscribed to the alarm topic by email (each must confirm the subscription). */
  emails: string[];
  /** API 5xx answers as a percentage of requests over 5 minutes… */
  api5xxPercent: number;
  /** …once at least this many requests came in (a single 500 among 3 requests is not an outage). */
  api5xxMinRequests: number;
  /** Oldest due entry a sweep run found, in minutes: well past its schedule means runs fail or fall behind. */
  sweepLagMinutes: { rebound: number; sla: number };
  /** Age of the oldest stream record the forwarder has not yet handled, in minutes. */
  forwarderIteratorAgeMinutes: number;
}

const production: StageSettings = {
  isProduction: true,
  // More memory buys more CPU on Lambda: shorter cold starts for the API.
  api: { memory: "1024 MB", throttle: { rate: 100, burst: 200 }, corsOrigins: [] },
  logRetention: "6 months",
  // Rebound dates are days; hourly still resurfaces a lead on its day after a failed run.
  sweeps: { reboundSchedule: "rate(1 hour)", slaSchedule: "rate(15 minutes)" },
  slaPolicy: "flag",
  secretsCacheMs: 5 * 60_000,
  alarms: {
    emails: [],
    api5xxPercent: 1,
    api5xxMinRequests: 50,
    // Two missed runs plus a margin: one failed run is retried by the next.
    sweepLagMinutes: { rebound: 150, sla: 45 },
    forwarderIteratorAgeMinutes: 5,
  },
};

const staging: StageSettings = {
  ...production,
  isProduction: false,
  api: { ...production.api, memory: "512 MB", throttle: { rate: 20, burst: 40 } },
  logRetention: "1 month",
  alarms: { ...production.alarms, api5xxPercent: 5, api5xxMinRequests: 20 },
};

/** Personal and CI stages: cheap, short-lived logs, browser dev servers allowed. */
const development: StageSettings = {
  ...staging,
  api: { ...staging.api, corsOrigins: ["http://localhost:3000", "http://localhost:5173"] },
  logRetention: "1 week",
  sweeps: { reboundSchedule: "rate(1 hour)", slaSchedule: "rate(1 hour)" },
  alarms: { ...staging.alarms, sweepLagMinutes: { rebound: 150, sla: 150 }, forwarderIteratorAgeMinutes: 15 },
};

export function stageSettings(stage: string): StageSettings {
  if (stage === "production") return production;
  if (stage === "staging") return staging;
  return development;
}
