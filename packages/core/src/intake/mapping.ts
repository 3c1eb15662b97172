import { isPrototypeKey } from "../kernel/shape";
import * as z from "../kernel/zod";
import { authorityLevels, budgetLevels, contactFieldNames, needLevels, timelines } from "../lead/schema";

/** A raw value from a CSV cell, a form field or a JSON row. */
export type Cell = string | number | boolean | null | undefined;

/**
 * Lead fields an outside field can feed, named by their path in the capture input, so a
 * validation error's path leads straight back to the column or form field it came from.
 * `custom.<key>` targets a custom field; `ignore` drops the field on purpose.
 */
export const fieldTargets = [
  "email",
  ...contactFieldNames,
  "consent.marketing",
  "signals.budget",
  "signals.budgetAmount",
  "signals.authority",
  "signals.need",
  "signals.timeline",
  "engagement.attended",
  "engagement.minutes",
  "engagement.questions",
  "source.campaign",
  "source.utm.source",
  "source.utm.medium",
  "source.utm.campaign",
  "source.utm.term",
  "source.utm.content",
  "ignore",
] as const;
export type Target = (typeof fieldTargets)[number] | `custom.${string}`;

const CUSTOM_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * A column mapping as clients send it (`?mapping=` on imports and form adapters): column or
 * field name → a lead field, `custom.<key>` or `ignore`. For the document; the server reads
 * it with parseMapping, which names each bad target.
 */
export const columnMappingSchema = z.record(
  z.string().check(z.minLength(1), z.maxLength(200)),
  z.union([z.enum(fieldTargets), z.string().check(z.regex(/^custom\.[A-Za-z0-9_.-]{1,64}$/))]),
);

export function isTarget(value: string): value is Target {
  return (
    (fieldTargets as readonly string[]).includes(value) ||
    (value.startsWith("custom.") && CUSTOM_KEY.test(value.slice(7)) && !isPrototypeKey(value.slice(7)))
  );
}

/** Header or field name reduced to letters and digits: "Time in Session (minutes)" → "timeinsessionminutes". */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

/**
 * A custom-field key from any name: disallowed characters become "_" (custom keys are
 * restricted). A form field or column named like an inherited member ("constructor") is kept
 * as data under "constructor_" rather than costing the lead.
 */
export function customKey(name: string): string {
  const key = name
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9_.-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 63);
  if (!key) return "field";
  return isPrototypeKey(key) ? `${key}_` : key;
}

/** Field names forms and spreadsheets commonly use, by normalized name. */
export const conventionalNames: Record<string, Target> = {
  ...aliases("email", ["email", "emailaddress", "mail", "useremail", "workemail", "businessemail"]),
  ...aliases("firstName", ["firstname", "fname", "givenname", "forename"]),
  ...aliases("lastName", ["lastname", "lname", "surname", "familyname"]),
  ...aliases("name", ["name", "fullname", "yourname", "contactname"]),
  ...aliases("company", ["company", "companyname", "organization", "organisation", "org", "employer"]),
  ...aliases("title", ["title", "jobtitle", "position", "jobrole", "designation"]),
  ...aliases("phone", ["phone", "phonenumber", "tel", "telephone", "mobile", "mobilephone", "workphone"]),
  ...aliases("country", ["country", "countrycode"]),
  ...aliases("consent.marketing", [
    "consent",
    "marketingconsent",
    "optin",
    "marketingoptin",
    "emailoptin",
    "gdprconsent",
    "newsletter",
  ]),
  ...aliases("signals.budget", ["budget"]),
  ...aliases("signals.budgetAmount", ["budgetamount"]),
  ...aliases("signals.authority", ["authority", "roleinpurchaseprocess", "purchaserole"]),
  ...aliases("signals.need", ["need"]),
  ...aliases("signals.timeline", ["timeline", "timeframe", "purchasingtimeframe", "purchasetimeframe"]),
  ...aliases("engagement.attended", ["attended"]),
  ...aliases("engagement.minutes", ["minutes", "durationminutes", "timeinsessionminutes"]),
  ...aliases("engagement.questions", ["questions", "questionsasked", "askedquestions"]),
  ...aliases("source.campaign", ["campaign"]),
  ...aliases("source.utm.source", ["utmsource"]),
  ...aliases("source.utm.medium", ["utmmedium"]),
  ...aliases("source.utm.campaign", ["utmcampaign"]),
  ...aliases("source.utm.term", ["utmterm"]),
  ...aliases("source.utm.content", ["utmcontent"]),
  // Form plumbing, never about the person.
  ...aliases("ignore", ["submit", "grecaptcharesponse", "hcaptcharesponse", "honeypot", "csrf", "csrftoken"]),
};

