import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sized, touched } from "../../core/test/support/lead-events";
import { createSqsClient, sqsDeadLetterQueue } from "../src/aws/sqs-dead-letters";
import { type DeadLetter, deadLetter, maxLetterBytes } from "../src/events/dead-letters";
import { type FakeSqs, startFakeSqs } from "./support/fake-sqs";

let sqs: FakeSqs;
beforeAll(async () => {
  sqs = await startFakeSqs();
});
afterAll(() => sqs.close());
beforeEach(() => {
  sqs.messages.length = 0;
  sqs.operations.length = 0;
});

// The real SDK client, pointed at the fake: serialisation, signing and MD5 checks run for real.
const queue = () =>
  sqsDeadLetterQueue({
    client: createSqsClient({
      endpoint: sqs.endpoint,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    }),
    queueUrl: sqs.queueUrl,
    waitSeconds: 0,
  });
const letter = (leadId: string, version: number): DeadLetter =>
  deadLetter(
    touched(leadId, version),
    { code: "MalformedDetail", message: "bad" },
    "2026-05-01T10:00:00.000Z",
    "forwarder",
  );

describe("SQS dead-letter queue (wire level, real SDK client)", () => {
  it("stores each letter as one message and gives it back whole", async () => {
    // Act
    await queue().send([letter("a", 1), letter("b", 1)]);
    const received = await queue().receive(10);
    // Assess
    expect(sqs.operations).toEqual(["SendMessageBatch", "ReceiveMessage"]);
    expect(received.map((r) => r.letter)).toEqual([letter("a", 1), letter("b", 1)]);
    expect(received[0]!.letter.event).toEqual(touched("a", 1));
    expect(received[0]!.letter.reason).toEqual({ code: "MalformedDetail", message: "bad" });
  });

  it("splits sends into batches SQS accepts: at most 10 entries and 256 KiB each", async () => {
    // Prepare: 25 letters, some near 100 KB
    const letters = Array.from({ length: 25 }, (_, i) =>
      deadLetter(
        sized(`l${i}`, 1, i % 5 === 0 ? 100_000 : 500),
        { code: "X", message: "y" },
        "t",
        "forwarder",
      ),
    );
    // Act
    await queue().send(letters);
    // Assess: the fake refuses any batch over the limits, so every letter arriving proves the split
    expect(sqs.messages).toHaveLength(25);
    expect(sqs.operations.length).toBeGreaterThanOrEqual(3);
  });

  it("a letter too large for SQS keeps the event's identity and reason, not its body", async () => {
    // Act
    const big = deadLetter(
      sized("big", 3, maxLetterBytes + 10),
      { code: "EntryTooLarge", message: "too big" },
      "t",
      "forwarder",
    );
    await queue().send([big]);
    const [received] = await queue().receive(1);
    // Assess
    expect(received!.letter.event).toBeUndefined();
    expect(received!.letter.eventRef).toEqual({
      eventId: "big-v3",
      leadId: "big",
      version: 3,
      type: "lead.touched",
    });
    expect(received!.letter.reason.message).toContain("event body not kept");
  });

  it("throws when SQS refuses any entry, naming the code (the caller retries the batch)", async () => {
    // Prepare
    sqs.failSends("InternalError", 1);
    // Act + Assess
    await expect(queue().send([letter("a", 1), letter("a", 2)])).rejects.toThrow(
      /SQS refused 1 of 2 dead letters: InternalError/,
    );
  });

  it("rides out a transient 500 with the SDK's bounded retries", async () => {
    // Prepare
    sqs.enqueue({ kind: "error", status: 500, type: "InternalError" });
    // Act
    await queue().send([letter("a", 1)]);
    // Assess
    expect(sqs.operations).toEqual(["SendMessageBatch", "SendMessageBatch"]);
    expect(sqs.messages).toHaveLength(1);
  });

  it("hides a received letter until removed; one not removed comes back after the visibility timeout", async () => {
    // Prepare
    await queue().send([letter("a", 1), letter("b", 1)]);
    const first = await queue().receive(10);
    // Act
    await queue().remove([first[0]!.receipt]);
    const whileHidden = await queue().receive(10);
    sqs.expireVisibility();
    const afterTimeout = await queue().receive(10);
    // Assess
    expect(whileHidden).toEqual([]);
    expect(afterTimeout.map((r) => r.letter.eventRef.eventId)).toEqual(["b-v1"]);
  });

  it("a message that is not a dead letter is reported, not replayed", async () => {
    // Prepare: something else wrote to the queue
    sqs.messages.push({ messageId: "m-1", body: "hello", receiveCount: 0, visibleAt: 0 });
    // Act
    const [received] = await queue().receive(1);
    // Assess
    expect(received!.letter.event).toBeUndefined();
    expect(received!.letter.reason.code).toBe("NotADeadLetter");
  });

  it("names a missing queue", async () => {
    // Act + Assess
    const wrong = sqsDeadLetterQueue({
      client: createSqsClient({
        endpoint: sqs.endpoint,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      }),
      queueUrl: `${sqs.endpoint}/000000000000/nope`,
    });
    await expect(wrong.send([letter("a", 1)])).rejects.toThrow(/specified queue does not exist/);
  });
});
