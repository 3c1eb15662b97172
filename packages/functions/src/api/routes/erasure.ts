import { eraseLead } from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import { type ApiDeps, leadDeps } from "../deps";
import { leadIdParams } from "../http/params";
import { defineRoute } from "../http/route";
import { problemDoc } from "../openapi/common";
import { actorOf } from "./leads";

const receiptSchema = z.object({
  leadId: z.string(),
  erasedAt: z.string(),
  completedAt: z.string(),
  eventsRedacted: z.number(),
  responsesDeleted: z.number(),
});

/** GDPR Art. 17: erase a person from every copy Rebound holds. */
export function erasureRoutes(deps: ApiDeps) {
  const services = leadDeps(deps);
  return [
    defineRoute({
      method: "post",
      path: "/v1/leads/{id}/erase",
      operationId: "eraseLead",
      summary: "Erase a lead's personal data from every copy (right to erasure)",
      description:
        "Removes the address, names, company, title, phone, custom fields and everything a person typed (notes, free-text reasons, UTM values) " +
        "from the lead, its timeline, its segment memberships and the stored responses about it; deletes its email item and pending rebounds; " +
        "puts a keyed hash of the address on the suppression list (a later capture of it never gets marketing consent back except from the " +
        "person's own public-form opt-in); and publishes `lead.erased`, which every consumer must honour. What remains is anonymous " +
        "(ids, statuses, reasons, times, counts), so reports and listings keep their numbers. Repeating the call is safe: it finishes an " +
        "erasure interrupted by a crash, and answers an erased lead's receipt again without writing. An erased lead takes no further change (410).",
      tags: ["leads"],
      scopes: ["admin"],
      params: leadIdParams,
      responses: {
        200: { description: "The erasure's receipt", schema: receiptSchema },
        404: problemDoc("No such lead"),
      },
      async handler({ c, params, principal }) {
        return c.json(await eraseLead(services, params.id, actorOf(principal!)));
      },
    }),
  ];
}