export function aliases(target: Target, names: string[]): Record<string, Target> {
  return Object.fromEntries(names.map((n) => [n, target]));
}

// Answers as webinar platforms and forms phrase them (Zoom and GoToWebinar registration
// questions among them), by normalized phrase. The enum values themselves always work.
const phrase = (value: string) =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9+]+/g, " ")
    .trim();
const timelinePhrases: Record<string, string> = {
  ...phrases("within_1_month", [
    "within a month",
    "within 1 month",
    "1 month or less",
    "less than a month",
    "less than 1 month",
    "immediately",
  ]),
  ...phrases("within_3_months", ["1 3 months", "within 3 months", "2 3 months"]),
  ...phrases("within_6_months", ["4 6 months", "3 6 months", "within 6 months"]),
  ...phrases("over_6_months", [
    "more than 6 months",
    "over 6 months",
    "6 12 months",
    "7 12 months",
    "more than a year",
    "more than 1 year",
    "over a year",
  ]),
  ...phrases("none", ["no timeframe", "no time frame", "none", "no plans"]),
};
const authorityPhrases: Record<string, string> = {
  ...phrases("decision_maker", ["decision maker", "final decision maker", "economic buyer"]),
  ...phrases("evaluator", ["evaluator recommender", "evaluator", "recommender"]),
  ...phrases("influencer", ["influencer"]),
  ...phrases("none", ["not involved", "none", "no role"]),
};
const budgetPhrases: Record<string, string> = {
  ...phrases("approved", ["approved", "budget approved", "allocated"]),
  ...phrases("planned", ["planned", "budget planned"]),
  ...phrases("none", ["none", "no budget"]),
};
const needPhrases: Record<string, string> = {
  ...phrases("confirmed", ["confirmed"]),
  ...phrases("exploring", ["exploring", "researching", "evaluating"]),
  ...phrases("none", ["none", "no need"]),
};

function phrases(value: string, list: string[]): Record<string, string> {
  return Object.fromEntries(list.map((p) => [phrase(p), value]));
}

const TRUE = new Set([
  "yes",
  "y",
  "true",
  "1",
  "on",
  "checked",
  "x",
  "opted in",
  "opt in",
  "accepted",
  "attended",
]);
const FALSE = new Set([
  "no",
  "n",
  "false",
  "0",
  "off",
  "unchecked",
  "opted out",
  "opt out",
  "declined",
  "absent",
  "no show",
  "did not attend",
]);

function toBoolean(value: string | number | boolean): unknown {
  if (typeof value === "boolean") return value;
  const key = phrase(String(value));
  return TRUE.has(key) ? true : FALSE.has(key) ? false : value;
}

function toNumber(value: string | number | boolean): unknown {
  if (typeof value !== "string") return value;
  // "$50,000" and "50 000 €" are numbers to a person; anything else stays text and fails validation.
  const stripped = value.replace(/[\s,$€£]/g, "");
  const n = Number(stripped);
  return stripped !== "" && Number.isFinite(n) ? n : value;
}

/** Minutes from "65", "65 min", "1 hour 5 minutes", "1h 5m" or "01:05:00"; text it cannot read stays text. */
export function toMinutes(value: string | number | boolean): unknown {
  if (typeof value !== "string") return value;
  const clock = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/.exec(value);
  if (clock)
    return round(
      clock[3] !== undefined
        ? Number(clock[1]) * 60 + Number(clock[2]) + Number(clock[3]) / 60
        : Number(clock[1]) * 60 + Number(clock[2]),
    );
  const words =
    /^(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+(?:\.\d+)?)\s*m(?:in(?:ute)?s?)?)?\s*(?:(\d+)\s*s(?:ec(?:ond)?s?)?)?$/i.exec(
      value.trim(),
    );
  if (words && (words[1] || words[2] || words[3]))
    return round(Number(words[1] ?? 0) * 60 + Number(words[2] ?? 0) + Number(words[3] ?? 0) / 60);
  return toNumber(value);
}

