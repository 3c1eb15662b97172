import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { mapLimit } from "../kernel/pool";
import { regionFor } from "../kernel/region";
import { backoffDelay, realSleep, retryLimits } from "../kernel/retry";
import type { LeadEvent } from "./envelope";
import { entrySize, maxEntriesPerRequest, maxRequestBytes, packRequests, toEntry } from "./eventbridge-entry";
import {
  type EventPublisher,
  orderByLeadVersion,
  type PublishFailure,
  type PublishResult,
} from "./publisher";
import { type Attempt, classifyEntryError, classifyRequestError } from "./retry";

export interface EventBridgeClientOptions {
  region?: string;
  /** Set for a local or fake endpoint; absent in AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  requestTimeoutMs?: number;
}

/**
 * The client this publisher is meant to be used with. `maxAttempts: 1` turns the SDK's own
 * retry off on purpose: PutEvents reports most failures per entry inside an HTTP 200, which
 * the SDK never retries, so the publisher needs its own loop anyway; leaving the SDK's on
 * as well would multiply attempts (3 SDK tries × ours), stretch the delays past the
 * forwarder's time budget, and resend entries that already succeeded in no documented way.
 * One retry layer, whose attempts and delays we count and test, is the one that decides.
 */
export function createEventBridgeClient(options: EventBridgeClientOptions = {}): EventBridgeClient {
  return new EventBridgeClient({
    ...regionFor(options),
    maxAttempts: 1,
    // throwOnRequestTimeout: without it the SDK only logs a warning when requestTimeout passes
    // and keeps waiting; with it, a frozen EventBridge is a retryable failure after 5 s.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 5_000,
      connectionTimeout: 2_000,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

export interface EventBridgePublisherOptions {
  /** Created with createEventBridgeClient (SDK retries off); see there for why. */
  client: Pick<EventBridgeClient, "send">;
  eventBusName: string;
  /** The `source` of every entry. */
  source?: string;
  /** Sends per event, first one included, before it is reported `exhausted`. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** PutEvents requests in flight at once within a round. */
  concurrency?: number;
  maxEntriesPerRequest?: number;
  /** Per-entry and per-request byte limit (EventBridge's 256 KiB unless configured). */
  maxRequestBytes?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

interface Pending {
  event: LeadEvent;
  entry: PutEventsRequestEntry;
  size: number;
  attempts: number;
  /** Set when the event can never be sent as is; reported when it reaches its lead's head. */
  unsendable?: { code: string; message: string };
}

/**
 * Publishes LeadEvents to an EventBridge bus with PutEvents.
 *
 * Ordering rule: within one `publish` call, events of a lead are sent in `version` order and
 * an event is sent only after every earlier event of its lead has been accepted. So a
 * request carries at most one event per lead, and the call proceeds in rounds: each round
 * sends the oldest unpublished event of every lead (packed ≤10 entries and ≤256 KiB per
 * request), then retries what failed transiently after a full-jitter backoff. If an event
 * fails for good (rejected, or attempts exhausted), the lead's later events are not sent and
 * are reported `blocked`: they never overtake it. Leads do not wait on each other except
 * for the shared backoff pause between rounds. EventBridge itself does not promise delivery
 * order to targets, so consumers still order by `version`; this rule keeps the publisher
 * from being the source of disorder, and keeps gaps visible (a blocked tail, not a hole).
 */
export function createEventBridgePublisher(options: EventBridgePublisherOptions): EventPublisher {
  const entryOptions = { source: options.source ?? "rebound", eventBusName: options.eventBusName };
  const limits = retryLimits.eventPublish;
  const maxAttempts = Math.max(1, options.maxAttempts ?? limits.attempts);
  const byteLimit = options.maxRequestBytes ?? maxRequestBytes;
  const entryLimit = Math.min(options.maxEntriesPerRequest ?? maxEntriesPerRequest, maxEntriesPerRequest);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const baseDelayMs = options.baseDelayMs ?? limits.baseMs;
  const maxDelayMs = options.maxDelayMs ?? limits.capMs;
  const sleep = options.sleep ?? realSleep;

  /**
   * Builds the entry and checks what would fail on every attempt, so such an event is
   * rejected alone instead of failing (and being retried with) the whole request it joins:
   * a time the SDK cannot serialise, data JSON cannot encode, an entry over the size limit.
   */
  function prepare(event: LeadEvent): Pending {
    let entry: PutEventsRequestEntry;
    try {
      entry = toEntry(event, entryOptions);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        event,
        entry: {},
        size: 0,
        attempts: 0,
        unsendable: { code: "InvalidEvent", message: `cannot encode detail: ${message}` },
      };
    }
    const size = entrySize(entry);
    const pending: Pending = { event, entry, size, attempts: 0 };
    if (Number.isNaN(entry.Time?.getTime()))
      pending.unsendable = { code: "InvalidEvent", message: `\`at\` is not a date: ${event.at}` };
    else if (size > byteLimit)
      pending.unsendable = {
        code: "EntryTooLarge",
        message: `entry is ${size} bytes; the limit is ${byteLimit}`,
      };
    return pending;
  }

  async function send(batch: Pending[]): Promise<Attempt[]> {
    try {
      const output = await options.client.send(new PutEventsCommand({ Entries: batch.map((p) => p.entry) }));
      // Results are positional: Entries[i] answers request entry i.
      return batch.map((_, i): Attempt => {
        const result = output.Entries?.[i];
        if (result?.ErrorCode) return classifyEntryError(result.ErrorCode, result.ErrorMessage);
        if (result?.EventId) return { outcome: "published", eventBridgeId: result.EventId };
        return {
          outcome: "retry",
          code: "MissingResult",
          message: "PutEvents returned no result for this entry",
        };
      });
    } catch (error) {
      const attempt = classifyRequestError(error);
      return batch.map(() => attempt);
    }
  }

  return {
    async publish(events) {
      const published: string[] = [];
      const failed: PublishFailure[] = [];
      const queues = new Map<string, Pending[]>();
      for (const event of orderByLeadVersion(events)) {
        const pending = prepare(event);
        const queue = queues.get(event.leadId);
        if (queue) queue.push(pending);
        else queues.set(event.leadId, [pending]);
      }

      // Reports the head as failed and everything behind it as blocked by it.
      const giveUp = (queue: Pending[], failure: Omit<PublishFailure, "eventId" | "leadId" | "attempts">) => {
        const [head, ...rest] = queue;
        failed.push({
          eventId: head!.event.eventId,
          leadId: head!.event.leadId,
          attempts: head!.attempts,
          ...failure,
        });
        for (const p of rest) {
          failed.push({
            eventId: p.event.eventId,
            leadId: p.event.leadId,
            attempts: p.attempts,
            kind: "blocked",
            code: "Blocked",
            message: `not sent: earlier event ${head!.event.eventId} of this lead was not published`,
            blockedBy: head!.event.eventId,
          });
        }
        queues.delete(head!.event.leadId);
      };

      while (queues.size > 0) {
        const heads: Pending[] = [];
        for (const queue of [...queues.values()]) {
          const head = queue[0]!;
          if (head.unsendable) giveUp(queue, { kind: "rejected", ...head.unsendable });
          else heads.push(head);
        }
        const requests = packRequests(heads, entryLimit, byteLimit);
        const attempts = await mapLimit(requests, concurrency, send);

        let retryAfter = 0;
        requests.forEach((batch, r) => {
          batch.forEach((pending, i) => {
            const attempt = attempts[r]![i]!;
            const queue = queues.get(pending.event.leadId)!;
            pending.attempts += 1;
            if (attempt.outcome === "published") {
              published.push(pending.event.eventId);
              queue.shift();
              if (queue.length === 0) queues.delete(pending.event.leadId);
            } else if (attempt.outcome === "reject") {
              giveUp(queue, { kind: "rejected", code: attempt.code, message: attempt.message });
            } else if (pending.attempts >= maxAttempts) {
              giveUp(queue, { kind: "exhausted", code: attempt.code, message: attempt.message });
            } else {
              retryAfter = Math.max(retryAfter, pending.attempts);
            }
          });
        });
        // The pause before a round follows the most-tried event in it (retry n−1 after n sends).
        if (retryAfter > 0)
          await sleep(backoffDelay(retryAfter - 1, baseDelayMs, maxDelayMs, options.random));
      }
      return { published, failed } satisfies PublishResult;
    },
  };
}
