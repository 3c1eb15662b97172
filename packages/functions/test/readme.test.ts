import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveOverHttp } from "../../../test/browser";
import { createTestTable, type TestTable } from "../../../test/dynamo";
import { createLocalEventSink } from "../../core/src/events/local-sink";
import { ManualClock, ulidGenerator } from "../../core/src/kernel";
import { createStores } from "../../core/src/store";
import { sweepRebounds } from "../../core/src/usecases";
import { StreamPoller } from "../../local/src/stream-poller";
import { createApp } from "../src/api/app";
import { type ApiDeps, leadDeps } from "../src/api/deps";
import { liveOpenApi } from "../src/api/openapi/live";
import { loadConfig } from "../src/config";
import { createLogger, createMetrics } from "../src/observability";
import { runtimeSecrets } from "../src/secrets";

const run = promisify(execFile);
const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const DEV_KEY = "readme-dev-admin-key-0123456789";

/** The README's shell blocks that call the API, in order. */
function curlBlocks(): string[] {
  return [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((block) => /\bcurl\b/.test(block));
}

/** What each curl's trailing comment promises: `# → 201 … \`"status":"lost"\``, in the order the curls appear. */
function promises(script: string): { status: number; contains: string[] }[] {
  const out: { status: number; contains: string[] }[] = [];
  for (const line of script.split("\n")) {
    if (/(^|[\s($])curl\s/.test(line)) out.push({ status: 0, contains: [] });
    const arrow = /#\s*→\s*(\d{3})(.*)$/.exec(line);
    if (arrow) {
      const promise = out.at(-1)!;
      promise.status = Number(arrow[1]);
      promise.contains = [...arrow[2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    }
  }
  return out;
}

/**
 * The README is exactly true: its examples run as written, in bash, against the app over
 * HTTP on DynamoDB Local, wired as `npm start` wires it (local event sink, stream forwarder,
 * rebound sweep). Only the printed dev admin key is substituted, and `sleep` moves a manual
 * clock instead of waiting, running what npm start's timers would have run meanwhile
 * (the forwarder every second, the rebound sweep every 10 s).
 */
describe("README examples", () => {
  let table: TestTable;
  let server: Awaited<ReturnType<typeof serveOverHttp>>;
  let control: ReturnType<typeof createServer>;
  let controlUrl: string;
  let deps: ApiDeps;
  let forwarder: StreamPoller;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    table = await createTestTable("readme");
    const config = loadConfig({
      REBOUND_TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: table.endpoint,
      REBOUND_BOOTSTRAP_ADMIN_KEY: DEV_KEY,
      REBOUND_CURSOR_SECRET: "readme-cursor-secret-0123456789",
      REBOUND_SUPPRESSION_SECRET: "readme-suppression-secret-0123456789",
    });
    const eventSink = createLocalEventSink({});
    deps = {
      config,
      stores: createStores(table.client, table.tableName),
      clock,
      ids: ulidGenerator(clock),
      ...runtimeSecrets(config),
      log: createLogger({ level: "warn" }),
      metrics: createMetrics(config.stage, () => {}),
      eventSink,
      openApi: liveOpenApi,
    };
    forwarder = new StreamPoller({
      endpoint: table.endpoint,
      tableName: table.tableName,
      publisher: eventSink,
    });
    server = await serveOverHttp(createApp(deps));
    // `sleep N` in the examples: N seconds of npm start's schedules, on the manual clock.
    control = createServer(async (request, response) => {
      const seconds = Number(new URL(request.url!, "http://x").searchParams.get("seconds"));
      for (let elapsed = 0; elapsed < seconds; elapsed += Math.min(10, seconds - elapsed)) {
        clock.advance(Math.min(10, seconds - elapsed) * 1000);
        await forwarder.poll();
        await sweepRebounds(leadDeps(deps), { budgetMs: config.sweepBudgetMs });
      }
      response.end("ok");
    });
    await new Promise<void>((ready) => control.listen(0, "127.0.0.1", ready));
    controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    forwarder?.close();
    await new Promise((done) => control?.close(done));
    await server?.close();
    await table?.drop();
  });

  it("every curl runs as written and gets the answer the README promises", async () => {
    const dir = mkdtempSync(join(tmpdir(), "readme-"));
    const port = new URL(server.url).port;
    const examples = curlBlocks()
      .join("\n")
      .replace(/^KEY=….*$/m, `KEY='${DEV_KEY}'`)
      .replace(
        /(http:\/\/)?localhost:3000/g,
        (_m, scheme: string | undefined) => `${scheme ?? ""}127.0.0.1:${port}`,
      );
    const expected = promises(examples);
    expect(expected.length).toBeGreaterThanOrEqual(9);
    expect(expected.filter((p) => !p.status)).toEqual([]);
    const harness = new URL("./readme-harness.sh", import.meta.url).pathname;
    const script = `DIR='${dir}'\nCONTROL='${controlUrl}'\n. '${harness}'\n${examples}`;
    writeFileSync(join(dir, "examples.sh"), script);
    await run("bash", [join(dir, "examples.sh")], { timeout: 60_000 });
    const answers = expected.map((_, i) => ({
      status: Number(readFileSync(join(dir, `${i + 1}.status`), "utf8")),
      body: readFileSync(join(dir, `${i + 1}.body`), "utf8"),
    }));
    expect(readdirSync(dir).filter((f) => f.endsWith(".status") && f !== "open.status")).toHaveLength(
      expected.length,
    );
    for (const [i, promise] of expected.entries()) {
      expect(answers[i]!.status, `curl #${i + 1}: ${answers[i]!.body.slice(0, 300)}`).toBe(promise.status);
      for (const fragment of promise.contains) expect(answers[i]!.body, `curl #${i + 1}`).toContain(fragment);
    }
    expect(readFileSync(join(dir, "open.status"), "utf8")).toBe("200");
  }, 120_000);

  it("names the limits and defaults the API has", async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; schema?: Record<string, unknown> }[] }>
      >;
    };
    const limitOf = (path: string) => {
      const schema = spec.paths[path]!.get!.parameters!.find((p) => p.name === "limit")!.schema!;
      return `${schema.minimum}–${schema.maximum}, default ${schema.default}`;
    };
    expect(README).toContain(
      `\`limit\` (${limitOf("/v1/leads")}; the rebound segment ${limitOf("/v1/segments/rebound")})`,
    );
    // Created keys have the documented shape; the bootstrap key is any 24+ characters.
    const created = (await (
      await fetch(`${server.url}/v1/api-keys`, {
        method: "POST",
        headers: { authorization: `Bearer ${DEV_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "shape", scopes: ["ingest"], ingest: { serverToServer: true } }),
      })
    ).json()) as { token: string };
    expect(README).toContain("look like `rbk_<id>_<secret>`");
    expect(created.token).toMatch(/^rbk_[a-z0-9]+_[A-Za-z0-9_-]+$/);
    expect(() =>
      loadConfig({
        REBOUND_TABLE_NAME: "abc",
        REBOUND_CURSOR_SECRET: "x".repeat(16),
        REBOUND_SUPPRESSION_SECRET: "x".repeat(16),
        REBOUND_BOOTSTRAP_ADMIN_KEY: "x".repeat(23),
      }),
    ).toThrow();
    expect(README).toContain("any string of 24 or more characters");
    // `upcoming` looks a year ahead by default, and takes offsets.
    const upcoming = async (query: string) =>
      (await (
        await fetch(`${server.url}/v1/rebounds/upcoming${query}`, {
          headers: { authorization: `Bearer ${DEV_KEY}` },
        })
      ).json()) as { before: string };
    const yearAhead = new Date(clock.now());
    yearAhead.setUTCMonth(yearAhead.getUTCMonth() + 12);
    expect((await upcoming("")).before).toBe(yearAhead.toISOString());
    expect(README).toContain("(a year ahead by default)");
    expect((await upcoming("?before=2026-09-01T12:00:00%2B02:00")).before).toBe("2026-09-01T10:00:00.000Z");
    // npm start's schedules and windows, as the README names them.
    const defaults = loadConfig({
      REBOUND_TABLE_NAME: "readme",
      REBOUND_CURSOR_SECRET: "x".repeat(16),
      REBOUND_SUPPRESSION_SECRET: "x".repeat(16),
    }).local;
    expect(defaults.forwardEveryMs).toBe(1_000);
    expect(defaults.reboundSweepEveryMs).toBe(10_000);
    expect(defaults.slaSweepEveryMs).toBe(60_000);
    expect(README).toContain(
      "event forwarder every second, rebound sweep every 10 s, SLA\nsweep every minute",
    );
    expect(deps.config.segmentSettleMs).toBe(30_000);
    expect(README).toContain("a member shows 30 s after it entered");
  });
});
