/** One version of a secret. */
export interface SecretVersion {
  value: string;
  /** When this version was created (rotation time); absent when the store does not say. */
  createdAt?: Date;
}

/**
 * The port runtime secrets are read through: AWS Secrets Manager in deployed stages
 * (aws/secrets-manager.ts); values from configuration under npm start and in tests.
 */
export interface SecretStore {
  /**
   * The current value, or the one it replaced at the last rotation (`previous`); undefined
   * when there is no such version. Throws when the store cannot answer.
   */
  read(id: string, stage: "current" | "previous"): Promise<SecretVersion | undefined>;
}

/** A secret the process needs and cannot get (the store is down, or it was never set). */
export class SecretUnavailableError extends Error {
  override readonly name = "SecretUnavailableError";
}
