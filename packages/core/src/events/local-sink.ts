import { appendFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { LeadEvent } from "./envelope";
import { type EventPublisher, orderByLeadVersion, type PublishResult } from "./publisher";
import { redactEvent } from "./redaction";

export interface LocalEventSinkOptions {
  /** Events kept in memory; the oldest are dropped first. */
  capacity?: number;
  /** Optional JSON-lines file every published event is appended to (survives restarts). */
  file?: string;
}

export interface SinkPage {
  events: Array<{ cursor: string; event: LeadEvent }>;
  /** Pass back as `afterCursor`; unchanged when there was nothing new. */
  nextCursor: string;
  /**
   * True when events between `afterCursor` and the first returned one are no longer held:
   * the ring overwrote them, or the process restarted since the cursor was issued.
   */
  gap: boolean;
}

/** A cursor this sink did not issue or cannot parse; the route maps it to a 400. */
export class InvalidCursorError extends Error {
  override readonly name = "InvalidCursorError";
  readonly code = "invalid_cursor";
  constructor(readonly cursor: string) {
    super(`invalid event cursor: ${cursor}`);
  }
}

export interface LocalEventSink extends EventPublisher {
  /** Events published after `afterCursor` (from the oldest held when absent), oldest first. */
  list(afterCursor?: string, limit?: number): SinkPage;
}

const maxPageSize = 1_000;

/**
 * Rewrites the JSON-lines file with the lead's events in their anonymous form: into a temporary
 * file beside it, then renamed over it, so a crash leaves either the old file or the new one,
 * never half of each. The whole file is rewritten: fine for a developer's sink, not a data store.
 */
async function redactFile(file: string, leadId: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const lines = text.split("\n").map((line) => {
    if (!line.includes(leadId)) return line;
    try {
      const event = JSON.parse(line) as LeadEvent;
      return event.leadId === leadId ? JSON.stringify(redactEvent(event)) : line;
    } catch {
      return line;
    }
  });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, lines.join("\n"), "utf8");
  await rename(temporary, file);
}

/**
 * The publisher `npm start` uses instead of EventBridge: events land in a bounded ring so a
 * developer can watch them at `GET /v1/events?cursor=`, and in a file if asked.
 *
 * A cursor is `<epoch>.<sequence>`: the sequence numbers events in publish order, and the
 * epoch (random per process) tells a cursor from before a restart, which would otherwise
 * point into a different, shorter history and silently skip events.
 */
export function createLocalEventSink(options: LocalEventSinkOptions = {}): LocalEventSink {
  const capacity = Math.max(1, Math.floor(options.capacity ?? 1_000));
  const epoch = Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, "0");
  const ring: Array<LeadEvent | undefined> = new Array(capacity);
  let nextSequence = 1;
  // File appends run one after another so the file has publish order even if publish is
  // called concurrently. The directory is made per write, not up front: an eager mkdir that
  // failed before the first publish would be an unhandled rejection.
  let fileQueue: Promise<unknown> = Promise.resolve();

  const cursorOf = (sequence: number) => `${epoch}.${sequence}`;
  const oldestHeld = () => Math.max(1, nextSequence - capacity);

  function parseCursor(cursor: string): { sameProcess: boolean; sequence: number } {
    const match = /^([0-9a-z]{6})\.(\d{1,15})$/.exec(cursor);
    if (!match) throw new InvalidCursorError(cursor);
    const sequence = Number(match[2]);
    if (match[1] !== epoch) return { sameProcess: false, sequence: 0 };
    if (sequence >= nextSequence) throw new InvalidCursorError(cursor); // a future this sink never issued
    return { sameProcess: true, sequence };
  }

  return {
    async publish(events): Promise<PublishResult> {
      const ordered = orderByLeadVersion(events);
      if (options.file && ordered.length > 0) {
        const lines = ordered.map((e) => `${JSON.stringify(e)}\n`).join("");
        const file = options.file;
        const write = fileQueue.then(async () => {
          await mkdir(dirname(file), { recursive: true });
          await appendFile(file, lines, "utf8");
        });
        fileQueue = write.catch(() => undefined);
        try {
          await write;
        } catch (error) {
          // Not held in memory either: the caller sees one consistent answer and may retry.
          const message = error instanceof Error ? error.message : String(error);
          return {
            published: [],
            failed: ordered.map((e) => ({
              eventId: e.eventId,
              leadId: e.leadId,
              kind: "exhausted",
              code: "SinkWriteFailed",
              message,
              attempts: 1,
            })),
          };
        }
      }
      for (const event of ordered) {
        ring[nextSequence % capacity] = event;
        nextSequence += 1;
      }
      // Like every consumer must, the sink honours an erasure: the lead's earlier events (which
      // per-lead ordering delivered before this one) are kept only in their anonymous form.
      const failed: PublishResult["failed"] = [];
      for (const erased of ordered.filter((e) => e.type === "lead.erased")) {
        for (let i = 0; i < capacity; i++) {
          const held = ring[i];
          if (held?.leadId === erased.leadId) ring[i] = redactEvent(held);
        }
        if (!options.file) continue;
        const file = options.file;
        const rewrite = fileQueue.then(() => redactFile(file, erased.leadId));
        fileQueue = rewrite.catch(() => undefined);
        try {
          await rewrite;
        } catch (error) {
          // Reported as not delivered, so the forwarder redelivers it and the rewrite is tried
          // again (consumers deduplicate the repeated event on eventId).
          failed.push({
            eventId: erased.eventId,
            leadId: erased.leadId,
            kind: "exhausted",
            code: "SinkRedactFailed",
            message: error instanceof Error ? error.message : String(error),
            attempts: 1,
          });
        }
      }
      const failedIds = new Set(failed.map((f) => f.eventId));
      return { published: ordered.map((e) => e.eventId).filter((id) => !failedIds.has(id)), failed };
    },

    list(afterCursor, limit = 100) {
      const size = Math.min(maxPageSize, Math.max(1, Math.floor(limit)));
      const after = afterCursor === undefined ? { sameProcess: true, sequence: 0 } : parseCursor(afterCursor);
      const first = Math.max(after.sequence + 1, oldestHeld());
      const last = Math.min(nextSequence - 1, first + size - 1);
      const page: SinkPage["events"] = [];
      for (let sequence = first; sequence <= last; sequence += 1)
        page.push({ cursor: cursorOf(sequence), event: ring[sequence % capacity]! });
      const gap = afterCursor !== undefined && (!after.sameProcess || first > after.sequence + 1);
      return {
        events: page,
        nextCursor: cursorOf(page.length > 0 ? last : Math.max(after.sequence, first - 1)),
        gap,
      };
    },
  };
}
