import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { createEventBridgeClient, createEventBridgePublisher } from "../src/events/eventbridge";
import { touched } from "./support/lead-events";

describe("EventBridge client bounds", () => {
  it("a frozen EventBridge fails the publish after the request timeout (retryable), instead of hanging", async () => {
    // Prepare: accepts connections, never answers
    const sockets = new Set<Socket>();
    const server = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    const publisher = createEventBridgePublisher({
      client: createEventBridgeClient({
        endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
        requestTimeoutMs: 200,
      }),
      eventBusName: "rebound-test",
      maxAttempts: 2,
      sleep: async () => {},
    });
    try {
      // Act
      const result = await publisher.publish([touched("a", 1)]);
      // Assess: reported for a later retry (the stream redelivers), not lost, not hung
      expect(result.published).toEqual([]);
      expect(result.failed).toEqual([
        expect.objectContaining({ eventId: "a-v1", kind: "exhausted", code: "TimeoutError", attempts: 2 }),
      ]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server.close(done));
    }
  });
});
