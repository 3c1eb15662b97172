/**
 * Per-stage secrets, set with `npx sst secret set NAME value --stage STAGE`. No placeholders:
 * a deploy fails until they are set, rather than running with a guessable default.
 */
export const secrets = {
  /** The admin key the API accepts before any API key exists; used to create the real ones. */
  bootstrapAdminKey: new sst.Secret("BootstrapAdminKey"),
  /** HMAC key that signs pagination cursors. */
  cursorSecret: new sst.Secret("CursorSecret"),
  /** HMAC key of the suppression list of erased addresses. Set once; never rotate it (see docs/operations.md). */
  suppressionSecret: new sst.Secret("SuppressionSecret"),
};
