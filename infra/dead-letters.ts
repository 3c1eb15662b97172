/**
 * Events EventBridge rejected for good (too large, malformed, not authorised), one message
 * per event with the reason; the forwarder sends them, POST /v1/admin/dead-letters/replay
 * republishes them. Kept 14 days (SQS's maximum); the DLQ alarm fires on the first one.
 */
export const eventDeadLetters = new sst.aws.Queue("EventDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 60 * 60 } },
});

/** What the replay function does with the queue: receive, delete, and let the rest reappear. */
export const replayDeadLetters = {
  actions: [
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueAttributes",
  ],
  resources: [eventDeadLetters.arn],
};
