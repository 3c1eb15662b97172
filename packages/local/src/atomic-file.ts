import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `file` with `data` so that a reader (or the next start after a crash) sees either
 * the old content or the new one, never an empty or half-written file: the data goes to a
 * temporary file in the same directory, is flushed, and is renamed over the target (rename
 * is atomic within one file system).
 */
export function writeFileAtomic(file: string, data: string, mode = 0o644): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temp, "w", mode);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, file);
}
