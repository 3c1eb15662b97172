import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { regionFor } from "@rebound/core/kernel";
import * as z from "@rebound/core/zod";
import type { DeadLetter, DeadLetterQueue, ReceivedDeadLetter } from "../events/dead-letters";

export interface SqsClientOptions {
  region?: string;
  /** Set for a local or fake endpoint; absent in AWS (the queue URL's host is used). */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Bounded in time: a send inside the forwarder must fail well before the Lambda's timeout. */
export function createSqsClient(options: SqsClientOptions = {}): SQSClient {
  return new SQSClient({
    ...regionFor(options),
    maxAttempts: 3,
    // throwOnRequestTimeout: without it the SDK only logs a warning when requestTimeout passes.
    requestHandler: { requestTimeout: 5_000, connectionTimeout: 2_000, throwOnRequestTimeout: true },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

export interface SqsDeadLetterOptions {
  client: Pick<SQSClient, "send">;
  queueUrl: string;
  /** Long-poll wait of a receive: short polling may answer empty while messages exist. */
  waitSeconds?: number;
}

/** SendMessageBatch: at most 10 entries and 256 KiB in all. */
const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;

const letterSchema = z.object({
  event: z.optional(z.record(z.string(), z.unknown())),
  eventRef: z.object({ eventId: z.string(), leadId: z.string(), version: z.number(), type: z.string() }),
  reason: z.object({ code: z.string(), message: z.string() }),
  failedAt: z.string(),
  source: z.enum(["forwarder", "replay"]),
});

/** A message that is not one of our letters (sent by hand, or by something else): kept, never replayed. */
function foreign(messageId: string, body: string): DeadLetter {
  return {
    eventRef: { eventId: messageId, leadId: "", version: 0, type: "unknown" },
    reason: {
      code: "NotADeadLetter",
      message: `message body is not a Rebound dead letter: ${body.slice(0, 200)}`,
    },
    failedAt: "",
    source: "forwarder",
  };
}

function parseLetter(messageId: string, body: string): DeadLetter {
  try {
    const parsed = letterSchema.safeParse(JSON.parse(body));
    return parsed.success ? (parsed.data as DeadLetter) : foreign(messageId, body);
  } catch {
    return foreign(messageId, body);
  }
}

/**
 * The dead-letter queue on SQS. One message per letter, its JSON as the body. Sends are
 * all-or-nothing from the caller's view: any entry SQS refuses fails the call, and the
 * forwarder then retries the whole stream batch (the one retry layer), so a letter may be
 * stored twice but never lost; replay publishes both copies under one eventId.
 */
export function sqsDeadLetterQueue(options: SqsDeadLetterOptions): DeadLetterQueue {
  const { client, queueUrl } = options;
  return {
    async send(letters) {
      const bodies = letters.map((l) => JSON.stringify(l));
      const batches: string[][] = [];
      let current: string[] = [];
      let bytes = 0;
      for (const body of bodies) {
        const size = Buffer.byteLength(body);
        if (current.length === MAX_ENTRIES || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
          batches.push(current);
          current = [];
          bytes = 0;
        }
        current.push(body);
        bytes += size;
      }
      if (current.length > 0) batches.push(current);
      for (const batch of batches) {
        const output = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((MessageBody, i) => ({ Id: String(i), MessageBody })),
          }),
        );
        if (output.Failed?.length)
          throw new Error(
            `SQS refused ${output.Failed.length} of ${batch.length} dead letters: ${output.Failed.map((f) => `${f.Code}: ${f.Message}`).join("; ")}`,
          );
      }
    },

    async receive(max) {
      const output = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.max(1, Math.min(MAX_ENTRIES, max)),
          WaitTimeSeconds: options.waitSeconds ?? 1,
        }),
      );
      return (output.Messages ?? []).map(
        (m): ReceivedDeadLetter => ({
          letter: parseLetter(m.MessageId ?? "", m.Body ?? ""),
          receipt: m.ReceiptHandle ?? "",
        }),
      );
    },

    async remove(receipts) {
      for (let i = 0; i < receipts.length; i += MAX_ENTRIES) {
        const chunk = receipts.slice(i, i + MAX_ENTRIES);
        const output = await client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((ReceiptHandle, j) => ({ Id: String(j), ReceiptHandle })),
          }),
        );
        if (output.Failed?.length)
          throw new Error(
            `SQS could not delete ${output.Failed.length} dead letters: ${output.Failed.map((f) => `${f.Code}: ${f.Message}`).join("; ")}`,
          );
      }
    },
  };
}
