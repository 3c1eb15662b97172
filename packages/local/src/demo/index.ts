import { ManualClock } from "@rebound/core/kernel";
import { type ApiDeps, createApiDeps, leadDeps } from "@rebound/functions/api";
import type { Config } from "@rebound/functions/config";
import { type DemoSummary, playDemoYear } from "./engine";
import { Random, seededUlids } from "./random";
import { demoScenario } from "./scenario";

const DAY = 86_400_000;

/** The Monday 52 weeks before this week's Monday (UTC), 00:00: the demo year ends this week. */
export function demoStart(now: Date, weeks = demoScenario.weeks): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
  return new Date(monday - weeks * 7 * DAY);
}

export class TableNotEmptyError extends Error {
  override readonly name = "TableNotEmptyError";
}

/**
 * `npm run demo` / `npm start -- --demo`: fills an empty table with the demo year through the
 * core use cases, on a clock of its own moved through the year (ending now), with ids and
 * choices from the scenario's seed. Refuses a table that already holds leads.
 */
export async function loadDemo(
  config: Config,
  options: { start?: Date; weeks?: number; log?: (line: string) => void } = {},
): Promise<DemoSummary> {
  const start = options.start ?? demoStart(new Date(), options.weeks);
  const clock = new ManualClock(start);
  const api: ApiDeps = createApiDeps(config, clock);
  const deps = { ...leadDeps(api), clock, ids: seededUlids(clock, new Random(demoScenario.seed + 1)) };
  if ((await deps.leads.list({}, 1, undefined)).items.length > 0)
    throw new TableNotEmptyError(
      `The table ${config.tableName} already holds leads: the demo only fills an empty one (try \`npm run demo -- --in-memory\`, or remove .data/).`,
    );
  try {
    return await playDemoYear(deps, {
      start,
      slaPolicy: config.slaPolicy,
      ...(options.weeks !== undefined ? { weeks: options.weeks } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  } finally {
    api.stores.table.client.destroy();
  }
}
