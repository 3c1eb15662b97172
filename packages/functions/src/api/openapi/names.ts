import * as z from "@rebound/core/zod";

/**
 * Component names for schemas, so generated clients read `Lead`, `TimelineEvent`,
 * `LeadPage` instead of `captureLead200`. A named schema becomes `#/components/schemas/<name>`
 * wherever it appears (top level or nested); everything else stays inline. Names are given
 * where a schema is defined (`named(schema, "SegmentMember")`) or, for core's schemas, in
 * ./schemas.ts. Registering is a side table: the schemas themselves are not changed.
 */
const names = new Map<object, string>();
const byName = new Map<string, object>();

export function named<T extends object>(schema: T, name: string): T {
  const existing = names.get(schema);
  if (existing && existing !== name) throw new Error(`schema already named ${existing}, not ${name}`);
  names.set(schema, name);
  byName.set(name, schema);
  return schema;
}

/** The schema registered under a name. */
export function schemaNamed(name: string): object | undefined {
  return byName.get(name);
}

/**
 * The metadata z.toJSONSchema reads: a schema's own (descriptions from `z.describe`, in the
 * global registry) with its component name as `id`, which makes zod emit it under `$defs`
 * and refer to it by `$ref`.
 */
export const namedMetadata = {
  get(schema: object): Record<string, unknown> | undefined {
    const own = z.globalRegistry.get(schema as never) as Record<string, unknown> | undefined;
    const id = names.get(schema);
    return id ? { ...own, id } : own;
  },
} as unknown as z.core.$ZodRegistry<Record<string, unknown>>;
