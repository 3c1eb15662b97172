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

const lruCache = fileURLToPath(new URL("../packages/functions/src/aws/lru-cache.ts", import.meta.url));

/** Replaces mnemonist's LRU cache (the DynamoDB client's endpoint-discovery cache) with a Map-based one. */
export const lruCachePlugin = {
  name: "rebound-lru-cache",
  setup(build) {
    build.onResolve({ filter: /^mnemonist\/lru-cache$/ }, () => ({ path: lruCache }));
  },
};

const noEventStreams = fileURLToPath(
  new URL("../packages/functions/src/aws/no-event-streams.ts", import.meta.url),
);

/** Leaves the SDK's event-stream codec out: none of our clients streams events. */
export const noEventStreamsPlugin = {
  name: "rebound-no-event-streams",
  setup(build) {
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, () => ({ path: noEventStreams }));
  },
};

export default [lambdaCredentialsPlugin, lruCachePlugin, noEventStreamsPlugin];
