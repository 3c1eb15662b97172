import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { writeFileAtomic } from "./atomic-file";

/** The command line of a running process, or undefined when there is none (or it is not ours to see). */
function commandLine(pid: number): string | undefined {
  if (!alive(pid)) return undefined;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    try {
      return execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" });
    } catch {
      return undefined;
    }
  }
}

/** Whether `pid` runs; a zombie (exited, not yet reaped by whoever adopted it) counts as gone. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.charAt(stat.lastIndexOf(")") + 2) !== "Z";
  } catch {
    return true; // no /proc (macOS): kill(0) is the answer
  }
}

/** Another live `npm start` owns the data directory. */
export class DataDirInUseError extends Error {
  override readonly name = "DataDirInUseError";
}

interface PidRecord {
  jvm: number;
  owner: number;
}

function readPidFile(pidFile: string): PidRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(pidFile, "utf8")) as Partial<PidRecord>;
    return Number.isInteger(record.jvm) && Number.isInteger(record.owner) ? (record as PidRecord) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure no other DynamoDB Local holds `dataDir` before a new one opens its files. The
 * pid file names the JVM and the Node process that started it. If that Node process is gone
 * (killed with SIGKILL, or crashed before it could clean up), its JVM is an orphan and is
 * stopped here. If it is still running, start-up is refused: two runs on one directory would
 * corrupt it. Only a process whose command line is DynamoDB Local on this very directory is
 * ever signalled, so a recycled pid belonging to something else is left alone.
 */
export async function stopOrphan(pidFile: string, dataDir: string, log = console.log): Promise<void> {
  const record = existsSync(pidFile) ? readPidFile(pidFile) : undefined;
  if (record) {
    const jvm = commandLine(record.jvm);
    const isOurJvm = jvm?.includes("DynamoDBLocal") === true && jvm.includes(dataDir);
    if (isOurJvm && record.owner !== process.pid && alive(record.owner))
      throw new DataDirInUseError(
        `${dataDir} is in use by another npm start (pid ${record.owner}, DynamoDB Local pid ${record.jvm}): stop it, or set REBOUND_DATA_DIR to another directory.`,
      );
    if (isOurJvm) {
      const pid = record.jvm;
      log(
        `Stopping DynamoDB Local (pid ${pid}) left running on ${dataDir} by an earlier run that was killed.`,
      );
      process.kill(pid, "SIGTERM");
      for (let waited = 0; alive(pid) && waited < 5_000; waited += 100)
        await new Promise((r) => setTimeout(r, 100));
      if (alive(pid)) process.kill(pid, "SIGKILL");
      for (let waited = 0; alive(pid) && waited < 5_000; waited += 100)
        await new Promise((r) => setTimeout(r, 100));
    }
  }
  rmSync(pidFile, { force: true });
}

export function writePidFile(pidFile: string, jvm: number): void {
  writeFileAtomic(pidFile, JSON.stringify({ jvm, owner: process.pid } satisfies PidRecord));
}

/** Removes the pid file if it still names this JVM (a newer run may have replaced it). */
export function clearPidFile(pidFile: string, jvm: number | undefined): void {
  if (readPidFile(pidFile)?.jvm === jvm) rmSync(pidFile, { force: true });
}
