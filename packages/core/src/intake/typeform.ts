import { ValidationError } from "../kernel/errors";
import { parseWith } from "../kernel/parse";
import * as z from "../kernel/zod";
import { captureFromFields, type FormOptions, fieldResolver, toCell } from "./form-fields";
import type { Cell, Target } from "./mapping";

/** The part of Typeform's `form_response` webhook payload we read; everything else passes. */
const answerSchema = z.looseObject({
  type: z.string(),
  field: z.looseObject({ id: z.string(), ref: z.optional(z.string()), type: z.optional(z.string()) }),
});
export const typeformPayloadSchema = z.looseObject({
  event_type: z.optional(z.string()),
  form_response: z.looseObject({
    form_id: z.string().check(z.minLength(1), z.maxLength(128)),
    token: z.optional(z.string()),
    answers: z._default(z.array(answerSchema), []),
    hidden: z.optional(z.record(z.string(), z.unknown())),
  }),
});

type Answer = z.infer<typeof answerSchema> & Record<string, unknown>;

/** An answer's value by its type (text, email, choice, choices, number, boolean, date, url…). */
function answerValue(answer: Answer): Cell {
  const value = answer[answer.type];
  if (answer.type === "choice") {
    const choice = value as { label?: string; other?: string } | undefined;
    return choice?.label ?? choice?.other;
  }
  if (answer.type === "choices") {
    const choices = value as { labels?: string[]; other?: string } | undefined;
    return toCell([...(choices?.labels ?? []), ...(choices?.other ? [choices.other] : [])]);
  }
  if (answer.type === "payment") return undefined;
  return toCell(value);
}

// When no name says what an answer is, its type may: the form's email question is the email.
const byType: Record<string, Target> = { email: "email", phone_number: "phone" };

export interface TypeformCapture {
  input: Record<string, unknown>;
  /** Typeform retries a webhook with the same response token: it makes retries replay. */
  idempotencyKey?: string;
}

/**
 * Typeform's `form_response` webhook → capture input. Answers are named by their field's
 * `ref` (set readable refs like `email` or `company` in the form, or map them with
 * `mapping`); an email or phone question is recognised by type when its ref says nothing;
 * hidden fields (utm_source…) follow the answers; the rest become custom fields by ref.
 */
export function captureFromTypeform(payload: unknown, options: FormOptions): TypeformCapture {
  const parsed = parseWith(typeformPayloadSchema, payload, "This is not a Typeform webhook payload.");
  if (parsed.event_type !== undefined && parsed.event_type !== "form_response") {
    throw new ValidationError(`Typeform event "${parsed.event_type}" carries no response.`, [
      { path: ["event_type"], message: 'expected "form_response"', code: "invalid_value" },
    ]);
  }
  const response = parsed.form_response;
  const named = fieldResolver(options);
  const fields: [string, Cell][] = [];
  const claimed = new Set<Target | undefined>();
  const answers = (response.answers as Answer[]).map((answer) => ({
    answer,
    name: answer.field.ref ?? answer.field.id,
  }));
  for (const { answer, name } of answers) {
    fields.push([name, answerValue(answer)]);
    claimed.add(named(name));
  }
  for (const [name, value] of Object.entries(response.hidden ?? {})) {
    fields.push([name, toCell(value)]);
    claimed.add(named(name));
  }
  // An answer recognised only by its type takes its field when no named field does.
  const byTypeName = new Map<string, Target>();
  for (const { answer, name } of answers) {
    const target = byType[answer.type];
    if (target && !claimed.has(target) && named(name) === undefined) {
      claimed.add(target);
      byTypeName.set(name, target);
    }
  }
  const source = options.source ?? { type: "form", id: response.form_id.replace(/#/g, "-") };
  const input = captureFromFields(fields, { ...options, source }, (name) => byTypeName.get(name));
  return {
    input,
    ...(response.token
      ? { idempotencyKey: `typeform:${response.form_id}:${response.token}`.slice(0, 255) }
      : {}),
  };
}
