/**
 * Bundling settings shared by every Lambda. The plugins swap the SDK's credential chain for
 * the one Lambda uses (≈130 KB less per function; see packages/functions/src/aws/lambda-credentials.ts).
 * Path relative to sst.config.ts.
 */
export const lambdaNodejs = { plugins: "./infra/esbuild-plugins.mjs" };
