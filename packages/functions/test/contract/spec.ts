import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { JsonSchema } from "./arbitraries";

/** The parts of an OpenAPI 3.1 document the contract suite reads. */
export interface OpenApiDoc {
  paths: Record<string, Record<string, RawOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses?: Record<string, ResponseObject>;
  };
}
interface RawOperation {
  operationId: string;
  "x-scopes"?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, ResponseObject | { $ref: string; description?: string }>;
}
export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  /** Either a schema, or (a parameter carrying JSON) the schema of its JSON content. */
  schema?: JsonSchema;
  content?: Record<string, { schema: JsonSchema }>;
}
export interface ResponseObject {
  description: string;
  headers?: Record<string, { required?: boolean; schema?: JsonSchema }>;
  content?: Record<string, { schema?: JsonSchema }>;
}
export interface Operation extends RawOperation {
  method: string;
  path: string;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      ...op,
      method,
      path,
    })),
  );
}

/** Headers every HTTP answer may carry that are transport, not API contract. */
const TRANSPORT_HEADERS =
  /^(content-type|content-length|vary|date|connection|keep-alive|access-control-.*)$/i;

export interface Finding {
  kind: "5xx" | "undocumented-status" | "off-schema-body" | "non-problem-error" | "undocumented-header";
  detail: string;
}

/**
 * Checks answers against the document with ajv (draft 2020-12, formats from ajv-formats):
 * the status is documented for the operation, the media type is one it documents, the body
 * matches that media type's schema, every error is application/problem+json (or a media type
 * the operation documents for it), and the API's
 * headers are documented (and the required ones sent) with valid values.
 */
export class ContractChecker {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDoc) {
    this.ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // OpenAPI's own keywords inside schemas: annotations for ajv (oneOf does the validation).
    this.ajv.addKeyword({ keyword: "discriminator" });
    for (const [name, schema] of Object.entries(doc.components.schemas))
      this.ajv.addSchema(rebase(schema) as never, `${COMPONENT_BASE}${name}`);
  }

  /** Validates `value` against a schema object of the document (resolving its $refs). */
  validator(schema: JsonSchema): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema) as never);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  response(op: Operation, status: number): ResponseObject | undefined {
    const raw = op.responses[String(status)];
    if (!raw) return undefined;
    if ("$ref" in raw) {
      const name = raw.$ref.split("/").pop()!;
      return this.doc.components.responses?.[name];
    }
    return raw;
  }

  check(op: Operation, status: number, headers: Headers, body: string): Finding[] {
    const findings: Finding[] = [];
    const where = `${op.method.toUpperCase()} ${op.path} → ${status}`;
    const mediaType = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (status >= 500) findings.push({ kind: "5xx", detail: `${where}: ${body.slice(0, 300)}` });
    const documented = this.response(op, status);
    // Errors are problem+json, unless the operation documents another media type for them (the
    // pages a plain HTML form is answered with).
    if (status >= 400 && mediaType !== "application/problem+json" && !documented?.content?.[mediaType])
      findings.push({ kind: "non-problem-error", detail: `${where}: content-type "${mediaType}"` });
    if (!documented) {
      findings.push({ kind: "undocumented-status", detail: `${where}: ${body.slice(0, 200)}` });
      return findings;
    }
    findings.push(...this.checkHeaders(where, documented, headers));
    const content = documented.content ?? {};
    if (!body) {
      if (Object.keys(content).length && status !== 304)
        findings.push({
          kind: "off-schema-body",
          detail: `${where}: empty body, documented ${Object.keys(content)}`,
        });
      return findings;
    }
    const media = content[mediaType];
    if (!media) {
      findings.push({
        kind: "off-schema-body",
        detail: `${where}: media type "${mediaType}" not documented (${Object.keys(content).join(", ") || "no body"})`,
      });
      return findings;
    }
    if (!media.schema) return findings;
    let value: unknown = body;
    if (/json$/.test(mediaType)) {
      try {
        value = JSON.parse(body);
      } catch {
        findings.push({ kind: "off-schema-body", detail: `${where}: body is not JSON` });
        return findings;
      }
    }
    const validate = this.validator(media.schema);
    if (!validate(value))
      findings.push({
        kind: "off-schema-body",
        detail: `${where}: ${this.ajv.errorsText(validate.errors, { separator: "; " }).slice(0, 400)} — ${body.slice(0, 300)}`,
      });
    return findings;
  }

  private checkHeaders(where: string, documented: ResponseObject, headers: Headers): Finding[] {
    const findings: Finding[] = [];
    const declared = new Map(Object.entries(documented.headers ?? {}).map(([n, h]) => [n.toLowerCase(), h]));
    headers.forEach((value, name) => {
      if (TRANSPORT_HEADERS.test(name)) return;
      const header = declared.get(name.toLowerCase());
      if (!header) {
        findings.push({ kind: "undocumented-header", detail: `${where}: ${name}: ${value}` });
        return;
      }
      if (header.schema && !this.validator(header.schema)(value))
        findings.push({
          kind: "undocumented-header",
          detail: `${where}: ${name}: "${value}" breaks its schema`,
        });
    });
    for (const [name, header] of declared)
      if (header.required && !headers.has(name))
        findings.push({ kind: "undocumented-header", detail: `${where}: required header ${name} missing` });
    return findings;
  }
}

const COMPONENT_BASE = "https://contract.test/components/schemas/";

/** Points a schema's `#/components/schemas/X` refs at X as registered in ajv. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")
        ? `${COMPONENT_BASE}${value.slice("#/components/schemas/".length)}`
        : rebase(value),
    ]),
  );
}
