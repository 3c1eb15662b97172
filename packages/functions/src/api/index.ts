export { createApp, apiRoutes } from "./app";
export { createApiDeps } from "./runtime";
export { leadDeps } from "./deps";
export type { ApiDeps } from "./deps";
export { slaSweepDeps } from "./deps";
export { liveOpenApi } from "./openapi/live";
