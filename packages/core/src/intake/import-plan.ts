import { createHash } from "node:crypto";
import { type FieldIssue, ValidationError } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import { normalizeEmail } from "../lead/email";
import { type CaptureInput, captureInputSchema, contactFieldNames } from "../lead/schema";
import type { CandidateRow } from "./import-file";

/** A row's field error, as problem+json lists them, plus the column it came from (CSV). */
export interface RowIssue extends FieldIssue {
  column?: string;
}

/** All rows of one person in the file, merged into one capture: one lead, one touch. */
export interface CaptureGroup {
  /** Row number of the first row; the others are reported as merged into it. */
  row: number;
  rows: number[];
  email: string;
  input: CaptureInput;
  /** Content hash of the merged capture: the row's idempotency key (see rowKey). */
  key: string;
}

export interface ImportPlan {
  groups: CaptureGroup[];
  rejected: Map<number, RowIssue[]>;
  /** Row number → the row it merged into. */
  mergedInto: Map<number, number>;
  lines: Map<number, number>;
}

function issuesOf(input: unknown): { input?: CaptureInput; issues?: FieldIssue[] } {
  try {
    return { input: parseWith(captureInputSchema, input, "invalid row") };
  } catch (error) {
    if (error instanceof ValidationError) return { issues: error.issues };
    throw error;
  }
}

function withColumns(issues: FieldIssue[], origins: Record<string, string> | undefined): RowIssue[] {
  return issues.map((issue) => {
    const column = origins?.[issue.path.join(".")];
    return column ? { ...issue, column } : issue;
  });
}

/**
 * Folds a person's later rows into the first. Contact fields, signals and custom fields keep
 * the first value given (rows of one export describe one moment, so "first" is as good as
 * any and keeps the result independent of merge order beyond the file's own); engagement
 * adds up (a rejoin is more minutes, not a second visit); a consent withdrawal on any row wins.
 */
export function mergeCaptures(first: CaptureInput, next: CaptureInput): CaptureInput {
  const out: CaptureInput = { ...first };
  for (const key of contactFieldNames) if (!out[key] && next[key]) out[key] = next[key];
  out.source ??= next.source;
  if (next.signals) out.signals = { ...next.signals, ...out.signals };
  if (next.custom) out.custom = { ...next.custom, ...out.custom };
  if (next.consent && (!out.consent || next.consent.marketing === false)) out.consent = next.consent;
  if (next.engagement) {
    const a = out.engagement ?? {};
    const b = next.engagement;
    const attended = a.attended === true || b.attended === true ? true : (a.attended ?? b.attended);
    const sum = (x?: number, y?: number) =>
      x === undefined && y === undefined ? undefined : Math.round(((x ?? 0) + (y ?? 0)) * 100) / 100;
    const minutes = sum(a.minutes, b.minutes);
    const questions = sum(a.questions, b.questions);
    out.engagement = {
      ...(attended !== undefined ? { attended } : {}),
      ...(minutes !== undefined ? { minutes } : {}),
      ...(questions !== undefined ? { questions } : {}),
    };
  }
  return out;
}

/** JSON with keys sorted at every level: equal captures give equal text, whatever the field order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The idempotency key of one person's capture in an import: a hash of what it would write
 * (normalized email, contact, source, signals, engagement, custom). Re-posting the file,
 * the same rows in another order or split over several requests, or as CSV instead of JSON,
 * gives the same keys, so the touches replay instead of doubling. Two captures with
 * identical content from the same source within the replay window are one touch: that is
 * what "the same row again" means.
 */
export function rowKey(email: string, input: CaptureInput): string {
  return createHash("sha256")
    .update(canonical({ v: 1, capture: { ...input, email } }))
    .digest("base64url");
}

/** Validates every row on its own and groups the valid ones by person (pure). */
export function planImport(candidates: CandidateRow[]): ImportPlan {
  const plan: ImportPlan = { groups: [], rejected: new Map(), mergedInto: new Map(), lines: new Map() };
  const byEmail = new Map<
    string,
    { row: number; rows: number[]; input: CaptureInput; origins?: Record<string, string> }
  >();
  for (const candidate of candidates) {
    if (candidate.line !== undefined) plan.lines.set(candidate.row, candidate.line);
    const { input, issues } = issuesOf(candidate.input);
    if (!input) {
      plan.rejected.set(candidate.row, withColumns(issues!, candidate.origins));
      continue;
    }
    const email = normalizeEmail(input.email);
    const group = byEmail.get(email);
    if (group) {
      group.input = mergeCaptures(group.input, input);
      group.rows.push(candidate.row);
      plan.mergedInto.set(candidate.row, group.row);
    } else {
      byEmail.set(email, {
        row: candidate.row,
        rows: [candidate.row],
        input,
        ...(candidate.origins ? { origins: candidate.origins } : {}),
      });
    }
  }
  for (const [email, group] of byEmail) {
    // Merging can break a limit no single row broke (custom fields add up): then the
    // person's rows are rejected together rather than silently trimmed.
    const merged = group.rows.length > 1 ? issuesOf(group.input) : { input: group.input };
    if (!merged.input) {
      for (const row of group.rows) {
        plan.mergedInto.delete(row);
        plan.rejected.set(
          row,
          withColumns(
            merged.issues!.map((i) => ({
              ...i,
              message: `${i.message} (rows ${group.rows.join(", ")} merged)`,
            })),
            group.origins,
          ),
        );
      }
      continue;
    }
    plan.groups.push({
      row: group.row,
      rows: group.rows,
      email,
      input: merged.input,
      key: rowKey(email, merged.input),
    });
  }
  return plan;
}
