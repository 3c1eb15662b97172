import type { ActionContext, LeadAction } from "../handoff/action";
import { type Acting, assertMayAct } from "../handoff/context";
import { parseWith } from "../kernel/parse";
import type { Lead } from "../lead/lead";
import type { LeadDeps } from "./context";
import type { IdempotencyRequest, Replayable } from "./idempotency";
import { mutateLeadIdempotent } from "./mutate";
import { currentPolicy, currentReboundPolicy, type ReboundPolicyDeps } from "./policies";

export type LeadActionDeps = LeadDeps & Pick<ReboundPolicyDeps, "reboundPolicies">;

export interface LeadActionRequest {
  leadId: string;
  /** Path parameters besides the lead id (e.g. `appointmentId`). */
  params?: Record<string, string>;
  body?: unknown;
  acting: Acting;
  /** The version the caller last saw: with it, a concurrent change is a 412 instead of a retry. */
  ifMatch?: number | undefined;
  idempotency?: IdempotencyRequest<LeadActionResult> | undefined;
}

export interface LeadActionResult {
  lead: Lead;
  /** The id minted for this request, when the action needs one (the new appointment's). */
  newId?: string;
}

/**
 * Runs any lead action: parse its input at the boundary, read what it needs (policies, read
 * eventually consistent: the hot path), mint its id once, then read → pure decision → one
 * conditional transaction with the stored response (mutateLeadIdempotent).
 */
export async function runLeadAction(
  deps: LeadActionDeps,
  // biome-ignore lint/suspicious/noExplicitAny: the registry holds actions of every input type; each entry was typed where it was defined.
  action: LeadAction<any, any>,
  request: LeadActionRequest,
): Promise<Replayable<LeadActionResult>> {
  const input = action.input
    ? parseWith(action.input, request.body, action.invalid ?? "The request is not valid.")
    : undefined;
  const needs = action.needs;
  const salesPolicy = needs.salesPolicy ? await currentPolicy(deps) : undefined;
  const reboundPolicy = needs.reboundPolicy ? await currentReboundPolicy(deps) : undefined;
  // Minted once, outside the retry loop: a retried write keeps the same id.
  const newId = needs.newId ? deps.ids.next() : undefined;
  const resultOf = (lead: Lead): LeadActionResult => (newId ? { lead, newId } : { lead });
  const { acting, idempotency } = request;
  const answer = await mutateLeadIdempotent(
    deps,
    request.leadId,
    request.ifMatch !== undefined
      ? { actor: acting.actor, ifMatch: request.ifMatch }
      : { actor: acting.actor },
    (lead, at) => {
      assertMayAct(lead, acting);
      const ctx: ActionContext = {
        at,
        acting,
        params: request.params ?? {},
        ...(salesPolicy ? { salesPolicy } : {}),
        ...(reboundPolicy ? { reboundPolicy } : {}),
        ...(newId ? { newId } : {}),
      };
      return action.decide(lead, input, ctx as never);
    },
    idempotency && { ...idempotency, render: (lead: Lead) => idempotency.render(resultOf(lead)) },
  );
  if (answer.kind === "replay") return answer;
  const result = resultOf(answer.result.lead);
  return answer.response ? { kind: "done", result, response: answer.response } : { kind: "done", result };
}
