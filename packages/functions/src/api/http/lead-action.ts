import type { Principal, Scope } from "@rebound/core/auth";
import type { Acting } from "@rebound/core/handoff";
import { type Lead, leadSchema } from "@rebound/core/lead";
import { problemDoc } from "../openapi/common";
import { actorOf } from "../routes/leads";
import { etagOf, parseIfMatch } from "./etag";
import { leadIdParams } from "./params";
import { type AnyRoute, defineRoute, type ResponseDoc, readJson, type Schema } from "./route";

/** The caller as the hand-off domain sees it: its rep identity, and whether it may act for any rep. */
export function actingOf(principal: Principal): Acting {
  return { actor: actorOf(principal), repId: principal.repId, anyRep: principal.scopes.includes("admin") };
}

interface LeadActionSpec {
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  scopes: readonly Scope[];
  params?: Schema<Record<string, string>>;
  /** Documented request body; absent for actions that take none (accept). */
  body?: Schema;
  status?: 200 | 201;
  responses?: Record<number, ResponseDoc>;
  run(input: {
    params: Record<string, string>;
    body: unknown;
    acting: Acting;
    ifMatch: number | undefined;
  }): Promise<{ lead: Lead; body?: unknown; headers?: Record<string, string> }>;
}

/**
 * A POST that changes one lead through a domain action: optional If-Match, JSON body, the
 * caller's rep identity, and the lead (or `body`) back with its new ETag. Every action
 * shares the same failure answers, documented once here.
 */
export function leadActionRoute(spec: LeadActionSpec): AnyRoute {
  return defineRoute({
    method: "post",
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    scopes: spec.scopes,
    params: spec.params ?? leadIdParams,
    ...(spec.body ? { body: { schema: spec.body, required: true } } : {}),
    headers: [
      {
        name: "If-Match",
        description: "ETag of the lead version the action is based on; 412 if it changed since.",
      },
    ],
    responses: {
      [spec.status ?? 200]: {
        description: "The lead after the action",
        schema: leadSchema,
        headers: { ETag: "New version of the lead" },
      },
      403: problemDoc("Not the rep this lead is handed to (and not an admin), or the key lacks the scope"),
      404: problemDoc("No such lead"),
      409: problemDoc(
        "The lead's status does not allow this action (the body names the status and the allowed moves)",
      ),
      412: problemDoc("The lead changed since the If-Match version"),
      422: problemDoc("Invalid input"),
      ...spec.responses,
    },
    async handler({ c, params, principal }) {
      const ifMatch = parseIfMatch(c.req.header("if-match"));
      const body = spec.body ? await readJson(c) : undefined;
      const result = await spec.run({
        params: params as Record<string, string>,
        body,
        acting: actingOf(principal!),
        ifMatch,
      });
      return c.json(result.body ?? result.lead, spec.status ?? 200, {
        ETag: etagOf(result.lead.version),
        ...result.headers,
      });
    },
  });
}
