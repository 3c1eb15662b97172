import {
  columnMappingSchema,
  type ImportFile,
  type ImportOptions,
  presetIds,
  rowsFromCsv,
  rowsFromJson,
} from "@rebound/core/intake";
import { captureInputSchema, sourceSchema } from "@rebound/core/lead";
import { type ImportResult, importLeads, onceByClaim, type RowResult } from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import { type ApiDeps, leadDeps } from "../deps";
import { reply } from "../http/idempotency";
import { mappingParam, sourceOption, sourceParam } from "../http/params";
import { HttpProblem, pointer } from "../http/problem";
import { defineRoute, readJson } from "../http/route";
import { readText } from "../http/text-body";
import { problemDoc } from "../openapi/common";
import { jsonEncoded } from "../openapi/json-encoded";
import { named } from "../openapi/names";
import { actorOf } from "./leads";

export const IMPORTS_PATH = "/v1/imports";

const delimiters = { comma: ",", semicolon: ";", tab: "\t", pipe: "|" } as const;

const importQuery = z.object({
  preset: z.optional(z.enum(presetIds)),
  /** JSON object: column → lead field, e.g. {"E-Mail":"email","Firma":"company"}. */
  mapping: z.optional(jsonEncoded(z.string().check(z.maxLength(8_000)), columnMappingSchema)),
  source: sourceParam,
  campaign: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  delimiter: z.optional(z.enum(Object.keys(delimiters) as [keyof typeof delimiters])),
});
type ImportQuery = z.infer<typeof importQuery>;

const issueSchema = z.object({
  pointer: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  detail: z.string(),
  code: z.string(),
  column: z.optional(z.string()),
});
const count = (what: string) => z.number().check(z.int(), z.describe(what));
const rowsSummary = {
  rows: count("Rows in the file."),
  merged: count("Rows that were the same person as an earlier row (one lead, one touch)."),
  rejected: count("Rows refused, each with its field errors."),
  pending: count("Rows not written yet (time budget): re-post the same file to finish."),
};
const rowReport = (statuses: readonly [string, ...string[]]) =>
  z.object({
    row: z.number(),
    line: z.optional(z.number()),
    status: z.enum(statuses),
    leadId: z.optional(z.string()),
    mergedInto: z.optional(z.number()),
    errors: z.optional(z.array(issueSchema)),
    detail: z.optional(z.string()),
  });
const fileFacts = {
  complete: z.boolean().check(z.describe("False when rows are pending.")),
  columns: z.optional(z.object({ mapped: z.record(z.string(), z.string()), ignored: z.array(z.string()) })),
  ignored: z.optional(z.record(z.string(), z.number())),
};
const reportSchema = named(
  z.object({
    ...fileFacts,
    summary: z.object({
      ...rowsSummary,
      created: count("Rows that made a new lead."),
      touched: count("Rows that touched an existing lead."),
      written: count("Rows this request wrote."),
      replayed: count(
        "Rows already written by an earlier post of the same content: a re-posted file says so here and writes nothing again.",
      ),
    }),
    rows: z.array(rowReport(["created", "touched", "merged", "rejected", "pending"])),
  }),
  "ImportReport",
);
const jsonImportSchema = z.union([
  z.array(captureInputSchema),
  z.object({ rows: z.array(captureInputSchema), source: z.optional(sourceSchema) }),
]);

function optionsOf(query: ImportQuery, contentType: string): ImportOptions {
  const options: ImportOptions = {};
  if (query.preset) options.preset = query.preset;
  const mapping = mappingParam(query.mapping);
  if (mapping) options.mapping = mapping;
  const source = sourceOption(query, "import");
  if (source) options.source = source;
  options.delimiter = query.delimiter
    ? delimiters[query.delimiter]
    : /tab-separated/i.test(contentType)
      ? "\t"
      : ",";
  return options;
}

