import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { ApiDeps } from "./deps";
import { authenticate } from "./http/auth";
import { closeWhenBodyUnread } from "./http/connection";
import { formPageMode } from "./http/form-page";
import { originCheck } from "./http/origin";
import { HttpProblem, onError } from "./http/problem";
import { rateLimit } from "./http/rate-limit";
import { type AnyRoute, mount } from "./http/route";
import { apiKeyRoutes } from "./routes/api-keys";
import { captureAdapterRoutes } from "./routes/capture-adapters";
import { erasureRoutes } from "./routes/erasure";
import { eventRoutes } from "./routes/events";
import { formRoutes } from "./routes/forms";
import { IMPORTS_PATH, importRoutes } from "./routes/imports";
import { leadActionRoutes } from "./routes/lead-actions";
import { leadRoutes } from "./routes/leads";
import { metaRoutes } from "./routes/meta";
import { policyRoutes } from "./routes/policies";
import { reboundRoutes } from "./routes/rebound";
import { repRoutes } from "./routes/reps";
import { sweepRoutes } from "./routes/sweeps";
import { mountStaticAssets } from "./static/mount";

/** Every route of the API; the OpenAPI document is generated from this list. */
export function apiRoutes(deps: ApiDeps): AnyRoute[] {
  const all: AnyRoute[] = [
    ...metaRoutes(() => all, deps.openApi),
    ...leadRoutes(deps),
    ...importRoutes(deps),
    ...formRoutes(deps),
    ...captureAdapterRoutes(deps),
    ...apiKeyRoutes(deps),
    ...policyRoutes(deps),
    ...leadActionRoutes(deps),
    ...repRoutes(deps),
    ...sweepRoutes(deps),
    ...reboundRoutes(deps),
    ...erasureRoutes(deps),
    ...(deps.eventSink ? eventRoutes(deps.eventSink) : []),
  ];
  return all;
}

/** The one Hono app, served by Lambda (lambda.ts) and by the local runner alike. */
export function createApp(deps: ApiDeps): Hono {
  const app = new Hono();
  app.use("*", closeWhenBodyUnread);
  // First, so that every answer to a plain HTML form (a 413, a refused key) is a page.
  app.use("*", formPageMode());
  const origins = deps.config.corsOrigins;
  if (origins.length) {
    app.use(
      "*",
      cors({
        origin: origins.includes("*") ? "*" : origins,
        allowHeaders: ["Authorization", "X-Api-Key", "Content-Type", "Idempotency-Key", "If-Match"],
        exposeHeaders: ["ETag", "Location", "Idempotent-Replayed", "Appointment-Id"],
        allowMethods: ["GET", "POST", "PATCH", "PUT", "DELETE"],
        maxAge: 600,
      }),
    );
  }
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HttpProblem(
          413,
          "payload-too-large",
          "Payload too large",
          `The body exceeds ${maxSize} bytes.`,
        );
      },
    });
  // Imports carry whole exports; every other route keeps the small limit.
  const defaultLimit = limit(deps.config.maxBodyBytes);
  const importLimit = limit(deps.config.imports.maxBytes);
  app.use("*", (c, next) => (c.req.path === IMPORTS_PATH ? importLimit(c, next) : defaultLimit(c, next)));
  app.use("*", authenticate(deps.stores.apiKeys, deps.config.bootstrapAdminKey));
  app.use("*", originCheck());
  app.use("*", rateLimit(deps.stores.rateLimits, deps.clock, deps.config.rateLimits));
  mount(app, apiRoutes(deps));
  mountStaticAssets(app);
  app.notFound(() => {
    throw new HttpProblem(404, "not-found", "Not found", "No such route.");
  });
  app.onError(onError);
  return app;
}
