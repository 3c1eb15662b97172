import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for one SQS queue that speaks SQS's wire protocol (AWS JSON 1.0,
 * `X-Amz-Target: AmazonSQS.<Operation>`), so tests drive the real SDK client: serialisation,
 * signing, the MD5 checks the SDK makes on every body, and error parsing are all exercised.
 * It keeps SQS's semantics that matter to us: a received message is hidden for the
 * visibility timeout and comes back unless deleted; batches hold 1–10 entries and 256 KiB.
 */

export interface FakeMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
  receipt?: string;
}

export type SqsStep =
  | { kind: "error"; status: number; type: string }
  /** Closes the socket without answering, like a network failure mid-request. */
  | { kind: "reset" };

export interface FakeSqs {
  endpoint: string;
  queueUrl: string;
  /** Messages in the queue (visible or not). */
  messages: FakeMessage[];
  /** Operation names in request order. */
  operations: string[];
  /** Whole-request outcomes, consumed one per request. */
  enqueue(...steps: SqsStep[]): void;
  /** The next `times` SendMessageBatch entries fail with `code` (per entry, inside an HTTP 200). */
  failSends(code: string, times: number): void;
  /** Makes every hidden message visible again (as if the visibility timeout had passed). */
  expireVisibility(): void;
  close(): Promise<void>;
}

const LIMIT = 256 * 1024;
const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");

function reply(res: ServerResponse, status: number, body: unknown, queryError?: string) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/x-amz-json-1.0",
    "Content-Length": Buffer.byteLength(text),
    "x-amzn-RequestId": randomUUID(),
    ...(queryError ? { "x-amzn-query-error": queryError } : {}),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeSqs(visibilityTimeoutMs = 30_000): Promise<FakeSqs> {
  const messages: FakeMessage[] = [];
  const operations: string[] = [];
  let steps: SqsStep[] = [];
  let sendFailures: { code: string; remaining: number } | undefined;
  let queueUrl = "";

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.replace(/^AmazonSQS\./, "");
    operations.push(operation);
    if (req.headers["content-type"] !== "application/x-amz-json-1.0" || !target.startsWith("AmazonSQS."))
      return reply(res, 400, {
        __type: "com.amazonaws.sqs#UnsupportedOperation",
        message: `unexpected ${target}`,
      });
    const step = steps.shift();
    if (step?.kind === "reset") return void req.socket.destroy();
    if (step?.kind === "error")
      return reply(res, step.status, { __type: step.type, message: `scripted ${step.type}` });

    const input = JSON.parse(raw || "{}") as Record<string, unknown>;
    if (input.QueueUrl !== queueUrl)
      return reply(
        res,
        400,
        { __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." },
        "AWS.SimpleQueueService.NonExistentQueue;Sender",
      );
    const entries = (input.Entries ?? []) as { Id: string; MessageBody?: string; ReceiptHandle?: string }[];
    const batchError = (message: string) =>
      reply(res, 400, { __type: "com.amazonaws.sqs#InvalidParameterValue", message });
    if (operation === "SendMessageBatch" || operation === "DeleteMessageBatch") {
      if (entries.length < 1 || entries.length > 10)
        return batchError(`${entries.length} entries; 1 to 10 allowed`);
      if (new Set(entries.map((e) => e.Id)).size !== entries.length)
        return batchError("Id values must be unique");
    }

    if (operation === "SendMessageBatch") {
      const total = entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody ?? ""), 0);
      if (total > LIMIT) return batchError(`Batch requests cannot be longer than ${LIMIT} bytes`);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of entries) {
        if (sendFailures && sendFailures.remaining > 0) {
          sendFailures.remaining -= 1;
          Failed.push({ Id: entry.Id, SenderFault: false, Code: sendFailures.code, Message: "scripted" });
          continue;
        }
        const message: FakeMessage = {
          messageId: randomUUID(),
          body: entry.MessageBody!,
          receiveCount: 0,
          visibleAt: 0,
        };
        messages.push(message);
        Successful.push({ Id: entry.Id, MessageId: message.messageId, MD5OfMessageBody: md5(message.body) });
      }
      return reply(res, 200, { Successful, Failed });
    }
    if (operation === "ReceiveMessage") {
      const max = Number(input.MaxNumberOfMessages ?? 1);
      if (max < 1 || max > 10) return batchError("MaxNumberOfMessages must be 1 to 10");
      const now = Date.now();
      const visible = messages.filter((m) => m.visibleAt <= now).slice(0, max);
      for (const m of visible) {
        m.receiveCount += 1;
        m.visibleAt = now + visibilityTimeoutMs;
        m.receipt = randomUUID();
      }
      return reply(res, 200, {
        Messages: visible.map((m) => ({
          MessageId: m.messageId,
          ReceiptHandle: m.receipt,
          MD5OfBody: md5(m.body),
          Body: m.body,
        })),
      });
    }
    if (operation === "DeleteMessageBatch") {
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of entries) {
        const index = messages.findIndex((m) => m.receipt === entry.ReceiptHandle);
        if (index < 0) {
          Failed.push({
            Id: entry.Id,
            SenderFault: true,
            Code: "ReceiptHandleIsInvalid",
            Message: "unknown",
          });
          continue;
        }
        messages.splice(index, 1);
        Successful.push({ Id: entry.Id });
      }
      return reply(res, 200, { Successful, Failed });
    }
    return reply(res, 400, { __type: "com.amazonaws.sqs#UnsupportedOperation", message: operation });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  queueUrl = `${endpoint}/000000000000/rebound-test-dead-letters`;

  return {
    endpoint,
    queueUrl,
    messages,
    operations,
    enqueue: (...more) => void steps.push(...more),
    failSends: (code, times) => {
      sendFailures = { code, remaining: times };
    },
    expireVisibility() {
      for (const m of messages) m.visibleAt = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        steps = [];
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
