import { type FieldIssue, ValidationError } from "./errors";
import { shapeIssues } from "./shape";
import type { z } from "./zod";

/** Anything zod can parse: what the domain validates its inputs with. */
export type Schema<T> = {
  safeParse(
    input: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: z.core.$ZodIssue[] } };
};

/**
 * Parses at the domain boundary; failures become a ValidationError listing every field issue.
 * A cheap shape pass goes first (./shape.ts): prototype-shaped keys are refused by name
 * instead of silently dropped, and an absurd input is refused before the schema spends
 * seconds listing its errors.
 */
export function parseWith<T>(schema: Schema<T>, input: unknown, message: string): T {
  const shape = shapeIssues(input);
  if (shape.length) throw new ValidationError(message, shape);
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    message,
    parsed.error.issues.flatMap((issue): FieldIssue[] => {
      const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      // Point at each unknown field itself, not at the object that holds it.
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({
          path: [...path, key],
          message: `Unknown field "${key}"`,
          code: issue.code,
        }));
      }
      return [{ path, message: issue.message, code: issue.code }];
    }),
  );
}
