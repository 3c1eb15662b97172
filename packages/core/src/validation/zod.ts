import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// English messages for zod/mini; importing one locale keeps the bundle small
// (the `z.locales` namespace would pull in every language).
z.config(en());

export { z };

/** Trimmed string with length bounds; empty after trimming counts as absent at the caller. */
export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
export const nonEmptyText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
