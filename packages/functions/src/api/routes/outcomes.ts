import {
  lostInputSchema,
  qualifyOutInputSchema,
  recycleInputSchema,
  wonInputSchema,
} from "@rebound/core/handoff";
import { lostReasons, qualifiedOutReasons } from "@rebound/core/lead";
import { qualifyOutLead, recordLost, recordWon, recycleLead } from "@rebound/core/usecases";
import { type ApiDeps, leadDeps } from "../deps";
import { leadActionRoute } from "../http/lead-action";

/** Outcomes: won, recycled (delayed decision), lost, qualified out. */
export function outcomeRoutes(deps: ApiDeps) {
  const services = leadDeps(deps);
  return [
    leadActionRoute({
      path: "/v1/leads/{id}/won",
      operationId: "recordWon",
      summary: "Record a win: a sale or an introductory order (terminal)",
      tags: ["outcomes"],
      scopes: ["sales"],
      body: wonInputSchema,
      run: async ({ params, body, acting, ifMatch }) => ({
        lead: await recordWon(services, params.id!, body, acting, ifMatch),
      }),
    }),
    leadActionRoute({
      path: "/v1/leads/{id}/recycle",
      operationId: "recycleLead",
      summary: "Delayed decision: back to marketing's nurture with a follow-up date",
      tags: ["outcomes"],
      scopes: ["sales"],
      body: recycleInputSchema,
      run: async ({ params, body, acting, ifMatch }) => ({
        lead: await recycleLead(services, params.id!, body, acting, ifMatch),
      }),
    }),
    leadActionRoute({
      path: "/v1/leads/{id}/lost",
      operationId: "recordLost",
      summary: "Record a loss with a reason from the taxonomy",
      description: `Reasons: ${lostReasons.join(", ")} (\`other\` needs a note). Optional competitor name and note.`,
      tags: ["outcomes"],
      scopes: ["sales"],
      body: lostInputSchema,
      run: async ({ params, body, acting, ifMatch }) => ({
        lead: await recordLost(services, params.id!, body, acting, ifMatch),
      }),
    }),
    leadActionRoute({
      path: "/v1/leads/{id}/qualify-out",
      operationId: "qualifyOutLead",
      summary: "Qualify a lead out (marketing or sales) with a reason from the taxonomy",
      description: `Reasons: ${qualifiedOutReasons.join(", ")} (\`other\` needs a note). Only for leads with marketing; a hand-off is rejected or lost instead.`,
      tags: ["outcomes"],
      scopes: ["sales", "automation"],
      body: qualifyOutInputSchema,
      run: async ({ params, body, acting, ifMatch }) => ({
        lead: await qualifyOutLead(services, params.id!, body, acting, ifMatch),
      }),
    }),
  ];
}
