import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * `npm run events:replay`: republishes dead-lettered events through the admin route, so one
 * command works against npm start and a deployed stage alike (the route runs the replay where
 * the queue and the bus are).
 *
 *   npm run events:replay                                  # npm start on localhost:$PORT (3000)
 *   REBOUND_API_URL=https://… REBOUND_ADMIN_KEY=… npm run events:replay -- --max 500
 */
const api = (process.env.REBOUND_API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(
  /\/$/,
  "",
);
const maxArg = process.argv.indexOf("--max");
const max = maxArg > 0 ? Number(process.argv[maxArg + 1]) : 1_000;
const devKeyFile = join(resolve(process.env.REBOUND_DATA_DIR ?? ".data"), "dev-admin-key");
const key =
  process.env.REBOUND_ADMIN_KEY ??
  (existsSync(devKeyFile) ? readFileSync(devKeyFile, "utf8").trim() : undefined);

async function main(): Promise<number> {
  if (!Number.isInteger(max) || max < 1) throw new Error("--max takes a whole number ≥ 1");
  if (!key) throw new Error(`Set REBOUND_ADMIN_KEY (an admin API key); ${devKeyFile} does not exist.`);
  let left = max;
  let republished = 0;
  const stuck: unknown[] = [];
  for (;;) {
    const batch = Math.min(1_000, left);
    const response = await fetch(`${api}/v1/admin/dead-letters/replay?max=${batch}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
    });
    const body = (await response.json()) as {
      received: number;
      republished: number;
      failed: unknown[];
      unreplayable: unknown[];
      more: boolean;
    };
    if (!response.ok) throw new Error(`${api} answered ${response.status}: ${JSON.stringify(body)}`);
    republished += body.republished;
    stuck.push(...body.failed, ...body.unreplayable);
    left -= body.received;
    if (!body.more || left <= 0) break;
  }
  console.log(JSON.stringify({ republished, stillQueued: stuck }, null, 2));
  return stuck.length > 0 ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
