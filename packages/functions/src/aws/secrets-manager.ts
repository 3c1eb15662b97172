import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { regionFor } from "@rebound/core/kernel";
import type { SecretStore } from "../secrets/store";

export interface SecretsManagerClientOptions {
  region?: string;
  /** Set for a local or fake endpoint; absent in AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Per attempt; the SDK makes at most 2 attempts. */
  requestTimeoutMs?: number;
}

/**
 * Bounded in time: secrets are read on a request's path (when the cache has expired), so a
 * slow Secrets Manager must fail fast, and the last good values are used meanwhile.
 */
export function createSecretsManagerClient(options: SecretsManagerClientOptions = {}): SecretsManagerClient {
  return new SecretsManagerClient({
    ...regionFor(options),
    maxAttempts: 2,
    // throwOnRequestTimeout: without it the SDK only logs a warning when requestTimeout passes.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 2_000,
      connectionTimeout: 1_000,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

/**
 * Secrets Manager behind the SecretStore port. Rotation is Secrets Manager's own: a new value
 * (`put-secret-value`) becomes AWSCURRENT and the value it replaced becomes AWSPREVIOUS, so
 * "previous" needs no bookkeeping of ours. The AWS managed key (aws/secretsmanager) encrypts
 * the values; reading them needs only secretsmanager:GetSecretValue.
 */
export function secretsManagerStore(client: Pick<SecretsManagerClient, "send">): SecretStore {
  return {
    async read(id, stage) {
      try {
        const output = await client.send(
          new GetSecretValueCommand({
            SecretId: id,
            VersionStage: stage === "current" ? "AWSCURRENT" : "AWSPREVIOUS",
          }),
        );
        if (output.SecretString === undefined)
          throw new Error(`secret ${id} holds binary data; store the value as a string (--secret-string)`);
        return {
          value: output.SecretString,
          ...(output.CreatedDate ? { createdAt: output.CreatedDate } : {}),
        };
      } catch (error) {
        // No version with that label: never set (current), or never rotated (previous).
        if ((error as { name?: string }).name === "ResourceNotFoundException") return undefined;
        throw error;
      }
    },
  };
}
