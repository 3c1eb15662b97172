import { judgeOrigin } from "@rebound/core/auth";
import type { MiddlewareHandler } from "hono";
import { HttpProblem } from "./problem";

/**
 * Refuses a public key used from somewhere its policy does not list (403), before anything
 * is counted or written. Keys without a policy (trusted keys, which are secret and used from
 * servers) pass.
 */
export function originCheck(): MiddlewareHandler {
  return async (c, next) => {
    const policy = c.get("principal")?.origins;
    if (!policy) return next();
    const origin = c.req.header("origin");
    const verdict = judgeOrigin(policy, origin);
    if (verdict === "not_listed")
      throw new HttpProblem(
        403,
        "origin-not-allowed",
        "Origin not allowed",
        `This API key is not allowed to be used from ${origin!.slice(0, 200)}; add the origin to the key's allowedOrigins.`,
      );
    if (verdict === "missing")
      throw new HttpProblem(
        403,
        "origin-required",
        "Origin required",
        "This API key is for browsers on its allowed origins and the request has no Origin header; server-to-server use needs a key with serverToServer.",
      );
    return next();
  };
}
