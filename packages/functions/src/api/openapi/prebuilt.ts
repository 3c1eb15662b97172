import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runtimeEnv } from "../../config/runtime";

/** Where the generated document ships with the API Lambda (infra/api.ts copyFiles). */
export const OPENAPI_FILE = "openapi.json";

/**
 * The OpenAPI document generated at build time (`npm run docs:openapi`), read from the
 * function's root. A test keeps the committed file equal to what the routes generate.
 */
export function prebuiltOpenApi(): unknown {
  const root = runtimeEnv.lambdaTaskRoot() ?? join(process.cwd(), "packages/functions");
  return JSON.parse(readFileSync(join(root, OPENAPI_FILE), "utf8"));
}
