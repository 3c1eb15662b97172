import type { FieldIssue } from "./errors";

/**
 * Names every JavaScript object inherits (`constructor`, `toString`, `__proto__`…) plus
 * `prototype`. As keys of free data they are traps: a lookup finds the inherited member,
 * `__proto__` rewires an object, and the DynamoDB marshaller takes a map with a
 * `constructor` key for a class instance. Inputs refuse them, naming the field.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  "prototype",
]);

export const isPrototypeKey = (key: string): boolean => PROTOTYPE_KEYS.has(key);

/** Most keys one input object may have: far above any real one (a capture has ~15, custom ≤ 50). */
export const MAX_KEYS_PER_OBJECT = 1_000;
/** Deeper nesting than any input of ours, which is at most 4 levels. */
const MAX_DEPTH = 32;

/**
 * A cheap pass over raw input before schema validation: prototype-shaped keys anywhere (zod
 * would silently drop `__proto__`), and absurd shapes (hundreds of thousands of keys) that
 * would cost the schema seconds of CPU to list as errors. Stops at the first absurdity.
 */
export function shapeIssues(input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const visit = (node: unknown, path: (string | number)[]): boolean => {
    if (path.length > MAX_DEPTH) {
      issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels`, code: "too_deep" });
      return false;
    }
    if (Array.isArray(node)) {
      if (node.length > MAX_KEYS_PER_OBJECT) {
        issues.push({ path, message: `more than ${MAX_KEYS_PER_OBJECT} items`, code: "too_big" });
        return false;
      }
      return node.every((item, i) => visit(item, [...path, i]));
    }
    if (!node || typeof node !== "object") return true;
    const keys = Object.keys(node);
    if (keys.length > MAX_KEYS_PER_OBJECT) {
      issues.push({ path, message: `more than ${MAX_KEYS_PER_OBJECT} fields`, code: "too_big" });
      return false;
    }
    for (const key of keys) {
      if (isPrototypeKey(key))
        issues.push({
          path: [...path, key],
          message: `"${key}" is a name every JavaScript object inherits; use another field name`,
          code: "reserved_key",
        });
      else if (!visit((node as Record<string, unknown>)[key], [...path, key])) return false;
    }
    return true;
  };
  visit(input, []);
  return issues;
}

/** Deepest nesting a JSON body may have; ours are at most 4 levels deep. */
const MAX_JSON_DEPTH = 64;

/**
 * Scans JSON text, before it is parsed, for an object with more than MAX_KEYS_PER_OBJECT
 * keys or nesting deeper than MAX_JSON_DEPTH. Parsing such a body is what costs: V8 takes
 * over a second to build one object of 400,000 keys, and the event loop (every other
 * request) waits. The scan is linear and allocation-free (a few ms for megabytes) and stops
 * at the first excess; malformed JSON is left for JSON.parse to report.
 */
export function jsonShapeIssue(text: string): FieldIssue | undefined {
  const counts: number[] = []; // per open container: keys so far, or -1 for an array
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      counts.push(c === 0x7b ? 0 : -1);
      if (counts.length > MAX_JSON_DEPTH)
        return {
          path: [],
          message: `nested deeper than ${MAX_JSON_DEPTH} levels (at byte ${i})`,
          code: "too_deep",
        };
    } else if (c === 0x7d || c === 0x5d) counts.pop();
    else if (c === 0x3a && counts.length) {
      const top = counts.length - 1;
      counts[top]! += 1;
      if (counts[top]! > MAX_KEYS_PER_OBJECT)
        return {
          path: [],
          message: `an object with more than ${MAX_KEYS_PER_OBJECT} fields (at byte ${i})`,
          code: "too_big",
        };
    }
  }
  return undefined;
}
