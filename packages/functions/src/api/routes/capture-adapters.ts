import { capturesTrusted, isPublicKey } from "@rebound/core/auth";
import {
  type CaptureResult,
  captureFromForm,
  captureFromTypeform,
  columnMappingSchema,
  type FormOptions,
} from "@rebound/core/intake";
import { leadSchema } from "@rebound/core/lead";
import { captureLead } from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import type { Context } from "hono";
import { type ApiDeps, leadDeps } from "../deps";
import { fingerprint, reply } from "../http/idempotency";
import { mappingParam, sourceOption, sourceParam } from "../http/params";
import { HttpProblem } from "../http/problem";
import { defineRoute, readJson } from "../http/route";
import { problemDoc } from "../openapi/common";
import { jsonEncoded } from "../openapi/json-encoded";
import { acceptedSchema, actorOf, renderCapture } from "./leads";

const adapters = ["form", "typeform"] as const;

const adapterQuery = z.object({
  /** JSON object: form field (or Typeform ref) → lead field, e.g. {"company_size":"custom.size"}. */
  mapping: z.optional(jsonEncoded(z.string().check(z.maxLength(4_000)), columnMappingSchema)),
  source: sourceParam,
  campaign: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});

function optionsOf(query: z.infer<typeof adapterQuery>): FormOptions {
  const options: FormOptions = {};
  const mapping = mappingParam(query.mapping);
  if (mapping) options.mapping = mapping;
  const source = sourceOption(query, "form");
  if (source) options.source = source;
  return options;
}

/** A form posts JSON or, from a plain HTML form, urlencoded or multipart fields (files are dropped). */
async function readFormBody(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    let fields: Awaited<ReturnType<typeof c.req.parseBody>>;
    try {
      fields = await c.req.parseBody({ all: true });
    } catch (error) {
      // A multipart body without its boundary, or cut short: the client's syntax, not our fault.
      throw new HttpProblem(
        400,
        "bad-request",
        "Bad request",
        `The form body is malformed: ${(error as Error).message}`,
      );
    }
    return Object.fromEntries(
      Object.entries(fields).flatMap(([name, value]) => {
        const values = (Array.isArray(value) ? value : [value]).filter(
          (v): v is string => typeof v === "string",
        );
        return values.length === 0 ? [] : [[name, values.length === 1 ? values[0] : values]];
      }),
    );
  }
  return readJson(c);
}

/**
 * Form adapters: a form tool's own webhook shape in, a capture out, answered exactly as
 * POST /v1/leads answers (201/200 with the lead, 202 for ingest-only keys).
 */
export function captureAdapterRoutes(deps: ApiDeps) {
  const services = leadDeps(deps);
  return [
    defineRoute({
      method: "post",
      path: "/v1/capture/{adapter}",
      operationId: "captureFromAdapter",
      summary: "Capture a lead from a form tool's webhook (generic form fields, Typeform)",
      description:
        "`form`: a flat JSON object or urlencoded form fields; conventional names (email, first_name, last_name, name, company, job_title, phone, " +
        "country, consent/newsletter, utm_source…) feed the lead, other fields become custom fields. `typeform`: Typeform's `form_response` " +
        "webhook payload; answers are read by field ref (set readable refs, or map them with `?mapping=`), the email question by type; Typeform's " +
        "retries replay (the response token is the idempotency key). Answers as POST /v1/leads does.",
      tags: ["leads"],
      scopes: ["ingest", "sales", "automation"],
      params: z.object({ adapter: z.enum(adapters) }),
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
        contentTypes: ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
      },
      idempotent:
        "Optional, unique per submission (Typeform's response token is used when absent): a retry with the same key (kept 24 h) replays the first answer; the same key with another submission is 422.",
      responses: {
        201: {
          description: "Lead created",
          schema: leadSchema,
          headers: { Location: "URL of the lead", ETag: "Version of the lead" },
        },
        200: {
          description: "Existing lead touched",
          schema: leadSchema,
          headers: { ETag: "Version of the lead" },
        },
        202: { description: "Accepted (a key that only adds: ingest, rep)", schema: acceptedSchema },
        422: problemDoc("No usable lead in the submission, or Idempotency-Key reused"),
      },
      async handler({ c, params, query, principal, idempotency }) {
        const options = optionsOf(query);
        const body = params.adapter === "typeform" ? await readJson(c) : await readFormBody(c);
        const { input, idempotencyKey } =
          params.adapter === "typeform"
            ? captureFromTypeform(body, options)
            : { input: captureFromForm(body, options), idempotencyKey: undefined };
        const key = idempotency?.key ?? idempotencyKey;
        const trusted = capturesTrusted(principal!);
        const render = (r: CaptureResult) => renderCapture(r, trusted);
        // Fingerprinted on the capture the submission maps to, not its bytes: a form tool's
        // redelivery of one submission may differ in envelope (delivery ids, timestamps).
        const path = new URL(c.req.url).pathname;
        const answer = await captureLead(
          services,
          input,
          actorOf(principal!),
          key
            ? {
                principalId: principal!.id,
                key,
                fingerprint: fingerprint("POST", path, JSON.stringify(input)),
                render,
              }
            : undefined,
          { addsOnly: !trusted, publicKey: isPublicKey(principal!) },
        );
        return reply(c, answer, render);
      },
    }),
  ];
}
