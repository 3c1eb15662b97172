import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../src/dynamo-local";
import { gone, isAlive, type LocalRun, newDataDir, portIsFree, startLocal } from "./support/npm-start";

// Real processes: each test starts `npm start` (and so a DynamoDB Local JVM) and checks what
// is left running afterwards. Every wait is bounded; a run still alive at the end is killed.
const runs: LocalRun[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) {
    run.child.kill("SIGKILL");
    const jvm = run.jvm();
    if (jvm && isAlive(jvm.pid)) process.kill(jvm.pid, "SIGKILL");
  }
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

function start(options: Parameters<typeof startLocal>[0]): LocalRun {
  const run = startLocal(options);
  runs.push(run);
  return run;
}

/** The JVM the run printed is gone and its port answers nobody. */
async function expectNoJvmLeft(run: LocalRun) {
  const jvm = run.jvm();
  expect(jvm, `the run should have started DynamoDB Local:\n${run.output()}`).toBeDefined();
  expect(await gone(jvm!.pid)).toBe(true);
  expect(await portIsFree(jvm!.port)).toBe(true);
}

describe("npm start exits cleanly on every path", () => {
  it("on a busy port: exits non-zero naming the port, and stops the DynamoDB Local it started", async () => {
    // Prepare
    const port = await freePort();
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((ready) => blocker.listen(port, "127.0.0.1", ready));
    // Act
    const run = start({ port });
    const code = await run.exited();
    // Assess
    expect(code).toBe(1);
    expect(run.stderr()).toContain(`Port ${port} is already in use`);
    await expectNoJvmLeft(run);
  });

  it.each([
    ["empty", "", /stream-checkpoint\.json is empty/],
    ["cut off mid-write", '{"shardId-0001": "4200', /stream-checkpoint\.json is not valid JSON/],
  ])(
    "with a checkpoint that is %s: exits non-zero naming the file, no JVM left",
    async (_what, content, message) => {
      // Prepare
      const dataDir = newDataDir();
      writeFileSync(join(dataDir, "stream-checkpoint.json"), content);
      // Act
      const run = start({ port: await freePort(), dataDir });
      const code = await run.exited();
      // Assess
      expect(code).toBe(1);
      expect(run.stderr()).toMatch(message);
      expect(run.stderr()).toContain(join(dataDir, "stream-checkpoint.json"));
      await expectNoJvmLeft(run);
    },
  );

  it("refuses a zero timer before starting Java", async () => {
    // Act
    const run = start({ port: await freePort(), env: { REBOUND_SWEEP_EVERY_MS: "0" } });
    const code = await run.exited();
    // Assess
    expect(code).toBe(1);
    expect(run.stderr()).toContain('REBOUND_SWEEP_EVERY_MS: must be between 1000 and 86400000 ms (got "0")');
    expect(run.jvm()).toBeUndefined();
  });

  it("on SIGTERM: stops the server and DynamoDB Local, exits 0", async () => {
    // Prepare
    const port = await freePort();
    const run = start({ port });
    await run.waitFor(/Rebound is ready/);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    // Act
    run.child.kill("SIGTERM");
    const code = await run.exited();
    // Assess
    expect(code).toBe(0);
    expect(run.output()).toContain("Stopped.");
    await expectNoJvmLeft(run);
    expect(await portIsFree(port)).toBe(true);
  });

  it("notices when DynamoDB Local dies, says so, and exits non-zero", async () => {
    // Prepare
    const port = await freePort();
    const run = start({ port });
    await run.waitFor(/Rebound is ready/);
    const jvm = run.jvm()!;
    // Act
    process.kill(jvm.pid, "SIGKILL");
    const code = await run.exited();
    // Assess
    expect(code).toBe(1);
    expect(run.stderr()).toContain(
      `DynamoDB Local (pid ${jvm.pid}, port ${jvm.port}) exited unexpectedly (signal SIGKILL)`,
    );
    expect(await portIsFree(port)).toBe(true);
  });

  it("stops the JVM an earlier run left behind when it was SIGKILLed, then starts on the same data", async () => {
    // Prepare: a run killed outright cannot stop its JVM; the orphan keeps the data directory.
    const dataDir = newDataDir();
    const first = start({ port: await freePort(), dataDir });
    await first.waitFor(/Rebound is ready/);
    const orphan = first.jvm()!;
    first.child.kill("SIGKILL");
    await first.exited();
    expect(isAlive(orphan.pid)).toBe(true);
    // Act
    const second = start({ port: await freePort(), dataDir });
    await second.waitFor(/Rebound is ready/);
    // Assess
    expect(second.output()).toContain(`Stopping DynamoDB Local (pid ${orphan.pid}) left running`);
    expect(await gone(orphan.pid)).toBe(true);
    second.child.kill("SIGINT");
    expect(await second.exited()).toBe(0);
    await expectNoJvmLeft(second);
  });

  it("refuses a data directory another live run is using", async () => {
    // Prepare
    const dataDir = newDataDir();
    const first = start({ port: await freePort(), dataDir });
    await first.waitFor(/Rebound is ready/);
    // Act
    const second = start({ port: await freePort(), dataDir });
    const code = await second.exited();
    // Assess
    expect(code).toBe(1);
    expect(second.stderr()).toContain(`is in use by another npm start (pid ${first.child.pid}`);
    expect(second.jvm()).toBeUndefined();
    expect(isAlive(first.jvm()!.pid)).toBe(true);
    first.child.kill("SIGTERM");
    expect(await first.exited()).toBe(0);
  });

  it("serves GET /v1/events from .data/events.jsonl: a cursor from before a restart continues without a gap", async () => {
    // Prepare: capture a lead and read its events through the first run
    const dataDir = newDataDir();
    const key = "start-test-admin-key-0123456789";
    const env = { REBOUND_BOOTSTRAP_ADMIN_KEY: key, REBOUND_FORWARD_EVERY_MS: "200" };
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const events = async (port: number, cursor?: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/v1/events${cursor ? `?cursor=${cursor}` : ""}`, {
        headers,
      });
      return (await response.json()) as {
        items: { leadId: string; type: string }[];
        next: string;
        gap: boolean;
      };
    };
    const capture = (port: number, email: string) =>
      fetch(`http://127.0.0.1:${port}/v1/leads`, {
        method: "POST",
        headers,
        body: JSON.stringify({ email, source: { type: "form", id: "start-test" } }),
      });
    const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean) => {
      for (let i = 0; i < 200; i++) {
        const value = await read();
        if (done(value)) return value;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("timed out waiting for events");
    };
    const first = start({ port: await freePort(), dataDir, env });
    await first.waitFor(/Rebound is ready/);
    expect((await capture(first.port, "before@example.com")).status).toBe(201);
    const before = await until(
      () => events(first.port),
      (page) => page.items.length > 0,
    );
    first.child.kill("SIGTERM");
    expect(await first.exited()).toBe(0);
    // Act: a second run, one more lead, then the old cursor
    const second = start({ port: await freePort(), dataDir, env });
    await second.waitFor(/Rebound is ready/);
    const created = await capture(second.port, "after@example.com");
    expect(created.status).toBe(201);
    const afterLead = ((await created.json()) as { id: string }).id;
    const everything = await until(
      () => events(second.port),
      (page) => page.items.some((e) => e.leadId === afterLead),
    );
    const resumed = await events(second.port, before.next);
    // Assess: what the old cursor reads next is exactly the rest of the history
    expect(everything.gap).toBe(false);
    expect(resumed.gap).toBe(false);
    expect([...before.items, ...resumed.items]).toEqual(everything.items);
    second.child.kill("SIGTERM");
    expect(await second.exited()).toBe(0);
  });
});
