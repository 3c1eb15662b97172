import { staticAssets } from "../packages/functions/src/api/static/manifest";
import { replayDeadLetters } from "./dead-letters";
import { runtimeEnvironment, runtimeLinks } from "./environment";
import { lambdaNodejs, tracing, tracingPermissions } from "./lambda";
import { readSecrets } from "./secrets";
import { stageSettings } from "./stage";

const settings = stageSettings($app.stage);

/**
 * HTTP API (API Gateway v2) rather than a function URL: it gives stage-wide throttling,
 * access logs and a custom domain later, for one `$default` route into the Hono app.
 */
export const api = new sst.aws.ApiGatewayV2("Api", {
  // Hono owns CORS from REBOUND_CORS_ORIGINS, the same code path as the local server;
  // gateway CORS would override the app's headers.
  cors: false,
  accessLog: { retention: settings.logRetention },
  transform: {
    stage: {
      defaultRouteSettings: {
        throttlingRateLimit: settings.api.throttle.rate,
        throttlingBurstLimit: settings.api.throttle.burst,
      },
    },
  },
});

const apiFunction = {
  runtime: "nodejs22.x",
  nodejs: lambdaNodejs,
  architecture: "arm64",
  // API Gateway gives up after 30 s; a 10,000-row import must finish well inside that.
  timeout: "29 seconds",
  logging: { retention: settings.logRetention, format: "json" },
  environment: runtimeEnvironment,
  link: runtimeLinks,
  transform: { function: tracing },
} as const;

api.route("$default", {
  ...apiFunction,
  handler: "packages/functions/src/api/lambda.handler",
  // The OpenAPI document is generated at build time (npm run docs:openapi) and served from a
  // file, so the JSON-schema generator stays out of the bundle.
  // Static assets (docs renderer, dashboard) ride beside the code under the same relative
  // paths the server reads them from (packages/functions/src/api/static/manifest.ts).
  copyFiles: [
    { from: "packages/functions/openapi.json", to: "openapi.json" },
    ...staticAssets.map((asset) => ({ from: asset.source, to: asset.source })),
  ],
  memory: settings.api.memory,
  permissions: [readSecrets, tracingPermissions],
});

/**
 * The same app in its own function for the one route that needs the dead-letter queue and the
 * bus (their SDK clients do not fit the API's bundle budget). API Gateway picks the most
 * specific route, so only this path and method come here.
 */
export const replayRoute = api.route("POST /v1/admin/dead-letters/replay", {
  ...apiFunction,
  handler: "packages/functions/src/events/replay-http.handler",
  memory: "512 MB",
  // runtimeLinks include the bus: the link is what grants events:PutEvents.
  permissions: [readSecrets, replayDeadLetters, tracingPermissions],
});
