import type { JsonSchema } from "./arbitraries";
import type { Operation } from "./spec";

/** One request as the suite sends it; `body` is already serialised for its media type. */
export interface PlannedRequest {
  op: Operation;
  label: string;
  key: string;
  params: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  mediaType?: string;
  /** The value before serialisation (JSON-ish media types), for body mutations. */
  value?: unknown;
  body?: string;
}

export interface Rng {
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Keys JavaScript's object prototype knows: data to us, but a classic source of 500s. */
export const PROTOTYPE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
];

const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "😀👩‍👩‍👧‍👦",
  "\u202eevil",
  "a\u200bb",
  "\ud800",
  "e\u0301",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00",
  "../../etc/passwd",
  "x".repeat(5_000),
];
// Nothing that changes which route matches ("..", "%2e%2e", ""): those requests reach no operation.
const ODD_IDS = [
  "00000000000000000000000000",
  "7ZZZZZZZZZZZZZZZZZZZZZZZZZ",
  "01hzy0000000000000000000000",
  "x".repeat(300),
  "%C3%84%C3%96",
  "%00",
  "null",
  "-1",
  "%F0%9F%98%80",
  "constructor",
  "__proto__",
];
const ODD_LIMITS = ["0", "-1", "101", "501", "1e21", "abc", "1.5", "", " 5", "NaN", "0x10"];
const ODD_CURSORS = ["", "x", "eyJrIjoiYSJ9", "x".repeat(3_000), "%%%", "null"];
const BAD_IF_MATCH = ["abc", '"999999999999999999"', "W/", '"-1"', '"1"', "*"];
const BAD_IDEMPOTENCY_KEYS = ["", "a b", "x".repeat(256), "é", "\t"];

type Mutation = (request: PlannedRequest, rng: Rng) => string | undefined;

/** Object nodes of a JSON value with their paths, to mutate one at random. */
function objectsIn(
  value: unknown,
  path: (string | number)[] = [],
): { node: Record<string, unknown>; path: (string | number)[] }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => objectsIn(item, [...path, i]));
  if (!value || typeof value !== "object") return [];
  const node = value as Record<string, unknown>;
  return [{ node, path }, ...Object.entries(node).flatMap(([k, v]) => objectsIn(v, [...path, k]))];
}

function jsonBody(request: PlannedRequest): boolean {
  return request.mediaType !== undefined && /json$/.test(request.mediaType) && request.value !== undefined;
}

function reserialise(request: PlannedRequest): void {
  request.body = JSON.stringify(request.value);
}

function setJsonText(request: PlannedRequest, text: string): void {
  request.value = undefined;
  request.body = text;
}

