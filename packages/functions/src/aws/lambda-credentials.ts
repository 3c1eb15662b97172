import { fromEnv } from "@aws-sdk/credential-provider-env";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { fromContainerMetadata } from "@smithy/credential-provider-imds";

/**
 * Stands in for `@aws-sdk/credential-provider-node` in Lambda bundles (see
 * infra/esbuild-plugins.mjs). Lambda always puts the function's role credentials in the
 * environment; the full Node chain (SSO, INI files, process, web identity and the STS/SSO
 * clients behind them) is ~130 KB of bundle that never runs there. Container metadata is
 * kept as the fallback for runtimes that serve credentials over HTTP instead.
 */
export const defaultProvider =
  (init: Record<string, unknown> = {}) =>
  async (): Promise<AwsCredentialIdentity> => {
    try {
      return await fromEnv(init)();
    } catch {
      return fromContainerMetadata(init)();
    }
  };