/** A rejected row's errors as problem-style pointers, so a client can point at the cell. */
function renderRow(row: RowResult) {
  if (row.status !== "rejected") return row;
  return {
    ...row,
    errors: row.errors.map((e) => ({
      pointer: pointer(e.path),
      path: e.path,
      detail: e.message,
      code: e.code,
      ...(e.column ? { column: e.column } : {}),
    })),
  };
}

export function importRoutes(deps: ApiDeps) {
  const services = leadDeps(deps);
  return [
    defineRoute({
      method: "post",
      path: IMPORTS_PATH,
      operationId: "importLeads",
      summary: "Bulk capture: a JSON array of leads or a webinar platform's CSV export",
      description:
        "Up to 10,000 rows. Each row is validated on its own and reported: created, touched (existing lead), merged (same person as an earlier row: " +
        "one lead, one touch, minutes summed) or rejected with its field errors. Every row is written exactly as POST /v1/leads writes a lead, " +
        "in its own transaction: nothing is half-written. CSV: `?preset=zoom-registrants|zoom-participants|gotowebinar|on24|generic` and/or " +
        '`?mapping={"<column>":"<lead field>"}`, `?source=webinar:<id>`, `?campaign=`. Re-posting the same rows writes nothing (each row carries ' +
        "an idempotency key derived from its content, kept 30 days). If the time budget runs out, `complete` is false and the unwritten rows are " +
        "`pending`: re-post the same file to finish. Needs an `automation` (or `admin`) key: public and sales keys may not post lists.",
      tags: ["leads"],
      // Bulk writes are for integrations and admins: a public form key must not post a 10,000-row list.
      scopes: ["automation"],
      query: importQuery,
      body: {
        schema: jsonImportSchema,
        contentTypes: ["application/json", "text/csv", "text/tab-separated-values"],
        schemas: { "text/csv": z.string(), "text/tab-separated-values": z.string() },
      },
      idempotent:
        "Optional: the same key with a different file is refused (422) before any write. Re-posts replay row by row with or without it (the report counts them as `replayed`).",
      responses: {
        200: { description: "Per-row report", schema: reportSchema },
        400: problemDoc("Invalid query, or malformed JSON"),
        413: problemDoc("Body larger than REBOUND_MAX_IMPORT_BYTES"),
        415: problemDoc("Neither JSON nor CSV"),
        422: problemDoc(
          "Malformed CSV, no email column, more than 10,000 rows, or Idempotency-Key reused for another file",
        ),
      },
      async handler({ c, query, principal, idempotency }) {
        const contentType = c.req.header("content-type") ?? "";
        const options = optionsOf(query, contentType);
        let file: ImportFile;
        if (/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
          file = rowsFromJson(await readJson(c), options);
        } else if (/^text\/(csv|plain|tab-separated-values)\b/i.test(contentType)) {
          file = rowsFromCsv(await readText(c), options);
        } else {
          throw new HttpProblem(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            "Send rows as application/json or an export as text/csv.",
          );
        }
        const render = (result: ImportResult) => ({
          status: 200,
          body: {
            complete: result.complete,
            summary: result.summary,
            ...(file.columns ? { columns: file.columns } : {}),
            ...(file.ignored ? { ignored: file.ignored } : {}),
            rows: result.rows.map(renderRow),
          },
        });
        // Not one transaction (each row is its own): the key is claimed first; a retry runs
        // again and its rows replay by content (an unfinished import is finished so).
        const answer = await onceByClaim(services, idempotency && { ...idempotency, render }, async () => {
          const result = await importLeads(services, file.rows, {
            actor: actorOf(principal!),
            budgetMs: deps.config.imports.budgetMs,
            concurrency: deps.config.imports.concurrency,
          });
          if (!result.complete)
            deps.log.warn("import incomplete", {
              rows: result.summary.rows,
              pending: result.summary.pending,
            });
          return result;
        });
        return reply(c, answer, render);
      },
    }),
  ];
}
