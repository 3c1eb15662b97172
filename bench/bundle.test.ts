import { describe, expect, it } from "vitest";
import { buildLambda, lambdaEntries } from "./bundle-build";

// Sizes are deterministic for a given lockfile, so the budget is checked in the suite
// (timings stay in `npm run bench`). A regression here is usually a namespace re-export
// of zod or a classic `zod` import pulling in ~400 KB.
describe("Lambda bundle budgets", () => {
  it.each(lambdaEntries.map((e) => [e.name, e] as const))(
    "%s stays within its size budget",
    async (_name, spec) => {
      const bundle = await buildLambda(spec);
      if (!bundle) return expect(spec.name).toMatch(/sweep/); // sweeps land with their issues; api and forwarder must exist
      expect(bundle.bytes).toBeLessThanOrEqual(bundle.budget);
      if (bundle.gzipBudget) expect(bundle.gzipBytes).toBeLessThanOrEqual(bundle.gzipBudget);
      expect(bundle.byPackage.find(([name]) => name === "zod")?.[1] ?? 0).toBeLessThan(80 * 1024);
    },
    60_000,
  );
});
