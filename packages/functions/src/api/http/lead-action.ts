import { isManager, isRep, type KeyKind, type Principal, type Scope } from "@rebound/core/auth";
import type { Acting, LeadAction } from "@rebound/core/handoff";
import { leadSchema } from "@rebound/core/lead";
import { type LeadActionResult, runLeadAction } from "@rebound/core/usecases";
import type { ApiDeps } from "../deps";
import { leadDeps } from "../deps";
import { problemDoc } from "../openapi/common";
import { actorOf } from "../routes/leads";
import { etagOf, parseIfMatch } from "./etag";
import { reply } from "./idempotency";
import { leadIdParams } from "./params";
import { type AnyRoute, defineRoute, type ResponseDoc, readJson, type Schema } from "./route";

/** The caller as the hand-off domain sees it: its rep identity, and whether it may act for any rep. */
export function actingOf(principal: Principal): Acting {
  return {
    actor: actorOf(principal),
    repId: principal.repId,
    anyRep: principal.scopes.includes("admin"),
    ownLeadsOnly: isRep(principal),
    manager: isManager(principal),
  };
}

/** One row of the lead-action route table: where a core lead action is mounted, and how it answers. */
export interface LeadActionRoute {
  // biome-ignore lint/suspicious/noExplicitAny: the table holds actions of every input type; each was typed where it was defined.
  action: LeadAction<any, any>;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  scopes: readonly Scope[];
  /** The key kinds served, when narrower than the scopes (see RouteSpec.kinds). */
  kinds?: readonly KeyKind[];
  /** Path parameters, when the path has more than the lead id. */
  params?: Schema<Record<string, string>>;
  status?: 200 | 201;
  /** Extra answer headers from the result (e.g. the new appointment's id). */
  headers?: (result: LeadActionResult) => Record<string, string>;
  responses?: Record<number, ResponseDoc>;
}

/**
 * A POST that changes one lead through a core lead action: optional If-Match, the JSON
 * body, the caller's rep identity and Idempotency-Key, and the lead back with its new ETag.
 * Every action shares the same failure answers, documented once here.
 */
export function leadActionRoute(deps: ApiDeps, spec: LeadActionRoute): AnyRoute {
  const services = leadDeps(deps);
  const status = spec.status ?? 200;
  const render = (result: LeadActionResult) => ({
    status,
    body: result.lead,
    headers: { ETag: etagOf(result.lead.version), ...spec.headers?.(result) },
  });
  return defineRoute({
    method: "post",
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    scopes: spec.scopes,
    ...(spec.kinds ? { kinds: spec.kinds } : {}),
    params: spec.params ?? leadIdParams,
    ...(spec.action.input ? { body: { schema: spec.action.input, required: true } } : {}),
    headers: [
      {
        name: "If-Match",
        description: "ETag of the lead version the action is based on; 412 if it changed since.",
      },
    ],
    idempotent: true,
    responses: {
      [status]: {
        description: "The lead after the action",
        schema: leadSchema,
        headers: { ETag: "New version of the lead" },
      },
      403: problemDoc("Not the rep this lead is handed to (and not an admin), or the key lacks the scope"),
      404: problemDoc("No such lead"),
      409: problemDoc(
        "The lead's status does not allow this action (the body names the status and the allowed moves)",
      ),
      410: problemDoc("The lead was erased: it takes no further change"),
      412: problemDoc("The lead changed since the If-Match version"),
      422: problemDoc("Invalid input, or the Idempotency-Key was used for a different request"),
      ...spec.responses,
    },
    async handler({ c, params, principal, idempotency }) {
      const ifMatch = parseIfMatch(c.req.header("if-match"));
      const { id, ...rest } = params as Record<string, string>;
      const answer = await runLeadAction(services, spec.action, {
        leadId: id!,
        params: rest,
        ...(spec.action.input ? { body: await readJson(c) } : {}),
        acting: actingOf(principal!),
        ifMatch,
        idempotency: idempotency && { ...idempotency, render },
      });
      return reply(c, answer, render);
    },
  });
}
