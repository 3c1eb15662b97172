import fc from "fast-check";
import type { TestApi } from "../../../../test/api";
import { arbitrary, type GenContext, type JsonSchema } from "./arbitraries";
import { mutate, type PlannedRequest, type Rng } from "./mutations";
import { ContractChecker, type Finding, type OpenApiDoc, type Operation, operationsOf } from "./spec";

/** Every kind of caller the API distinguishes, as the suite's keys. */
export const KEY_KINDS = {
  none: null,
  ingest: { scopes: ["ingest"], ingest: { serverToServer: true } },
  rep: { scopes: ["sales"], repId: "rep-a" },
  "other rep": { scopes: ["sales"], repId: "rep-b" },
  "sales manager": { scopes: ["sales"] },
  automation: { scopes: ["automation"] },
  admin: { scopes: ["admin"] },
} as const;
type KeyKind = keyof typeof KEY_KINDS;

export interface ContractOptions {
  seed: number;
  rounds: number;
  validPerOperation: number;
  invalidPerOperation: number;
  /** How far the API's clock moves between rounds, so SLAs breach and rebounds come due. */
  advanceMs: number;
}

export interface ContractReport {
  operations: number;
  requests: number;
  findings: (Finding & { request: string })[];
  /** Status codes seen per operation, for coverage. */
  statuses: Map<string, Map<number, number>>;
  /** Milliseconds spent per operation. */
  timings: Map<string, number>;
  /** The first requests per operation and status, for debugging coverage. */
  samples: Map<string, string[]>;
}

function mulberry32(seed: number): Rng & { seed(): number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    seed: () => Math.floor(next() * 2 ** 31),
  };
}

const POOL_SIZE = 40;

/** Values the API answered with, by property name: leads, reps, appointments to aim requests at. */
class Pools {
  private readonly values = new Map<string, string[]>();
  constructor(private readonly excluded: Set<string>) {}

  /**
   * A value answered by a write becomes the most recent (the lead just handed off is the one
   * to accept next); one only read (a list page) joins at the old end if it is new.
   */
  add(name: string, value: string, recent = true): void {
    if (this.excluded.has(value) || value.length > 200) return;
    const list = this.values.get(name) ?? [];
    const at = list.indexOf(value);
    if (at >= 0 && !recent) return;
    if (at >= 0) list.splice(at, 1);
    if (recent) list.push(value);
    else list.unshift(value);
    if (list.length > POOL_SIZE) {
      if (recent) list.shift();
      else list.pop();
    }
    this.values.set(name, list);
  }

