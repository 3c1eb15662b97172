import { loadConfig } from "../../config";
import { apiRoutes } from "../app";
import { createApiDeps } from "../runtime";
import { buildOpenApi } from "./document";
import { API_INFO, API_SERVERS } from "./info";

/** The document the deployed API serves: every route of a stage (no local-only routes). */
export function generateOpenApi(): unknown {
  // Routes only need deps when they handle requests; nothing here talks to AWS.
  const deps = createApiDeps(
    loadConfig({
      REBOUND_TABLE_NAME: "openapi",
      REBOUND_CURSOR_SECRET: "openapi-generation-only",
      REBOUND_SUPPRESSION_SECRET: "openapi-generation-only",
    }),
  );
  return buildOpenApi(apiRoutes(deps), API_INFO, API_SERVERS);
}

// `npm run docs:openapi` writes it to packages/functions/openapi.json.
if (process.argv[1]?.endsWith("generate.ts"))
  process.stdout.write(`${JSON.stringify(generateOpenApi(), null, 2)}\n`);
