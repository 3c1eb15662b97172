import { createHash } from "node:crypto";
import { closeSync, existsSync, ftruncateSync, openSync, readSync, statSync } from "node:fs";
import { appendFile, mkdir, open, readFile, rename, truncate, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { LeadEvent } from "./envelope";
import { type EventPublisher, orderByLeadVersion, type PublishResult } from "./publisher";
import { redactEvent } from "./redaction";

export interface LocalEventSinkOptions {
  /** Without a file: events kept in memory; the oldest are dropped first. */
  capacity?: number;
  /** JSON-lines file every published event is appended to; when set, pages are read from it. */
  file?: string;
}

export interface SinkPage {
  events: Array<{ cursor: string; event: LeadEvent }>;
  /** Pass back as `afterCursor`; unchanged when there was nothing new. */
  nextCursor: string;
  /**
   * True when events older than the first returned one, and newer than `afterCursor` (or
   * than nothing, on a first page), are no longer held: the in-memory ring overwrote them, a
   * memory-only sink restarted, or the file the cursor came from was replaced.
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
  list(afterCursor?: string, limit?: number): Promise<SinkPage>;
}

const maxPageSize = 1_000;
/** The history id of a file with no events yet: any cursor at sequence 0 fits every history. */
const EMPTY = "000000";

/** Storage behind the sink: the events in publish order, numbered from 1. */
interface History {
  /** Names this history in cursors, so a cursor from another one is recognised. */
  id(): string;
  /** Sequence number of the newest event (0 when none). */
  last(): number;
  /** Sequence number of the oldest event still held. */
  oldest(): number;
  append(events: LeadEvent[]): Promise<void>;
  read(first: number, last: number): Promise<LeadEvent[]>;
  /** Keeps the lead's events only in their anonymous form (same count, same sequence numbers). */
  redact(leadId: string): Promise<void>;
}

/**
 * The publisher `npm start` uses instead of EventBridge, readable at `GET /v1/events?cursor=`.
 *
 * With a file (npm start), the file is the history: every event is one JSON line, pages are
 * read from it, and a cursor `<history>.<line>` stays valid across restarts. `<history>` is
 * derived from the file's first line, so a cursor from a file that was since deleted or
 * replaced is recognised (and answered from the start, with `gap: true`).
 *
 * Without a file (--in-memory, tests), events live in a bounded ring; `<history>` is random
 * per process, since a restart starts an empty history.
 */
export function createLocalEventSink(options: LocalEventSinkOptions = {}): LocalEventSink {
  const history = options.file ? fileHistory(options.file) : ringHistory(options.capacity ?? 1_000);

  function parseCursor(cursor: string): { sequence: number; foreign: boolean } {
    const match = /^([0-9a-z]{6})\.(\d{1,15})$/.exec(cursor);
    if (!match) throw new InvalidCursorError(cursor);
    const sequence = Number(match[2]);
    // Sequence 0 is "before the first event" of any history: nothing can have been missed.
    if (sequence === 0) return { sequence, foreign: false };
    if (match[1] !== history.id()) return { sequence: 0, foreign: true };
    if (sequence > history.last()) throw new InvalidCursorError(cursor); // a future this sink never issued
    return { sequence, foreign: false };
  }

  return {
    async publish(events): Promise<PublishResult> {
      const ordered = orderByLeadVersion(events);
      if (ordered.length === 0) return { published: [], failed: [] };
      try {
        await history.append(ordered);
      } catch (error) {
        // Not held either: the caller sees one consistent answer and may retry.
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
      // Like every consumer must, the sink honours an erasure: the lead's earlier events (which
      // per-lead ordering delivered before this one) are kept only in their anonymous form.
      const failed: PublishResult["failed"] = [];
      for (const erased of ordered.filter((e) => e.type === "lead.erased")) {
        try {
          await history.redact(erased.leadId);
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

    async list(afterCursor, limit = 100) {
      const size = Math.min(maxPageSize, Math.max(1, Math.floor(limit)));
      const after = afterCursor === undefined ? { sequence: 0, foreign: false } : parseCursor(afterCursor);
      const newest = history.last();
      const first = Math.max(after.sequence + 1, history.oldest());
      const last = Math.min(newest, first + size - 1);
      const events = first <= last ? await history.read(first, last) : [];
      const id = history.id();
      return {
        events: events.map((event, i) => ({ cursor: `${id}.${first + i}`, event })),
        nextCursor: `${id}.${events.length > 0 ? last : Math.min(newest, Math.max(after.sequence, first - 1))}`,
        gap: after.foreign || first > after.sequence + 1,
      };
    },
  };
}

function ringHistory(capacity: number): History {
  const size = Math.max(1, Math.floor(capacity));
  const ring: Array<LeadEvent | undefined> = new Array(size);
  const epoch = Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, "0");
  let next = 1;
  return {
    id: () => epoch,
    last: () => next - 1,
    oldest: () => Math.max(1, next - size),
    async append(events) {
      for (const event of events) {
        ring[next % size] = event;
        next += 1;
      }
    },
    async read(first, last) {
      const out: LeadEvent[] = [];
      for (let sequence = first; sequence <= last; sequence += 1) out.push(ring[sequence % size]!);
      return out;
    },
    async redact(leadId) {
      for (let i = 0; i < size; i += 1) {
        const held = ring[i];
        if (held?.leadId === leadId) ring[i] = redactEvent(held);
      }
    },
  };
}

/**
 * Byte offsets of the file's lines, kept in memory (8 bytes per event) so a page is one
 * positioned read. On open, a last line without its newline is cut off: it is an append
 * that a crash interrupted, never acknowledged, and the forwarder delivers it again.
 */
function fileHistory(file: string): History {
  const starts: number[] = []; // starts[i] is where line i + 1 begins
  let end = 0;
  let id = EMPTY;
  if (existsSync(file)) {
    end = indexLines(file, starts);
    if (starts.length > 0) id = historyId(readRange(file, starts[0]!, starts[1] ?? end));
  }
  // Appends run one after another so the file keeps publish order under concurrent publishes.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    id: () => id,
    last: () => starts.length,
    oldest: () => 1,
    append(events) {
      const lines = events.map((e) => `${JSON.stringify(e)}\n`);
      const write = queue.then(async () => {
        await mkdir(dirname(file), { recursive: true });
        const text = lines.join("");
        try {
          await appendFile(file, text, "utf8");
        } catch (error) {
          // Drop whatever part of the batch did land, so the file stays whole lines we indexed.
          await truncate(file, end).catch(() => undefined);
          throw error;
        }
        for (const line of lines) {
          if (starts.length === 0) id = historyId(Buffer.from(line));
          starts.push(end);
          end += Buffer.byteLength(line);
        }
      });
      queue = write.catch(() => undefined);
      return write;
    },
    async read(first, last) {
      // After any rewrite in flight (an erasure moves the lines' offsets).
      await queue;
      const from = starts[first - 1]!;
      const to = last < starts.length ? starts[last]! : end;
      const handle = await open(file, "r");
      try {
        const buffer = Buffer.alloc(to - from);
        await handle.read(buffer, 0, buffer.length, from);
        return buffer
          .toString("utf8")
          .split("\n")
          .filter((line) => line !== "")
          .slice(0, last - first + 1)
          .map((line, i) => {
            try {
              return JSON.parse(line) as LeadEvent;
            } catch {
              throw new Error(`${file} line ${first + i} is not a JSON event: fix or remove that line`);
            }
          });
      } finally {
        await handle.close();
      }
    },
    /**
     * Rewrites the file with the lead's events in their anonymous form, into a temporary file
     * beside it renamed over it, so a crash leaves the old file or the new one, never half of
     * each; then indexes it again (one line per event still: sequence numbers and the history
     * id, which hashes the first event's id, stay). Whole-file: fine for a developer's sink.
     */
    redact(leadId) {
      const rewrite = queue.then(async () => {
        const lines = (await readFile(file, "utf8")).split("\n").map((line) => {
          if (!line.includes(leadId)) return line;
          const event = JSON.parse(line) as LeadEvent;
          return event.leadId === leadId ? JSON.stringify(redactEvent(event)) : line;
        });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, lines.join("\n"), "utf8");
        await rename(temporary, file);
        starts.length = 0;
        end = indexLines(file, starts);
      });
      queue = rewrite.catch(() => undefined);
      return rewrite;
    },
  };
}

/** Fills `starts` with each complete line's offset; truncates a torn last line; returns the end. */
function indexLines(file: string, starts: number[]): number {
  const fd = openSync(file, "r+");
  try {
    const size = statSync(file).size;
    const chunk = Buffer.alloc(1 << 20);
    let lineStart = 0;
    for (let position = 0; position < size; ) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) break;
      for (let i = 0; i < read; i += 1) {
        if (chunk[i] === 0x0a) {
          if (position + i > lineStart) starts.push(lineStart);
          lineStart = position + i + 1;
        }
      }
      position += read;
    }
    if (lineStart < size) ftruncateSync(fd, lineStart);
    return lineStart;
  } finally {
    closeSync(fd);
  }
}

function readRange(file: string, from: number, to: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(Math.max(0, to - from));
    readSync(fd, buffer, 0, buffer.length, from);
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/**
 * A short hash of the first event's id (of its whole line when that is not an event): an
 * erasure rewrites the line but keeps the event and its id, so cursors stay valid.
 */
function historyId(firstLine: Buffer): string {
  const line = firstLine.toString("utf8").trimEnd();
  let eventId: unknown;
  try {
    eventId = (JSON.parse(line) as { eventId?: unknown }).eventId;
  } catch {
    eventId = undefined;
  }
  const named = typeof eventId === "string" ? eventId : line;
  return createHash("sha256").update(named).digest("hex").slice(0, 6);
}
