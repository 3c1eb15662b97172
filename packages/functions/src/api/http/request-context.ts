import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { type Logger, withLogContext } from "../../observability/log";

/** The Lambda event hono/aws-lambda passes as `c.env.event`: API Gateway's own id for the request. */
interface LambdaEnv {
  event?: { requestContext?: { requestId?: string } };
}

/**
 * First middleware of the app. Gives the request its correlation id (API Gateway's request id
 * in Lambda, a fresh UUID elsewhere), runs the rest inside it (so every log line, and the
 * actor of every change the request makes, carries it), sends it back as `X-Correlation-Id`,
 * and logs one line per request: method, path, status, duration, and which key called. No
 * query string and no body: they may hold personal data (an email in a search, a lead's name).
 */
export function requestContext(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const correlationId = (c.env as LambdaEnv | undefined)?.event?.requestContext?.requestId ?? randomUUID();
    const started = performance.now();
    await withLogContext({ correlationId }, async () => {
      await next();
      c.header("X-Correlation-Id", correlationId);
      const principal = c.get("principal");
      log.info("request", {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round(performance.now() - started),
        ...(principal ? { keyId: principal.id, keyKind: principal.kind } : {}),
      });
    });
  };
}
