import { handle } from "hono/aws-lambda";
import { loadConfig } from "../config";
import { createApp } from "./app";
import { createApiDeps } from "./runtime";

// Built at init, reused across invocations: config, SDK client and routes are created once.
const app = createApp(createApiDeps(loadConfig()));

export const handler = handle(app);
