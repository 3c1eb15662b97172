import type { AnyRoute } from "../http/route";
import { buildOpenApi } from "./document";
import { API_INFO, API_SERVERS } from "./info";

/** The document built from the mounted routes at first request (local runner, tests). */
export const liveOpenApi = (routes: AnyRoute[]): unknown => buildOpenApi(routes, API_INFO, API_SERVERS);
