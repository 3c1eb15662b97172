import fc from "fast-check";

/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document: the subset the
 * generated document uses ($ref, type, enum, const, anyOf/oneOf/allOf, properties,
 * required, additionalProperties, propertyNames, items, lengths, bounds, pattern,
 * date-time). A schema's `examples` are valid values too. Strings from `pools` (values the
 * API answered with earlier, by property name) are preferred where they fit, so requests
 * reach existing leads, reps and appointments instead of only 404s.
 */
export type JsonSchema = Record<string, unknown>;

export interface GenContext {
  /** Resolves "#/components/schemas/X". */
  resolve(ref: string): JsonSchema;
  /** Values seen before under a property or parameter name, already checked against the schema. */
  pooled(name: string, schema: JsonSchema): unknown[];
  /** The API's "now", so generated instants fall on both sides of it. */
  now: Date;
}

const MAX_ITEMS = 3;
const MAX_RECORD_KEYS = 3;
const MAX_FREE_STRING = 24;
const DAY = 86_400_000;

/** Instants around the API's clock (read when a value is drawn: the clock moves between rounds). */
function instant(ctx: GenContext): fc.Arbitrary<string> {
  return fc
    .integer({ min: -400 * DAY, max: 400 * DAY })
    .map((offset) => new Date(ctx.now.getTime() + offset).toISOString());
}

function stringArbitrary(schema: JsonSchema, ctx: GenContext): fc.Arbitrary<string> {
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = (schema.maxLength as number | undefined) ?? Number.POSITIVE_INFINITY;
  const fits = (s: string) => s.length >= min && s.length <= max;
  if (schema.format === "date-time") return instant(ctx);
  if (typeof schema.pattern === "string") {
    const regex = new RegExp(schema.pattern);
    return fc.stringMatching(regex).filter(fits);
  }
  return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(max, MAX_FREE_STRING)) });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lower = (schema.minimum as number | undefined) ?? (schema.exclusiveMinimum as number | undefined);
  const upper = (schema.maximum as number | undefined) ?? (schema.exclusiveMaximum as number | undefined);
  const min = lower ?? -1_000;
  const max = upper ?? Math.max(min + 1_000, 1_000);
  const arb = integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return arb.filter(
    (n) =>
      (schema.exclusiveMinimum === undefined || n > (schema.exclusiveMinimum as number)) &&
      (schema.exclusiveMaximum === undefined || n < (schema.exclusiveMaximum as number)),
  );
}

function objectArbitrary(schema: JsonSchema, ctx: GenContext, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const fields = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, arbitrary(property, ctx, depth + 1, name)]),
  );
  const record = fc.record(fields, { requiredKeys: [...required].filter((k) => k in properties) });
  const extra = schema.additionalProperties;
  if (!extra || typeof extra !== "object" || Object.keys(properties).length) return record;
  // A map (custom fields, delays by reason): keys from propertyNames.
  const keys = schema.propertyNames
    ? (arbitrary(schema.propertyNames as JsonSchema, ctx, depth + 1) as fc.Arbitrary<string>)
    : fc.string({ minLength: 1, maxLength: 12 });
  return fc.dictionary(keys, arbitrary(extra as JsonSchema, ctx, depth + 1), {
    maxKeys: MAX_RECORD_KEYS,
    noNullPrototype: true,
  });
}

function mergeAllOf(parts: JsonSchema[], ctx: GenContext): JsonSchema {
  const merged: JsonSchema = { type: "object", properties: {}, required: [] };
  for (const raw of parts) {
    const part = raw.$ref ? ctx.resolve(raw.$ref as string) : raw;
    Object.assign(merged.properties as object, part.properties ?? {});
    (merged.required as string[]).push(...((part.required ?? []) as string[]));
  }
  return merged;
}

const cache = new WeakMap<GenContext, WeakMap<JsonSchema, Map<string, fc.Arbitrary<unknown>>>>();

/**
 * An arbitrary of values valid for `schema`; `name` is the property or parameter it is for.
 * Built once per schema node (the document does not change); pools and the clock are read
 * when a value is drawn.
 */
export function arbitrary(
  schema: JsonSchema,
  ctx: GenContext,
  depth = 0,
  name?: string,
): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitrary(ctx.resolve(schema.$ref as string), ctx, depth, name);
  let bySchema = cache.get(ctx);
  if (!bySchema) {
    bySchema = new WeakMap();
    cache.set(ctx, bySchema);
  }
  let byName = bySchema.get(schema);
  if (!byName) {
    byName = new Map();
    bySchema.set(schema, byName);
  }
  const key = `${name ?? ""} ${Math.min(depth, 7)}`;
  let arb = byName.get(key);
  if (!arb) {
    arb = build(schema, ctx, depth, name);
    byName.set(key, arb);
  }
  return arb;
}

function build(schema: JsonSchema, ctx: GenContext, depth: number, name?: string): fc.Arbitrary<unknown> {
  const base = structural(schema, ctx, depth);
  const examples = (schema.examples ?? []) as unknown[];
  const choices = [{ weight: 2, arbitrary: base }];
  if (examples.length) choices.push({ weight: 2, arbitrary: fc.constantFrom(...examples) });
  // Only scalars are pooled; the latest values weigh most (the lead just handed off is the one to accept).
  if (name && schema.type === "string")
    choices.push({
      weight: 6,
      arbitrary: fc.nat(99).chain((n) => {
        const pooled = ctx.pooled(name, schema);
        if (!pooled.length) return base;
        const recent = Math.min(3, pooled.length);
        return fc.constant(n < 60 ? pooled[pooled.length - 1 - (n % recent)] : pooled[n % pooled.length]);
      }),
    });
  return choices.length === 1 ? base : fc.oneof(...choices);
}

function structural(schema: JsonSchema, ctx: GenContext, depth: number): fc.Arbitrary<unknown> {
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return fc.oneof(...union.map((s) => arbitrary(s, ctx, depth + 1)));
  if (schema.allOf) return arbitrary(mergeAllOf(schema.allOf as JsonSchema[], ctx), ctx, depth + 1);
  const type = schema.type;
  if (Array.isArray(type))
    return fc.oneof(...type.map((t) => structural({ ...schema, type: t }, ctx, depth)));
  switch (type) {
    case "string":
      return stringArbitrary(schema, ctx);
    case "integer":
      return numberArbitrary(schema, true);
    case "number":
      return numberArbitrary(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const items = (schema.items ?? {}) as JsonSchema;
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.min(
        (schema.maxItems as number | undefined) ?? MAX_ITEMS,
        Math.max(minLength, MAX_ITEMS),
      );
      return depth > 6
        ? fc.constant([])
        : fc.array(arbitrary(items, ctx, depth + 1), { minLength, maxLength });
    }
    case "object":
      return objectArbitrary(schema, ctx, depth);
    default:
      // An unconstrained value ({}): any JSON scalar.
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}
