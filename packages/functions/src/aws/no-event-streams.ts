/**
 * Stands in for `@smithy/core/event-streams` in Lambda bundles (see infra/esbuild-plugins.mjs).
 * The SDK's protocol code imports it lazily, for operations that stream events (Transcribe,
 * Bedrock, Lambda's InvokeWithResponseStream…); esbuild inlines that import anyway, and the
 * codec with its checksums is ~19 KB of every bundle. None of the services we call (DynamoDB,
 * EventBridge, SQS, Secrets Manager) has such an operation, so this is never reached; if a
 * future client needs it, it fails loudly here instead of quietly growing the bundle.
 */
const unavailable = () =>
  new Error(
    "AWS SDK event streams are left out of Lambda bundles (infra/esbuild-plugins.mjs); a client that streams events needs them back",
  );

export class EventStreamSerde {
  constructor() {
    throw unavailable();
  }
}

export function eventStreamSerdeProvider(): never {
  throw unavailable();
}
