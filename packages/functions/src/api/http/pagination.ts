import { ValidationError } from "@rebound/core/kernel";
import type { CursorCodec } from "@rebound/core/paging";
import * as z from "@rebound/core/zod";
import { HttpProblem } from "./problem";

export const limitSchema = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25);
export const cursorSchema = z.optional(z.string().check(z.maxLength(2_000)));

/** Decodes a page cursor for this exact query; a forged or foreign cursor is a 400. */
export function decodeCursor(
  cursors: CursorCodec,
  query: string,
  cursor: string | undefined,
): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    return cursors.decode(query, cursor);
  } catch (error) {
    if (error instanceof ValidationError)
      throw new HttpProblem(
        400,
        "bad-request",
        "Bad request",
        error.message,
        error.issues.map((i) => ({ ...i, path: ["query", ...i.path] })),
      );
    throw error;
  }
}

export const pageSchema = <T>(item: T) =>
  z.object({ items: z.array(item as never), next: z.optional(z.string()) });
