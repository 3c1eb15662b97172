import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { ApiDeps } from "./deps";
import { authenticate, presentsKey } from "./http/auth";
import { closeWhenBodyUnread } from "./http/connection";
import { formPageMode } from "./http/form-page";
import { originCheck } from "./http/origin";
import { errorHandler, HttpProblem } from "./http/problem";
import { rateLimit } from "./http/rate-limit";
import { requestContext } from "./http/request-context";
import { type AnyRoute, mount } from "./http/route";
import { apiKeyRoutes } from "./routes/api-keys";
import { captureAdapterRoutes } from "./routes/capture-adapters";
import { deadLetterRoutes } from "./routes/dead-letters";
import { erasureRoutes } from "./routes/erasure";
import { eventRoutes } from "./routes/events";
import { formRoutes } from "./routes/forms";
import { healthRoutes } from "./routes/health";
import { IMPORTS_PATH, importRoutes } from "./routes/imports";
import { leadActionRoutes } from "./routes/lead-actions";
import { leadRoutes } from "./routes/leads";
import { metaRoutes } from "./routes/meta";
import { policyRoutes } from "./routes/policies";
import { reboundRoutes } from "./routes/rebound";
import { reportRoutes } from "./routes/reports";
import { repRoutes } from "./routes/reps";
import { sweepRoutes } from "./routes/sweeps";
import { mountStaticAssets } from "./static/mount";

/** Every route of the API; the OpenAPI document is generated from this list. */
export function apiRoutes(deps: ApiDeps): AnyRoute[] {
  const all: AnyRoute[] = [
    ...metaRoutes(() => all, deps.openApi),
    ...healthRoutes(deps),
    ...leadRoutes(deps),
    ...importRoutes(deps),
    ...formRoutes(deps),
    ...captureAdapterRoutes(deps),
    ...apiKeyRoutes(deps),
    ...policyRoutes(deps),
    ...leadActionRoutes(deps),
    ...repRoutes(deps),
    ...reportRoutes(deps),
    ...sweepRoutes(deps),
    ...reboundRoutes(deps),
    ...erasureRoutes(deps),
    ...deadLetterRoutes(deps.deadLetters),
    ...(deps.eventSink ? eventRoutes(deps.eventSink) : []),
  ];
  return all;
}

/** The one Hono app, served by Lambda (lambda.ts) and by the local runner alike. */
export function createApp(deps: ApiDeps): Hono {
  const app = new Hono();
  app.use("*", requestContext(deps.log));
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
        exposeHeaders: [
          "ETag",
          "Location",
          "Idempotent-Replayed",
          "Appointment-Id",
          "X-Correlation-Id",
          "Retry-After",
        ],
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
  // Secrets read at run time are re-read here when their cache has expired (a no-op otherwise).
  // Only requests that present a key need them (in a header, or an ingest key in the URL of a
  // form post): /health and the docs never wait on Secrets Manager.
  app.use("*", async (c, next) => {
    if (presentsKey(c)) await deps.secrets.refresh();
    return next();
  });
  app.use(
    "*",
    authenticate(deps.stores.apiKeys, () => deps.secrets.bootstrapAdminKey()),
  );
  app.use("*", originCheck());
  app.use("*", rateLimit(deps.stores.rateLimits, deps.clock, deps.config.rateLimits));
  mount(app, apiRoutes(deps));
  mountStaticAssets(app);
  app.notFound(() => {
    throw new HttpProblem(404, "not-found", "Not found", "No such route.");
  });
  app.onError(errorHandler(deps.log));
  return app;
}
