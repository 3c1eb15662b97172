/**
 * Bundling settings shared by every Lambda. The plugins swap the SDK's credential chain for
 * the one Lambda uses (≈130 KB less per function; see packages/functions/src/aws/lambda-credentials.ts).
 * Path relative to sst.config.ts.
 */
export const lambdaNodejs = { plugins: "./infra/esbuild-plugins.mjs" };

/**
 * AWS X-Ray active tracing for every function: a trace per invocation (init, duration,
 * errors, the API Gateway request in front of it), and each log line carries its id
 * (`traceId`). Traces of the SDK calls inside would need the X-Ray SDK (Powertools Tracer),
 * which does not fit the API's bundle budget (measured in docs/operations.md, "Logs").
 */
export const tracing = { tracingConfig: { mode: "Active" } };
export const tracingPermissions = {
  actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
  resources: ["*"],
};