  get(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  /**
   * Strings by property name. An `id` is named after what holds it: the answer's own (or a
   * page item's) is an `id`, a lead's `handoff.id` a `handoffId`, an item of `appointments`
   * an `appointmentId`, so lead actions are not aimed at appointment ids.
   */
  harvest(body: unknown, headers: Headers, recent: boolean): void {
    const walk = (node: unknown, holder?: string) => {
      if (Array.isArray(node)) for (const item of node) walk(item, holder);
      else if (node && typeof node === "object") {
        const entries = Object.entries(node);
        for (const [key, value] of entries) if (typeof value !== "string") walk(value, key);
        // This object's own strings last: they are the most recent in their pools.
        for (const [key, value] of entries)
          if (typeof value === "string")
            this.add(
              key === "id" && holder && holder !== "items" ? `${holder.replace(/s$/, "")}Id` : key,
              value,
              recent,
            );
      }
    };
    walk(body);
    const appointment = headers.get("appointment-id");
    if (appointment) this.add("appointmentId", appointment);
    const etag = headers.get("etag");
    if (etag) this.add("If-Match", etag);
  }
}

/**
 * The generated contract suite: for every operation of the document, valid requests
 * generated from its schemas and invalid mutations of them, each sent with a key of some
 * kind through app.request(), every answer checked against the document. Sequential and
 * seeded: the same seed sends the same requests.
 */
export async function runContract(
  api: TestApi,
  doc: OpenApiDoc,
  options: ContractOptions,
): Promise<ContractReport> {
  const checker = new ContractChecker(doc);
  const rng = mulberry32(options.seed);
  const keys = new Map<KeyKind, string | null>();
  const keyIds = new Set<string>();
  for (const [kind, spec] of Object.entries(KEY_KINDS) as [KeyKind, (typeof KEY_KINDS)[KeyKind]][]) {
    if (!spec) {
      keys.set(kind, null);
      continue;
    }
    const response = await api.call("POST", "/v1/api-keys", { body: { name: `contract ${kind}`, ...spec } });
    const created = (await response.json()) as { id: string; token: string };
    keys.set(kind, created.token);
    keyIds.add(created.id);
  }
  const pools = new Pools(keyIds);
  for (const rep of ["rep-a", "rep-b"]) pools.add("repId", rep);
  const validators = new WeakMap<JsonSchema, (v: unknown) => boolean>();
  const ctx: GenContext = {
    now: api.clock.now(),
    resolve: (ref) => doc.components.schemas[ref.split("/").pop()!]!,
    pooled(name, schema) {
      let valid = validators.get(schema);
      if (!valid) {
        const validate = checker.validator(schema);
        valid = (v) => validate(v) as boolean;
        validators.set(schema, valid);
      }
      return pools.get(name).filter((v) => valid(v));
    },
  };
  const sample = <T>(arb: fc.Arbitrary<T>): T => fc.sample(arb, { seed: rng.seed(), numRuns: 1 })[0]!;

  const keyFor = (op: Operation): KeyKind => {
    const scopes = op["x-scopes"];
    const kinds = Object.keys(KEY_KINDS) as KeyKind[];
    if (!scopes || rng.chance(0.25)) return rng.pick(kinds);
    const fitting = kinds.filter((k) => {
      const spec = KEY_KINDS[k];
      return spec?.scopes.some((s: string) => s === "admin" || scopes.includes(s)) ?? false;
    });
    return rng.pick(fitting);
  };

  const plan = (op: Operation): PlannedRequest => {
    const request: PlannedRequest = {
      op,
      label: "valid",
      key: keyFor(op),
      params: {},
      query: [],
      headers: {},
    };
    for (const parameter of op.parameters ?? []) {
      const include =
        parameter.in === "path" || parameter.required || rng.chance(parameter.in === "query" ? 0.5 : 0.15);
      if (!include) continue;
      const json = parameter.content?.["application/json"]?.schema;
      const value = json
        ? JSON.stringify(sample(arbitrary(json, ctx)))
        : String(sample(arbitrary(parameter.schema ?? {}, ctx, 0, parameter.name)));
      if (parameter.in === "path") request.params[parameter.name] = encodeURIComponent(value);
      else if (parameter.in === "query") request.query.push([parameter.name, value]);
      else request.headers[parameter.name] = value;
    }
    if (op.requestBody) {
      const [mediaType, media] = rng.pick(Object.entries(op.requestBody.content));
      request.mediaType = mediaType;
      // A copy: examples come from the document itself, and mutations change values in place.
      const value = structuredClone(sample(arbitrary((media.schema ?? {}) as JsonSchema, ctx)));
      if (/json$/.test(mediaType)) {
        request.value = value;
        request.body = JSON.stringify(value);
      } else if (mediaType === "application/x-www-form-urlencoded") {
        request.body = new URLSearchParams(
          Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]): [string, string] => [
            k,
            typeof v === "string" ? v : JSON.stringify(v),
          ]),
        ).toString();
      } else if (mediaType === "multipart/form-data") {
        request.mediaType = `multipart/form-data; boundary=${BOUNDARY}`;
        request.body = multipart(value);
      } else request.body = typeof value === "string" ? value : JSON.stringify(value);
    }
    return request;
  };

  const report: ContractReport = {
    operations: 0,
    requests: 0,
    findings: [],
    statuses: new Map(),
    timings: new Map(),
    samples: new Map(),
  };
  // The API logs an unhandled error before answering 500: keep it for the finding instead of the console.
  let logged = "";
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    logged = args.map(String).join(" ");
  };
  const send = async (request: PlannedRequest) => {
    const { op } = request;
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => request.params[name] ?? "x");
    const query = request.query.length ? `?${new URLSearchParams(request.query)}` : "";
    const headers: Record<string, string> = { ...request.headers };
    const token = keys.get(request.key as KeyKind);
    if (token) headers.authorization = `Bearer ${token}`;
    if (request.body !== undefined && request.mediaType) headers["content-type"] = request.mediaType;
    const started = performance.now();
    const response = await api.app.request(`${path}${query}`, {
      method: op.method.toUpperCase(),
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    const text = await response.text();
    report.timings.set(
      op.operationId,
      (report.timings.get(op.operationId) ?? 0) + performance.now() - started,
    );
    report.requests++;
    const seen = report.statuses.get(op.operationId) ?? new Map<number, number>();
    seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
    report.statuses.set(op.operationId, seen);
    const described = `${request.label} | ${request.key} key | ${op.method.toUpperCase()} ${path}${query} ${request.mediaType ?? ""} ${(request.body ?? "").slice(0, 200)}`;
    const sampled = report.samples.get(`${op.operationId} ${response.status}`) ?? [];
    if (sampled.length < 3) sampled.push(`${described} → ${text.slice(0, 200)}`);
    report.samples.set(`${op.operationId} ${response.status}`, sampled);
    for (const finding of checker.check(op, response.status, response.headers, text))
      report.findings.push({
        ...finding,
        ...(finding.kind === "5xx" ? { detail: `${finding.detail} ${firstLine(logged)}` } : {}),
        request: described,
      });
    if (response.status < 300 && /json/.test(response.headers.get("content-type") ?? "")) {
      try {
        pools.harvest(JSON.parse(text), response.headers, op.method !== "get");
      } catch {
        // not JSON: nothing to harvest
      }
    }
  };

  // Operations without path parameters first (captures create what the others act on);
  // after the first round in a new order each round, so actions meet leads in every state.
  const operations = operationsOf(doc).sort(
    (a, b) => Number(a.path.includes("{")) - Number(b.path.includes("{")),
  );
  const shuffled = () => {
    const out = [...operations];
    for (let i = out.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  report.operations = operations.length;
  try {
    await rounds();
  } finally {
    console.error = consoleError;
  }
  return report;

  async function rounds() {
    for (let round = 0; round < options.rounds; round++) {
      for (const op of round === 0 ? operations : shuffled()) {
        for (let i = 0; i < options.validPerOperation; i++) await send(plan(op));
        for (let i = 0; i < options.invalidPerOperation; i++) {
          const request = plan(op);
          const what = mutate(request, rng);
          if (what === undefined) continue;
          request.label = what;
          await send(request);
        }
      }
      api.clock.advance(options.advanceMs);
      ctx.now = api.clock.now();
    }
  }
}

const BOUNDARY = "contract-boundary-7f3a";

/** A flat object as multipart/form-data fields (what a plain HTML form with enctype=multipart sends). */
function multipart(value: unknown): string {
  const fields = Object.entries((value ?? {}) as Record<string, unknown>);
  return `${fields
    .map(
      ([name, v]) =>
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, "%22")}"\r\n\r\n${typeof v === "string" ? v : JSON.stringify(v)}\r\n`,
    )
    .join("")}--${BOUNDARY}--\r\n`;
}

/** The error line of a logged unhandled error (its message, without the stack). */
function firstLine(logged: string): string {
  try {
    return String((JSON.parse(logged) as { error?: string }).error ?? logged).split("\n")[0]!;
  } catch {
    return logged.split("\n")[0]!;
  }
}
