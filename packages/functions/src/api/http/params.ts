import { ULID_PATTERN } from "@rebound/core/kernel";
import { parseSourceRef, type Source, sourceRefSchema } from "@rebound/core/lead";
import * as z from "@rebound/core/zod";
import { HttpProblem } from "./problem";

/** A path parameter holding one of our ids (all ULIDs). */
export const ulidParam = (what: string) => z.string().check(z.regex(ULID_PATTERN, `not ${what}`));

export const leadIdSchema = ulidParam("a lead id");
export const leadIdParams = z.object({ id: leadIdSchema });

/** `?source=type[:id]`: the one spelling of a source in a query string. */
export const sourceParam = z.optional(sourceRefSchema);

function badQuery(name: string, message: string): never {
  throw new HttpProblem(400, "bad-request", "Bad request", "Invalid query parameters.", [
    { path: ["query", name], message, code: "invalid_value" },
  ]);
}

/**
 * `?mapping=` as imports and capture adapters take it: a JSON object of outside name (a
 * column, a form field) → lead field. Malformed JSON or another shape is a 400 naming it.
 */
export function mappingParam(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  let mapping: unknown;
  try {
    mapping = JSON.parse(raw);
  } catch {
    mapping = undefined;
  }
  if (
    typeof mapping !== "object" ||
    mapping === null ||
    Array.isArray(mapping) ||
    Object.values(mapping).some((v) => typeof v !== "string")
  )
    badQuery("mapping", 'a JSON object of column or field name → lead field, e.g. {"E-Mail":"email"}');
  return mapping as Record<string, string>;
}

/** `?source=` and `?campaign=` as the source to record (`fallbackType` when only a campaign is given). */
export function sourceOption(
  query: { source?: string | undefined; campaign?: string | undefined },
  fallbackType: Source["type"],
): Record<string, unknown> | undefined {
  if (!query.source && !query.campaign) return undefined;
  const { type, id } = query.source ? parseSourceRef(query.source) : { type: fallbackType, id: undefined };
  return {
    type,
    ...(id !== undefined ? { id } : {}),
    ...(query.campaign ? { campaign: query.campaign } : {}),
  };
}
