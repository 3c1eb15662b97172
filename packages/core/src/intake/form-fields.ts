import { ValidationError } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import { CUSTOM_MAX_BYTES, type Source, sourceSchema } from "../lead/schema";
import { columnResolver, parseMapping } from "./import-file";
import { type Cell, conventionalNames, mapRecord, type Target } from "./mapping";
import type { Preset } from "./presets";

export interface FormOptions {
  /** Form field → lead field, over the conventional names. */
  mapping?: Record<string, string>;
  /** Where the submission came from; `{ type: "form" }` when absent. */
  source?: unknown;
}

const conventions: Preset = {
  id: "form",
  description: "conventional form field names",
  sourceType: "form",
  columns: conventionalNames,
};
const MAX_CUSTOM_TEXT = 1_000;

/** A form field's value as one cell: checkbox groups join, nested values become JSON text. */
export function toCell(value: unknown): Cell {
  if (
    value === null ||
    value === undefined ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  )
    return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null))
    return value.filter((v) => v !== null && v !== "").join(", ");
  return JSON.stringify(value);
}

/** Names a form field's lead field: the explicit mapping, then conventional names. */
export function fieldResolver(options: FormOptions): (name: string) => Target | undefined {
  return columnResolver(conventions, parseMapping(options.mapping));
}

/**
 * Builds a capture input from named form values. Known names (explicit mapping, then
 * conventional names such as email, first_name, company, utm_source) feed lead fields;
 * every other field is kept as a custom field. Long free text is clipped rather than
 * refused: a contact form's long message must never cost us the lead.
 */
export function captureFromFields(
  fields: [string, Cell][],
  options: FormOptions,
  fallback?: (name: string) => Target | undefined,
): Record<string, unknown> {
  const byName = fieldResolver(options);
  const { input } = mapRecord(fields, (name) => byName(name) ?? fallback?.(name), "custom");
  const custom = input.custom as Record<string, unknown> | undefined;
  if (custom) {
    for (const [key, value] of Object.entries(custom))
      if (typeof value === "string" && value.length > MAX_CUSTOM_TEXT)
        custom[key] = `${value.slice(0, MAX_CUSTOM_TEXT - 1)}…`;
    // Keep what fits the custom-field budget, in form order, rather than refusing the lead.
    let bytes = 2;
    for (const [key, value] of Object.entries(custom)) {
      bytes += Buffer.byteLength(JSON.stringify({ [key]: value })) - 1;
      if (bytes > CUSTOM_MAX_BYTES) delete custom[key];
    }
  }
  const source: Source =
    options.source === undefined
      ? { type: "form" }
      : parseWith(sourceSchema, options.source, "The form's source is not valid.");
  input.source = { ...source, ...(input.source as object | undefined) };
  return input;
}

/** The generic form webhook: a flat object (JSON) or form fields (urlencoded), one value per name. */
export function captureFromForm(body: unknown, options: FormOptions): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ValidationError("Send the form's fields as a flat JSON object or as form fields.", [
      { path: [], message: "expected an object of fields", code: "invalid_type" },
    ]);
  }
  return captureFromFields(
    Object.entries(body).map(([name, value]) => [name, toCell(value)]),
    options,
  );
}
