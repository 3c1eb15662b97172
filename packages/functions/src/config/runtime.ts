/**
 * What the Lambda runtime (or a test) sets in the environment about where and how this
 * process runs, as opposed to the settings `loadConfig` validates. Read when asked, not at
 * import: `_X_AMZN_TRACE_ID` changes with every invocation.
 */
export const runtimeEnv = {
  /** The function's root in Lambda (the bundle and the files copied beside it). */
  lambdaTaskRoot: (): string | undefined => process.env.LAMBDA_TASK_ROOT,
  /** Where static asset sources are read from outside Lambda (tests point it at a fixture). */
  assetRoot: (): string | undefined => process.env.REBOUND_ASSET_ROOT,
  /** The X-Ray trace header of the current invocation. */
  traceHeader: (): string | undefined => process.env._X_AMZN_TRACE_ID,
};
