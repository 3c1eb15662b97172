// esbuild plugins for every Lambda SST bundles (nodejs.plugins in infra/lambda.ts), and for
// bench/bundle-build.ts, so the benchmark measures exactly what deploys.
import { fileURLToPath } from "node:url";

const lambdaCredentials = fileURLToPath(
  new URL("../packages/functions/src/aws/lambda-credentials.ts", import.meta.url),
);

/** Replaces the AWS SDK's full Node credential chain with the env/container provider Lambda uses. */
export const lambdaCredentialsPlugin = {
  name: "rebound-lambda-credentials",
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: lambdaCredentials }));
  },
};

export default [lambdaCredentialsPlugin];
