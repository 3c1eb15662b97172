export { createApp, apiRoutes } from "./app";
export { createApiDeps } from "./runtime";
export type { ApiDeps } from "./deps";
export { slaSweepDeps } from "./deps";
