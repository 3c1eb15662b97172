import { NotFoundError } from "@rebound/core/kernel";
import { policyInputSchema, salesReadyPolicySchema } from "@rebound/core/qualification";
import { currentPolicy, publishPolicy } from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import type { ApiDeps } from "../deps";
import { etagOf, parseIfMatch } from "../http/etag";
import { defineRoute, readJson } from "../http/route";
import { problemDoc } from "../openapi/common";

/** The sales-ready policy marketing and sales agree on: read it (any version), publish a new version. */
export function policyRoutes(deps: ApiDeps) {
  const policyDeps = { policies: deps.stores.policies, clock: deps.clock };
  return [
    defineRoute({
      method: "get",
      path: "/v1/policies/sales-ready",
      operationId: "getSalesReadyPolicy",
      summary: "The sales-ready policy in force (or an earlier version)",
      description:
        "Without `version`, the policy in force; on a fresh stage that is the default BANT policy, stored as version 1 on first read.",
      tags: ["policies"],
      scopes: ["sales", "automation"],
      query: z.object({ version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))) }),
      responses: {
        200: {
          description: "The policy",
          schema: salesReadyPolicySchema,
          headers: { ETag: "Policy version" },
        },
        404: problemDoc("No such version"),
      },
      async handler({ c, query }) {
        const policy =
          query.version !== undefined
            ? await deps.stores.policies.version(query.version)
            : await currentPolicy(policyDeps);
        if (!policy) throw new NotFoundError(`No sales-ready policy version ${query.version}.`);
        return c.json(policy, 200, { ETag: etagOf(policy.version) });
      },
    }),
    defineRoute({
      method: "put",
      path: "/v1/policies/sales-ready",
      operationId: "putSalesReadyPolicy",
      summary: "Publish a new version of the sales-ready policy",
      description:
        "Creates version n+1; earlier versions stay readable and verdicts keep naming the version that judged them. " +
        "Leads are re-evaluated against it at their next capture or edit. Send `If-Match` with the version you edited to get 412 instead of overwriting a concurrent change.",
      tags: ["policies"],
      scopes: ["admin"],
      body: { schema: policyInputSchema, required: true },
      headers: [{ name: "If-Match", description: "ETag (version) of the policy this one replaces." }],
      responses: {
        201: {
          description: "The new version",
          schema: salesReadyPolicySchema,
          headers: { ETag: "Policy version", Location: "URL of this version" },
        },
        412: problemDoc("The policy changed since the If-Match version"),
        422: problemDoc("Invalid policy"),
      },
      async handler({ c, principal }) {
        const ifMatch = parseIfMatch(c.req.header("if-match"));
        const policy = await publishPolicy(policyDeps, await readJson(c), principal!.id, ifMatch);
        return c.json(policy, 201, {
          ETag: etagOf(policy.version),
          Location: `/v1/policies/sales-ready?version=${policy.version}`,
        });
      },
    }),
  ];
}
