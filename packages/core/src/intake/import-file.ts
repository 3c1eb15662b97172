import { type FieldIssue, ValidationError } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import { type Source, sourceSchema } from "../lead/schema";
import { CsvSyntaxError, parseCsv, widestRecord } from "./csv";
import { type Cell, isTarget, mapRecord, normalizeName, type Target } from "./mapping";
import { type Preset, presets } from "./presets";
import { readSheet, type Sheet } from "./sheet";

/** The most rows one import takes: a large webinar's export, and what one request can write in time. */
export const MAX_IMPORT_ROWS = 10_000;

/** One row of an import before validation: the capture input it proposes and where it came from. */
export interface CandidateRow {
  row: number;
  line?: number;
  input: unknown;
  /** Lead field path → column it came from, to name the column in a rejection. */
  origins?: Record<string, string>;
}

export interface ImportFile {
  rows: CandidateRow[];
  /** How columns were read (CSV and mapped JSON), so a caller sees what was used and what was not. */
  columns?: { mapped: Record<string, string>; ignored: string[] };
  ignored?: Sheet["ignored"];
}

export interface ImportOptions {
  preset?: string;
  /** Column (exact header, or its normalized form) → lead field, over the preset's own. */
  mapping?: Record<string, string>;
  /** Where these rows came from (a webinar and its id); rows may name their own in JSON. */
  source?: unknown;
  delimiter?: string;
}

const invalid = (message: string, issues: FieldIssue[]) => new ValidationError(message, issues);

/** Columns (or fields of a flat JSON record) an import row may have: exports have dozens. */
export const MAX_COLUMNS = 1_000;

/** Validates a column mapping: every target must be a lead field, `custom.<key>` or `ignore`. */
export function parseMapping(raw: Record<string, string> | undefined): Record<string, Target> {
  const mapping: Record<string, Target> = {};
  const issues: FieldIssue[] = [];
  for (const [column, target] of Object.entries(raw ?? {})) {
    if (isTarget(target)) mapping[column] = target;
    else
      issues.push({
        path: ["mapping", column],
        message: `"${target}" is not a lead field (e.g. email, firstName, company, signals.timeline, engagement.minutes, custom.<key>, ignore)`,
        code: "invalid_target",
      });
  }
  if (issues.length) throw invalid("The column mapping is not valid.", issues);
  return mapping;
}

/** Explicit mapping (exact, then normalized header) wins over the preset's names. */
export function columnResolver(preset: Preset, mapping: Record<string, Target>) {
  const normalized = new Map(
    Object.entries(mapping).map(([column, target]) => [normalizeName(column), target]),
  );
  // Own keys only: a column named "constructor" must not find Object.prototype.constructor.
  const own = <T>(table: Record<string, T>, key: string) =>
    Object.hasOwn(table, key) ? table[key] : undefined;
  return (name: string): Target | undefined =>
    own(mapping, name) ?? normalized.get(normalizeName(name)) ?? own(preset.columns, normalizeName(name));
}

function presetOf(id: string | undefined): Preset {
  const preset = presets[id ?? "generic"];
  if (!preset)
    throw invalid("Unknown preset.", [
      { path: ["preset"], message: `one of ${Object.keys(presets).join(", ")}`, code: "invalid_value" },
    ]);
  return preset;
}

function importSource(raw: unknown, preset: Preset): Source {
  if (raw === undefined) return { type: preset.sourceType };
  return parseWith(sourceSchema, raw, "The import's source is not valid.");
}

function tooMany(count: number): never {
  throw invalid(`An import takes at most ${MAX_IMPORT_ROWS} rows; this one has ${count}. Split the file.`, [
    { path: ["rows"], message: `at most ${MAX_IMPORT_ROWS} rows`, code: "too_big" },
  ]);
}

/** Maps one flat record with the preset and mapping, then adds the import's source and the preset's defaults. */
function mappedRow(
  fields: Iterable<[string, Cell]>,
  resolve: (name: string) => Target | undefined,
  preset: Preset,
  source: Source,
) {
  const { input, origins } = mapRecord(fields, resolve, "ignore");
  for (const { target, value } of preset.defaults ?? []) {
    const [group, leaf] = target.split(".") as [string, string];
    input[group] ??= {};
    const node = input[group] as Record<string, unknown>;
    node[leaf] ??= value;
  }
  // Columns may carry the campaign or UTM tags; type and id are the import's.
  input.source = { ...source, ...(input.source as object | undefined) };
  return { input, origins };
}

