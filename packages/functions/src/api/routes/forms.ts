import type { Principal } from "@rebound/core/auth";
import { captureFromForm, HONEYPOT_FIELD, takeHoneypot } from "@rebound/core/intake";
import * as z from "@rebound/core/zod";
import type { Context } from "hono";
import { metricNames } from "../../observability/metric-names";
import type { ApiDeps } from "../deps";
import { formMediaTypes, isFormMediaType, parseFormBody } from "../http/form-body";
import { FORM_PATH } from "../http/form-page";
import { htmlResponse, safeLink, thankYouPage } from "../http/html-page";
import { reply } from "../http/idempotency";
import { defineRoute, readJson } from "../http/route";
import { problemDoc } from "../openapi/common";
import { adapterQuery, captureAdapted, captureResponses, optionsOf } from "./capture-adapters";

export const THANKS_PATH = "/v1/capture/thanks";

/** A form posts JSON (from a script) or, from a plain HTML form, urlencoded or multipart fields. */
async function readFormBody(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (isFormMediaType(type)) return parseFormBody(type, await c.req.arrayBuffer());
  return readJson(c);
}

/** Where a plain HTML form's submitter goes after a submission: the key's page, else ours. */
function seeOther(c: Context, principal: Principal): Response {
  return c.redirect(principal.redirectUrl ?? THANKS_PATH, 303);
}

/**
 * The generic form capture, for a script (JSON answers, key in a header) and for a plain HTML
 * form without JavaScript (key in the URL: a 303 to a thank-you page, or an HTML page saying
 * what to fix). The honeypot field catches bots that fill every input: their post is answered
 * as if accepted, and nothing is written.
 */
export function formRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: "post",
      path: FORM_PATH,
      operationId: "captureFromForm",
      summary: "Capture a lead from a form: a script's JSON, or a plain HTML form without JavaScript",
      description:
        "Conventional field names (email, first_name, last_name, name, company, job_title, phone, country, consent/newsletter, utm_source…) " +
        "feed the lead; other fields become custom fields. From a script: JSON (or form fields) with the key in a header, answered as POST " +
        '/v1/leads answers. From a plain HTML form: `action="…/v1/capture/form?key=<ingest key>"`, urlencoded or multipart: a capture ' +
        "answers `303 See Other` to the key's `redirectUrl` (or the API's thank-you page), a refusal is a `text/html` page with a link back " +
        `to the form. A filled \`${HONEYPOT_FIELD}\` field (hide it from people) marks a bot: answered as accepted, nothing written.`,
      tags: ["leads"],
      scopes: ["ingest", "sales", "automation"],
      query: adapterQuery,
      body: {
        schema: z.record(z.string(), z.unknown()).check(
          z.meta({
            examples: [
              {
                email: "ada@example.com",
                first_name: "Ada",
                last_name: "Lovelace",
                company: "Analytical Engines",
                newsletter: "yes",
                company_size: "50-200",
              },
            ],
          }),
        ),
        contentTypes: ["application/json", ...formMediaTypes],
      },
      idempotent: true,
      pageErrors: true,
      responses: {
        ...captureResponses,
        202: {
          description: "Accepted (a key that only adds: ingest, rep; or a post the honeypot caught)",
          schema: captureResponses[202].schema,
        },
        303: {
          description: "A plain HTML form's submission was taken: on to the thank-you page",
          headers: { Location: "The key's redirectUrl, or the API's thank-you page" },
        },
        422: problemDoc("No usable lead in the submission, or Idempotency-Key reused"),
      },
      async handler({ c, query, principal, idempotency }) {
        const page = c.get("formPage") === true;
        const body = await readFormBody(c);
        const bait = typeof body === "object" && body !== null && !Array.isArray(body);
        const { filled, fields } = bait
          ? takeHoneypot(body as Record<string, unknown>)
          : { filled: false, fields: body };
        if (filled) {
          // Counted and logged with the key's id only: nothing of the submission.
          deps.log.warn("form honeypot filled", { keyId: principal!.id });
          deps.metrics.put(metricNames.honeypotCatches, 1, "Count");
          return page ? seeOther(c, principal!) : c.json({ status: "accepted" }, 202);
        }
        const input = captureFromForm(fields, optionsOf(query));
        const { answer, render } = await captureAdapted(deps, c, principal!, input, idempotency?.key);
        return page ? seeOther(c, principal!) : reply(c, answer, render);
      },
    }),
    defineRoute({
      method: "get",
      path: THANKS_PATH,
      operationId: "formThankYouPage",
      summary: "The thank-you page a plain HTML form lands on when its key names no page of its own",
      description:
        "Where `POST /v1/capture/form?key=…` sends the browser (303) when the key has no `ingest.redirectUrl`: a minimal page, with a link back to the site it came from.",
      tags: ["leads"],
      scopes: "public",
      responses: {
        200: {
          description: "A minimal thank-you page",
          content: { "text/html": z.string() },
          headers: { "Content-Security-Policy": "The page loads, runs and posts nothing." },
        },
      },
      handler({ c }) {
        return htmlResponse(c, 200, thankYouPage(safeLink(c.req.header("referer"))));
      },
    }),
  ];
}
