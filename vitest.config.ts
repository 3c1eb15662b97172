import { defineConfig } from "vitest/config";

/**
 * Heavy files (the 10,000-row import) saturate the one DynamoDB Local every file shares;
 * run alongside the rest, they starve them into timeouts. So the suite runs in two phases:
 * everything else in parallel first, then the heavy files (projects with a later groupOrder
 * start after the earlier group has finished).
 */
const heavy = ["packages/functions/test/imports-bulk.test.ts"];

const shared = {
  // One DynamoDB Local for the whole run; each test file makes its own table.
  globalSetup: ["test/global-setup.ts"],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: "forks" as const,
  // Node 20 is supported here; the SDK's notice about its future support is noise in test output.
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "main",
          include: ["packages/*/test/**/*.test.ts", "bench/**/*.test.ts"],
          exclude: heavy,
          sequence: { groupOrder: 0 },
        },
      },
      { test: { ...shared, name: "heavy", include: heavy, sequence: { groupOrder: 1 } } },
    ],
  },
});
