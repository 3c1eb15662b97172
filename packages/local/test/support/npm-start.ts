import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alive } from "../../src/orphans";

const root = join(__dirname, "../../../..");

/** A real `npm start` process (node + tsx on packages/local/src/main.ts), as a developer runs it. */
export interface LocalRun {
  child: ChildProcess;
  dataDir: string;
  port: number;
  /** Everything printed so far (stdout and stderr interleaved). */
  output(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has exited (at most `timeoutMs`). */
  exited(timeoutMs?: number): Promise<number | null>;
  /** Resolves once `pattern` appears in the output; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The DynamoDB Local JVM's pid and port, from the line main.ts prints when it has started. */
  jvm(): { pid: number; port: number } | undefined;
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), "rebound-start-"));
}

export function startLocal(options: {
  port: number;
  dataDir?: string;
  env?: Record<string, string>;
  args?: string[];
}): LocalRun {
  const dataDir = options.dataDir ?? newDataDir();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "packages/local/src/main.ts", ...(options.args ?? [])],
    {
      cwd: root,
      // Only what the process needs: nothing of the test runner's REBOUND_* leaks in.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        PORT: String(options.port),
        REBOUND_DATA_DIR: dataDir,
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exit = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  let exitedAlready = false;
  void exit.then(() => {
    exitedAlready = true;
  });

  return {
    child,
    dataDir,
    port: options.port,
    output: () => output,
    stderr: () => stderr,
    async exited(timeoutMs = 30_000) {
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
    async waitFor(pattern, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (exitedAlready) throw new Error(`exited before ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    jvm() {
      const match = /DynamoDB Local started: http:\/\/127\.0\.0\.1:(\d+) \(pid (\d+)\)/.exec(output);
      return match ? { port: Number(match[1]), pid: Number(match[2]) } : undefined;
    },
  };
}

/** Whether `pid` runs (a zombie counts as gone): the runner's own check. */
export const isAlive = alive;

/** Resolves once `pid` is gone; false if it is still alive after `timeoutMs`. */
export async function gone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** True when nothing accepts connections on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}