function describeColumns(header: string[], resolve: (name: string) => Target | undefined) {
  const mapped: Record<string, string> = {};
  const ignored: string[] = [];
  for (const name of header) {
    const target = resolve(name);
    if (target && target !== "ignore") mapped[name] = target;
    else if (name !== "") ignored.push(name);
  }
  return { mapped, ignored };
}

/** Rows of a CSV export: the header row is found under any preamble, sections are honoured. */
export function rowsFromCsv(text: string, options: ImportOptions): ImportFile {
  const preset = presetOf(options.preset);
  const resolve = columnResolver(preset, parseMapping(options.mapping));
  const source = importSource(options.source, preset);
  const delimiter = options.delimiter ?? ",";
  if (widestRecord(text, delimiter, MAX_COLUMNS) > MAX_COLUMNS)
    throw invalid(`A row has more than ${MAX_COLUMNS} columns; no export has that many.`, [
      { path: ["body"], message: `more than ${MAX_COLUMNS} columns`, code: "too_big" },
    ]);
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text, delimiter);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw invalid("The CSV is malformed.", [
        { path: ["body"], message: error.message, code: "invalid_csv" },
      ]);
    throw error;
  }
  const sheet = readSheet(records, (name) => resolve(name) === "email", preset.skipSections);
  if (sheet.header.length === 0) {
    throw invalid("No header row with an email column was found.", [
      {
        path: ["body"],
        message: 'name the email column with ?mapping={"<column>":"email"} or use a preset',
        code: "no_email_column",
      },
    ]);
  }
  if (sheet.rows.length > MAX_IMPORT_ROWS) tooMany(sheet.rows.length);
  const rows = sheet.rows.map(({ row, line, fields }) => ({
    row,
    line,
    ...mappedRow(fields, resolve, preset, source),
  }));
  return { rows, columns: describeColumns(sheet.header, resolve), ignored: sheet.ignored };
}

/**
 * Rows of a JSON import: `[...]` or `{ rows: [...], source }`. Rows are capture inputs
 * (as POST /v1/leads takes), unless a preset or mapping is given: then they are flat
 * records read like CSV rows (a platform's API output, e.g. Zoom registrants).
 */
export function rowsFromJson(body: unknown, options: ImportOptions): ImportFile {
  const envelope = Array.isArray(body) ? { rows: body } : body;
  if (
    typeof envelope !== "object" ||
    envelope === null ||
    !Array.isArray((envelope as { rows?: unknown }).rows)
  ) {
    throw invalid('Send the rows as a JSON array, or as { "rows": [...], "source": {...} }.', [
      { path: ["rows"], message: "expected an array of rows", code: "invalid_type" },
    ]);
  }
  const { rows: raw, source: bodySource, ...rest } = envelope as { rows: unknown[]; source?: unknown };
  const extra = Object.keys(rest);
  if (extra.length)
    throw invalid(
      "The import has unknown fields.",
      extra.map((key) => ({ path: [key], message: `Unknown field "${key}"`, code: "unrecognized_keys" })),
    );
  if (raw.length > MAX_IMPORT_ROWS) tooMany(raw.length);
  const mapped = options.preset !== undefined || options.mapping !== undefined;
  const preset = presetOf(options.preset);
  const source = importSource(bodySource ?? options.source, mapped ? preset : presets.generic!);
  if (!mapped) {
    const rows = raw.map((input, i) => ({ row: i + 1, input: withSource(input, source) }));
    return { rows };
  }
  const resolve = columnResolver(preset, parseMapping(options.mapping));
  const header = new Set<string>();
  const rows = raw.map((record, i) => {
    const fields =
      typeof record === "object" && record !== null && !Array.isArray(record)
        ? (Object.entries(record) as [string, Cell][])
        : [];
    if (fields.length > MAX_COLUMNS)
      throw invalid(`Row ${i + 1} has more than ${MAX_COLUMNS} fields; no export has that many.`, [
        { path: ["rows", i], message: `more than ${MAX_COLUMNS} fields`, code: "too_big" },
      ]);
    for (const [name] of fields) header.add(name);
    return {
      row: i + 1,
      ...mappedRow(
        fields.map(([k, v]) => [k, typeof v === "object" && v !== null ? JSON.stringify(v) : v]),
        resolve,
        preset,
        source,
      ),
    };
  });
  return { rows, columns: describeColumns([...header], resolve) };
}

function withSource(input: unknown, source: Source): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input) || "source" in input) return input;
  return { ...input, source };
}
