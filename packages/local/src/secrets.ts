import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "@rebound/functions/config";
import { writeFileAtomic } from "./atomic-file";

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
  if (file && existsSync(file)) {
    const value = readFileSync(file, "utf8").trim();
    if (!value) throw new ConfigError(`${file} is empty: delete it and npm start writes a new one.`);
    return value;
  }
  const value = make();
  if (file) writeFileAtomic(file, `${value}\n`, 0o600);
  return value;
}
