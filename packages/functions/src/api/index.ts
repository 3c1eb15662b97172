export { apiRoutes, createApp } from "./app";
export type { ApiDeps } from "./deps";
export { leadDeps, slaSweepDeps } from "./deps";
export { liveOpenApi } from "./openapi/live";
export { createApiDeps } from "./runtime";
