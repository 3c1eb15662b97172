import { handOffInputSchema, rejectInputSchema } from "@rebound/core/handoff";
import { acceptHandOff, handOffLead, rejectHandOff } from "@rebound/core/usecases";
import { type ApiDeps, leadDeps } from "../deps";
import { leadActionRoute } from "../http/lead-action";

/** Hand-off to a named rep, and the rep's answer: accept or reject with a reason. */
export function handoffRoutes(deps: ApiDeps) {
  const services = leadDeps(deps);
  return [
    leadActionRoute({
      path: "/v1/leads/{id}/handoff",
      operationId: "handOffLead",
      summary: "Hand a lead to a named rep, with the intelligence they need",
      description:
        "Only a `sales_ready` lead can be handed off, unless `override.reason` is given (recorded on the hand-off and reported). " +
        "Sets the lead's owner and starts the acceptance SLA of the policy in force. A lead that fails the policy without an override is 409 `not-sales-ready` with the verdict's reasons.",
      tags: ["hand-off"],
      scopes: ["sales", "automation"],
      body: handOffInputSchema,
      run: async ({ params, body, acting, ifMatch }) => ({
        lead: await handOffLead(services, params.id!, body, acting, ifMatch),
      }),
    }),
    leadActionRoute({
      path: "/v1/leads/{id}/accept",
      operationId: "acceptHandOff",
      summary: "Accept a hand-off (the named rep, or an admin)",
      description:
        "Stops the acceptance clock and starts the outcome clock. Of two racing accepts exactly one wins; the other is 409.",
      tags: ["hand-off"],
      scopes: ["sales"],
      run: async ({ params, acting, ifMatch }) => ({
        lead: await acceptHandOff(services, params.id!, acting, ifMatch),
      }),
    }),
    leadActionRoute({
      path: "/v1/leads/{id}/reject",
      operationId: "rejectHandOff",
      summary: "Reject a hand-off with a reason: the lead returns to nurturing",
      tags: ["hand-off"],
      scopes: ["sales"],
      body: rejectInputSchema,
      run: async ({ params, body, acting, ifMatch }) => ({
        lead: await rejectHandOff(services, params.id!, body, acting, ifMatch),
      }),
    }),
  ];
}
