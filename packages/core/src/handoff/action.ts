import type { Schema } from "../kernel/parse";
import type { Decision } from "../lead/decision";
import type { Lead } from "../lead/lead";
import type { SalesReadyPolicy } from "../qualification/policy";
import type { ReboundPolicy } from "../rebound/policy";
import type { DecideContext } from "./context";

/** What an action needs read or minted before its decision runs (once per request, outside retries). */
export interface ActionNeeds {
  /** The sales-ready policy in force. */
  salesPolicy?: true;
  /** The rebound policy in force. */
  reboundPolicy?: true;
  /** An id minted for this request (a hand-off, an appointment), kept by every retry of the write. */
  newId?: true;
}

/** What a lead action's decision gets besides the lead and its input: exactly what it declared it needs. */
export type ActionContext<N extends ActionNeeds = ActionNeeds> = DecideContext & {
  /** Path parameters besides the lead id (e.g. `appointmentId`). */
  params: Record<string, string>;
} & (N["salesPolicy"] extends true ? { salesPolicy: SalesReadyPolicy } : unknown) &
  (N["reboundPolicy"] extends true ? { reboundPolicy: ReboundPolicy } : unknown) &
  (N["newId"] extends true ? { newId: string } : unknown);

/**
 * A POST that changes one lead: its input schema, what it needs, and its pure decision. One
 * generic runner (usecases/lead-action.ts) parses the input, reads what it needs and commits
 * the decision through mutateLead with idempotency; one route entry in functions mounts it.
 */
export interface LeadAction<I = unknown, N extends ActionNeeds = ActionNeeds> {
  name: string;
  /** The body's schema; absent for an action that takes none (accept). */
  input?: Schema<I>;
  /** The 422 message when the body does not parse. */
  invalid?: string;
  needs: N;
  decide(lead: Lead, input: I, ctx: ActionContext<N>): Decision;
}

/** Declares a lead action (types only: it returns the spec as given). */
export function defineLeadAction<I = undefined, const N extends ActionNeeds = ActionNeeds>(
  action: LeadAction<I, N>,
): LeadAction<I, N> {
  return action;
}
