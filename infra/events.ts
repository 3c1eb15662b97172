import { eventDeadLetters } from "./dead-letters";
import { streamReader } from "./stream";

/**
 * The outbox relay: timeline records appear on the table stream and the forwarder
 * publishes them to the bus. Timeline records are append-only, so only INSERTs matter.
 * Events the bus rejects for good go to EventDeadLetters (infra/dead-letters.ts); stream
 * batches the forwarder gave up on (after retries) go to ForwarderDeadLetters, kept for replay by hand.
 */
const { reader, deadLetters } = streamReader("Forwarder", {
  handler: "packages/functions/src/events/forwarder.handler",
  filters: [{ eventName: ["INSERT"] }],
  sendsTo: [eventDeadLetters.arn],
});
export const forwarder = reader;
export const forwarderDeadLetters = deadLetters;