const round = (n: number) => Math.round(n * 100) / 100;

function fromPhrases(table: Record<string, string>, allowed: readonly string[]) {
  return (value: string | number | boolean): unknown =>
    allowed.includes(String(value)) ? value : (table[phrase(String(value))] ?? value);
}

const converters: Partial<Record<Target, (value: string | number | boolean) => unknown>> = {
  "consent.marketing": toBoolean,
  "engagement.attended": toBoolean,
  "engagement.minutes": toMinutes,
  "engagement.questions": toNumber,
  "signals.budgetAmount": toNumber,
  "signals.timeline": fromPhrases(timelinePhrases, timelines),
  "signals.authority": fromPhrases(authorityPhrases, authorityLevels),
  "signals.budget": fromPhrases(budgetPhrases, budgetLevels),
  "signals.need": fromPhrases(needPhrases, needLevels),
};

/** Values that add up when several fields feed them (ON24's live + archive minutes) or rows merge. */
export const summedTargets: ReadonlySet<Target> = new Set<Target>([
  "engagement.minutes",
  "engagement.questions",
]);

/** Blank, or an export's placeholder for "no value" (Zoom writes "--"). */
function isBlank(value: Cell): value is null | undefined | "" {
  return (
    value === null ||
    value === undefined ||
    (typeof value === "string" && (value.trim() === "" || /^\s*-+\s*$/.test(value)))
  );
}

export interface MappedRecord {
  /** Capture input candidate: validated afterwards, so an unreadable value is reported, not guessed. */
  input: Record<string, unknown>;
  /** Which outside field fed each lead field ("signals.timeline" → "Purchasing Time Frame"). */
  origins: Record<string, string>;
}

/**
 * Maps named values onto a capture input. `resolve` names each field's target (explicit
 * mapping, preset or convention); unresolved fields are ignored or kept as custom fields.
 * A target fed twice keeps its first non-blank value, except summed targets, which add up.
 */
export function mapRecord(
  fields: Iterable<[string, Cell]>,
  resolve: (name: string) => Target | undefined,
  unknown: "ignore" | "custom",
): MappedRecord {
  const input: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  for (const [name, raw] of fields) {
    if (isBlank(raw)) continue;
    const target =
      resolve(name) ?? (unknown === "custom" ? (`custom.${customKey(name)}` as Target) : "ignore");
    if (target === "ignore") continue;
    const trimmed = typeof raw === "string" ? raw.trim() : raw;
    const value = converters[target]?.(trimmed) ?? trimmed;
    assign(input, origins, target, value, name);
  }
  const engagement = input.engagement as Record<string, unknown> | undefined;
  // Minutes present mean the person was there; an export with only minutes says nothing else.
  if (engagement && typeof engagement.minutes === "number" && engagement.attended === undefined)
    engagement.attended = engagement.minutes > 0;
  return { input, origins };
}

function assign(
  input: Record<string, unknown>,
  origins: Record<string, string>,
  target: Target,
  value: unknown,
  from: string,
) {
  const path = target.startsWith("custom.") ? ["custom", target.slice(7)] : target.split(".");
  let node = input;
  for (const part of path.slice(0, -1)) {
    if (!Object.hasOwn(node, part)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const leaf = path.at(-1)!;
  const key = path.join(".");
  if (!Object.hasOwn(node, leaf) || node[leaf] === undefined) {
    // defineProperty: a "__proto__" leaf stays data (and is then refused by name), never a prototype.
    Object.defineProperty(node, leaf, { value, enumerable: true, writable: true, configurable: true });
    origins[key] = from;
  } else if (summedTargets.has(target)) {
    if (typeof node[leaf] === "number" && typeof value === "number")
      node[leaf] = round((node[leaf] as number) + value);
    else if (typeof value !== "number") {
      // Unreadable beats summable: keep it so validation names this field instead of under-counting.
      node[leaf] = value;
      origins[key] = from;
    }
  }
}
