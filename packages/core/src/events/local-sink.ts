import { createHash } from "node:crypto";
import { closeSync, existsSync, ftruncateSync, openSync, readSync, statSync } from "node:fs";
import { appendFile, mkdir, open, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import type { LeadEvent } from "./envelope";
import { type EventPublisher, orderByLeadVersion, type PublishResult } from "./publisher";

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
      return { published: ordered.map((e) => e.eventId), failed: [] };
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

/** A short hash of the first event's line (its trailing newlines ignored). */
function historyId(firstLine: Buffer): string {
  return createHash("sha256").update(firstLine.toString("utf8").trimEnd()).digest("hex").slice(0, 6);
}
