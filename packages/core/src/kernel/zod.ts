import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * zod/mini with English messages, for `import * as z from "@rebound/core/zod"`.
 *
 * Bundle size is why this file looks the way it does: importing one locale keeps the
 * others out (the `z.locales` namespace would pull in every language), and consumers must
 * take zod as a namespace import of this module. Re-exporting the namespace as a value
 * (`export { z }` or `export * as z`) makes esbuild materialise all of zod (+416 KB in the
 * Lambda bundle; measured, and guarded by bench/bundle.test.ts).
 */
config(en());

export * from "zod/mini";
