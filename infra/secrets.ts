import { stageSettings } from "./stage";

const { isProduction } = stageSettings($app.stage);

/**
 * Per-stage secrets in AWS Secrets Manager. Infra creates them empty; an operator sets and
 * rotates the values (docs/operations.md, "Secrets"), so no value ever passes through SST's
 * state, a function's environment or its bundle. Functions get the ARNs and read the values
 * at run time (packages/functions/src/secrets), cached for REBOUND_SECRETS_CACHE_MS.
 */
function secret(name: string, description: string) {
  return new aws.secretsmanager.Secret(name, {
    name: `rebound/${$app.stage}/${name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}`,
    description,
    // A deleted production secret can be restored for 30 days; others go at once, so a
    // removed personal stage can be deployed again under the same name.
    recoveryWindowInDays: isProduction ? 30 : 0,
  });
}

export const secrets = {
  /** The admin key the API accepts before any API key exists; used to create the real ones. */
  bootstrapAdminKey: secret("BootstrapAdminKey", "Rebound bootstrap admin API key (at least 24 characters)"),
  /** HMAC key that signs pagination cursors. */
  cursorSecret: secret("CursorSecret", "Rebound pagination cursor signing key (at least 16 characters)"),
  /** HMAC key of the suppression list of erased addresses. Set once; never rotate it (docs/operations.md). */
  suppressionSecret: secret(
    "SuppressionSecret",
    "Rebound suppression-list HMAC key (at least 16 characters; never rotate it)",
  ),
};

/** What a function needs to read them (the AWS managed key decrypts them: no KMS grant). */
export const readSecrets = {
  actions: ["secretsmanager:GetSecretValue"],
  resources: [secrets.bootstrapAdminKey.arn, secrets.cursorSecret.arn, secrets.suppressionSecret.arn],
};
