import * as z from "./zod";

/** Trimmed string with an upper bound. */
export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
/** Trimmed, non-empty string with an upper bound. */
export const nonEmptyText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
