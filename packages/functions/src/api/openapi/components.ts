import * as z from "@rebound/core/zod";
import type { Schema } from "../http/route";
import { jsonContentOf } from "./json-encoded";
import { namedMetadata, schemaNamed } from "./names";

export type JsonSchema = Record<string, unknown>;

const DEFS = "#/$defs/";
const COMPONENTS = "#/components/schemas/";

function toJson(schema: Schema, io: "input" | "output"): JsonSchema {
  return z.toJSONSchema(schema as never, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
    metadata: namedMetadata,
    // A string carrying JSON says so, with the schema of its content (see ./json-encoded.ts).
    override: ({ zodSchema, jsonSchema }) => {
      const content = jsonContentOf(zodSchema);
      if (!content) return;
      const { $schema: _d, ...inner } = toJson(content as Schema, io);
      Object.assign(jsonSchema, { contentMediaType: "application/json", contentSchema: inner });
    },
  }) as JsonSchema;
}

function rewriteRefs(node: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, rename));
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === "$ref" && typeof value === "string" && value.startsWith(DEFS)
        ? `${COMPONENTS}${rename(value.slice(DEFS.length))}`
        : rewriteRefs(value, rename);
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * `components/schemas`, filled while operations are generated. Named schemas (./names.ts)
 * are emitted once and referenced. A schema reads the same as request and response unless
 * defaults or transforms make its input differ: then the request side is `<Name>Input`.
 * A page of a named item (`{items: X[], next}`) is named `<X>Page`.
 */
export class SchemaComponents {
  private readonly schemas = new Map<string, JsonSchema>();
  private readonly outputs = new Map<string, JsonSchema>();

  /** A zod schema as JSON Schema, with named parts moved to components and referenced. */
  convert(schema: Schema, io: "input" | "output"): JsonSchema {
    const { $schema: _dialect, $defs, ...root } = toJson(schema, io);
    const defs = ($defs ?? {}) as Record<string, JsonSchema>;
    const names = new Map<string, string>();
    const rename = (name: string): string => {
      let final = names.get(name);
      if (final === undefined) {
        names.set(name, name); // provisional, for cycles
        final = io === "output" || this.readsTheSame(name, defs, rename) ? name : `${name}Input`;
        names.set(name, final);
      }
      return final;
    };
    for (const [name, def] of Object.entries(defs))
      this.put(rename(name), rewriteRefs(def, rename) as JsonSchema);
    return this.pageOf(rewriteRefs(root, rename) as JsonSchema);
  }

  /** Adds a hand-built schema (problem types) under a name; the same name must mean the same schema. */
  put(name: string, json: JsonSchema): JsonSchema {
    const existing = this.schemas.get(name);
    if (existing && !same(existing, json))
      throw new Error(`Two different schemas are named ${name} in the OpenAPI document.`);
    this.schemas.set(name, json);
    return { $ref: `${COMPONENTS}${name}` };
  }

  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.schemas.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Whether a named schema's request (input) form equals its response (output) form, nested names included. */
  private readsTheSame(
    name: string,
    inputDefs: Record<string, JsonSchema>,
    rename: (n: string) => string,
  ): boolean {
    const schema = schemaNamed(name);
    if (!schema) return true;
    let output = this.outputs.get(name);
    if (!output) {
      const { $defs } = toJson(schema as Schema, "output");
      output = ($defs as Record<string, JsonSchema>)[name]!;
      this.outputs.set(name, output);
    }
    const input = inputDefs[name]!;
    if (!same(output, input)) return false;
    const nested = JSON.stringify(input).match(/"#\/\$defs\/[^"]+"/g) ?? [];
    return nested.every((ref) => {
      const inner = ref.slice(DEFS.length + 1, -1);
      return rename(inner) === inner;
    });
  }

  private pageOf(json: JsonSchema): JsonSchema {
    const properties = json.properties as Record<string, JsonSchema> | undefined;
    const items = properties?.items;
    const ref = (items?.items as JsonSchema | undefined)?.$ref;
    if (json.type !== "object" || items?.type !== "array" || typeof ref !== "string") return json;
    if (!Object.keys(properties!).every((key) => ["items", "next", "more", "gap"].includes(key))) return json;
    return this.put(`${ref.slice(COMPONENTS.length)}Page`, json);
  }
}
