import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A local secret: from the environment if set, else from a file under the data directory
 * (so the dev admin key survives restarts), else freshly generated (in-memory runs).
 */
export function localSecret(
  envValue: string | undefined,
  file: string | undefined,
  make: () => string = () => randomBytes(24).toString("base64url"),
): string {
  if (envValue) return envValue;
  if (file && existsSync(file)) return readFileSync(file, "utf8").trim();
  const value = make();
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${value}\n`, { mode: 0o600 });
  }
  return value;
}