const mutations: Record<string, Mutation> = {
  "body: drop a field"(request, rng) {
    if (!jsonBody(request)) return undefined;
    const targets = objectsIn(request.value).filter((o) => Object.keys(o.node).length);
    if (!targets.length) return undefined;
    const { node, path } = rng.pick(targets);
    const key = rng.pick(Object.keys(node));
    delete node[key];
    reserialise(request);
    return `${[...path, key].join(".")}`;
  },
  "body: wrong type"(request, rng) {
    if (!jsonBody(request)) return undefined;
    const targets = objectsIn(request.value).filter((o) => Object.keys(o.node).length);
    if (!targets.length) {
      setJsonText(request, rng.pick(["42", '"text"', "true", "[1,2]"]));
      return "root";
    }
    const { node, path } = rng.pick(targets);
    const key = rng.pick(Object.keys(node));
    const current = node[key];
    node[key] =
      typeof current === "string"
        ? rng.pick([42, true, ["a"], { a: 1 }])
        : typeof current === "number"
          ? rng.pick(["42", true, [1]])
          : rng.pick(["text", 7, false]);
    reserialise(request);
    return `${[...path, key].join(".")}`;
  },
  "body: null"(request, rng) {
    if (!jsonBody(request)) return undefined;
    const targets = objectsIn(request.value).filter((o) => Object.keys(o.node).length);
    if (!targets.length) return undefined;
    const { node, path } = rng.pick(targets);
    const key = rng.pick(Object.keys(node));
    node[key] = null;
    reserialise(request);
    return `${[...path, key].join(".")}`;
  },
  "body: odd or oversized string"(request, rng) {
    if (!jsonBody(request)) return undefined;
    const targets = objectsIn(request.value).filter((o) => Object.keys(o.node).length);
    if (!targets.length) return undefined;
    const { node, path } = rng.pick(targets);
    const key = rng.pick(Object.keys(node));
    node[key] = rng.chance(0.2) ? "y".repeat(70_000) : rng.pick(ODD_STRINGS);
    reserialise(request);
    return `${[...path, key].join(".")}`;
  },
  "body: extra or prototype-shaped field"(request, rng) {
    if (!jsonBody(request)) return undefined;
    const targets = objectsIn(request.value);
    if (!targets.length) return undefined;
    const { node, path } = rng.pick(targets);
    const key = rng.chance(0.6) ? rng.pick(PROTOTYPE_KEYS) : rng.pick(["unknownField", "emial", "x-y", "ÄÖ"]);
    // defineProperty: an own "__proto__" key that JSON.stringify writes out as data.
    Object.defineProperty(node, key, {
      value: rng.pick(["v", 1, true, null, { a: 1 }]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    reserialise(request);
    return `${[...path, key].join(".")}`;
  },
  "body: many keys"(request, rng) {
    if (!jsonBody(request)) return undefined;
    const targets = objectsIn(request.value);
    if (!targets.length) return undefined;
    const { node, path } = rng.pick(targets);
    for (let i = 0; i < 3_000; i++) node[`k${i}`] = i;
    reserialise(request);
    return path.join(".") || "root";
  },
  "media type: wrong"(request, rng) {
    if (!request.op.requestBody) return undefined;
    request.mediaType = rng.pick(["text/plain", "application/xml", "application/json; charset=bogus-1", ""]);
    return request.mediaType || "none";
  },
  "body: malformed JSON"(request, rng) {
    if (!jsonBody(request)) return undefined;
    const text = request.body ?? "{}";
    setJsonText(
      request,
      rng.pick([
        text.slice(0, Math.max(1, text.length - 3)),
        "{",
        "",
        "nul",
        `${text},`,
        "[".repeat(5_000),
        "{'a':1}",
      ]),
    );
    return "malformed";
  },
  "body: malformed form"(request, rng) {
    const forms = Object.keys(request.op.requestBody?.content ?? {}).filter((t) => /form/.test(t));
    if (!forms.length) return undefined;
    request.value = undefined;
    request.mediaType = rng.pick([
      "multipart/form-data",
      "multipart/form-data; boundary=xyz",
      "application/x-www-form-urlencoded",
    ]);
    request.body = rng.pick([
      "--xyz\r\nContent-Disposition: form-data\r\n",
      "%E0%A4%A=1&&=",
      "--nope--",
      "a=%ZZ",
    ]);
    return request.mediaType;
  },
  "body: missing"(request) {
    if (!request.op.requestBody) return undefined;
    request.value = undefined;
    delete request.body;
    return "no body";
  },
  "path: odd id"(request, rng) {
    const names = Object.keys(request.params);
    if (!names.length) return undefined;
    const name = rng.pick(names);
    request.params[name] = rng.pick(ODD_IDS);
    return `${name}=${request.params[name]}`;
  },
  "query: bad limit or cursor"(request, rng) {
    const names = queryNames(request.op);
    const candidates = names.filter((n) => n === "limit" || n === "cursor");
    const name = candidates.length ? rng.pick(candidates) : names.length ? rng.pick(names) : undefined;
    if (!name) return undefined;
    const value =
      name === "limit"
        ? rng.pick(ODD_LIMITS)
        : name === "cursor"
          ? rng.pick(ODD_CURSORS)
          : rng.pick(ODD_STRINGS.slice(0, 12));
    request.query = [...request.query.filter(([n]) => n !== name), [name, value]];
    if (rng.chance(0.2)) request.query.push([name, value]);
    return `${name}=${value.slice(0, 20)}`;
  },
  "header: bad If-Match or Idempotency-Key"(request, rng) {
    const headers = (request.op.parameters ?? []).filter((p) => p.in === "header").map((p) => p.name);
    if (!headers.length) return undefined;
    const name = rng.pick(headers);
    request.headers[name] = name === "If-Match" ? rng.pick(BAD_IF_MATCH) : rng.pick(BAD_IDEMPOTENCY_KEYS);
    return `${name}: ${request.headers[name]!.slice(0, 20)}`;
  },
};

function queryNames(op: Operation): string[] {
  return (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
}

/** Applies one applicable mutation at random; undefined when none applies to the operation. */
export function mutate(request: PlannedRequest, rng: Rng): string | undefined {
  const names = Object.keys(mutations);
  for (let tries = 0; tries < 8; tries++) {
    const name = rng.pick(names);
    const what = mutations[name]!(request, rng);
    if (what !== undefined) return `${name} (${what})`;
  }
  return undefined;
}

export type { JsonSchema };
