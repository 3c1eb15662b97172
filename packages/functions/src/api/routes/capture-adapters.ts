import { capturesTrusted, isPublicKey, type Principal } from "@rebound/core/auth";
import {
  type CaptureResult,
  captureFromTypeform,
  columnMappingSchema,
  type FormOptions,
  TYPEFORM_SIGNATURE_HEADER,
  typeformPayloadSchema,
  verifyTypeformSignature,
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

/** What a form tool's webhook may add in the URL: a field mapping, the source, the campaign, and a key. */
export const adapterQuery = z.object({
  /** JSON object: form field (or Typeform ref) → lead field, e.g. {"company_size":"custom.size"}. */
  mapping: z.optional(jsonEncoded(z.string().check(z.maxLength(4_000)), columnMappingSchema)),
  source: sourceParam,
  campaign: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  key: z.optional(
    z
      .string()
      .check(
        z.maxLength(200),
        z.describe(
          "An ingest key, for senders that cannot set headers (a plain HTML form, a webhook). Any other kind of key is refused here (403): a URL ends up in logs.",
        ),
      ),
  ),
});

export function optionsOf(query: z.infer<typeof adapterQuery>): FormOptions {
  const options: FormOptions = {};
  const mapping = mappingParam(query.mapping);
  if (mapping) options.mapping = mapping;
  const source = sourceOption(query, "form");
  if (source) options.source = source;
  return options;
}

export const captureResponses = {
  201: {
    description: "Lead created",
    schema: leadSchema,
    headers: { Location: "URL of the lead", ETag: "Version of the lead" },
  },
  200: { description: "Existing lead touched", schema: leadSchema, headers: { ETag: "Version of the lead" } },
  202: { description: "Accepted (a key that only adds: ingest, rep)", schema: acceptedSchema },
};

/**
 * Captures what an adapter made of a submission, answered exactly as POST /v1/leads answers.
 * Fingerprinted on the capture the submission maps to, not its bytes: a form tool's
 * redelivery of one submission may differ in envelope (delivery ids, timestamps).
 */
export async function captureAdapted(
  deps: ApiDeps,
  c: Context,
  principal: Principal,
  input: Record<string, unknown>,
  idempotencyKey: string | undefined,
) {
  const trusted = capturesTrusted(principal);
  const render = (r: CaptureResult) => renderCapture(r, trusted);
  const path = new URL(c.req.url).pathname;
  const answer = await captureLead(
    leadDeps(deps),
    input,
    actorOf(principal),
    idempotencyKey
      ? {
          principalId: principal.id,
          key: idempotencyKey,
          fingerprint: fingerprint("POST", path, JSON.stringify(input)),
          render,
        }
      : undefined,
    { addsOnly: !trusted, publicKey: isPublicKey(principal) },
  );
  return { answer, render };
}

/**
 * Typeform signs each delivery with the webhook's secret; a key that holds that secret gets
 * only signed deliveries through. A public key without one is refused outright: it is in a
 * URL, and without a signature anyone holding the URL could post any "form response".
 */
async function verifiedTypeformBody(c: Context, principal: Principal): Promise<unknown> {
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (principal.typeformSecret) {
    const check = verifyTypeformSignature(
      raw,
      c.req.header(TYPEFORM_SIGNATURE_HEADER),
      principal.typeformSecret,
    );
    if (!check.ok)
      throw new HttpProblem(
        403,
        "bad-signature",
        "Bad signature",
        check.reason === "missing"
          ? `This key holds a Typeform secret: send the delivery's ${TYPEFORM_SIGNATURE_HEADER} header.`
          : `The ${TYPEFORM_SIGNATURE_HEADER} does not match this body and the key's Typeform secret (${check.reason}).`,
      );
  } else if (isPublicKey(principal)) {
    throw new HttpProblem(
      403,
      "typeform-secret-required",
      "Typeform secret required",
      "A public (ingest) key takes Typeform deliveries only when it holds the webhook's secret (typeformSecret), so that every delivery is verified.",
    );
  }
  // The body is read from the bytes already taken (Hono keeps them), so the check saw exactly these.
  return readJson(c);
}

/** Typeform's webhook: its own payload shape in, a capture out. */
export function captureAdapterRoutes(deps: ApiDeps) {
  return [
    defineRoute({
      method: "post",
      path: "/v1/capture/typeform",
      operationId: "captureFromTypeform",
      summary: "Capture a lead from Typeform's webhook (signed)",
      description:
        "Typeform's `form_response` payload; answers are read by field ref (set readable refs, or map them with `?mapping=`), the email " +
        "question by type; Typeform's retries replay (the response token is the idempotency key). Point the webhook at this URL with " +
        "`?key=<ingest key>` and give that key the webhook's secret (`typeformSecret`): every delivery's `Typeform-Signature` " +
        "(`sha256=` + base64 HMAC-SHA256 of the raw body) is then verified, and a missing or wrong one is 403. Answers as POST /v1/leads does.",
      tags: ["leads"],
      scopes: ["ingest", "sales", "automation"],
      query: adapterQuery,
      body: {
        schema: typeformPayloadSchema.check(
          z.meta({
            examples: [
              {
                event_id: "01HXQ3",
                event_type: "form_response",
                form_response: {
                  form_id: "lT4Z3j",
                  token: "a3a12ec67a1365927098a606107fac15",
                  answers: [
                    {
                      type: "email",
                      email: "ada@example.com",
                      field: { id: "f1", type: "email", ref: "email" },
                    },
                    {
                      type: "text",
                      text: "Analytical Engines",
                      field: { id: "f2", type: "short_text", ref: "company" },
                    },
                  ],
                },
              },
            ],
          }),
        ),
        contentTypes: ["application/json"],
      },
      headers: [
        {
          name: TYPEFORM_SIGNATURE_HEADER,
          description:
            "`sha256=<base64 HMAC-SHA256 of the raw body>`, keyed with the webhook's secret; required when the key holds one.",
        },
      ],
      idempotent:
        "Optional (Typeform's response token is used when absent): a retry with the same key (kept 24 h) replays the first answer; the same key with another submission is 422.",
      responses: {
        ...captureResponses,
        403: problemDoc(
          "Signature missing or wrong, an ingest key without a Typeform secret, a non-ingest key in the URL, or the key lacks the scope",
        ),
        422: problemDoc("Not a Typeform response with a usable lead, or Idempotency-Key reused"),
      },
      async handler({ c, query, principal, idempotency }) {
        const body = await verifiedTypeformBody(c, principal!);
        const { input, idempotencyKey } = captureFromTypeform(body, optionsOf(query));
        const { answer, render } = await captureAdapted(
          deps,
          c,
          principal!,
          input,
          idempotency?.key ?? idempotencyKey,
        );
        return reply(c, answer, render);
      },
    }),
  ];
}
