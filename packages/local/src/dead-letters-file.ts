import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { DeadLetter, DeadLetterQueue } from "@rebound/functions/events";
import { writeFileAtomic } from "./atomic-file";

interface Line {
  id: string;
  letter: DeadLetter;
}

interface LineStore {
  read(): Line[];
  append(lines: Line[]): Promise<void>;
  replace(lines: Line[]): void;
}

/**
 * npm start's dead-letter queue: one JSON line per letter in `.data/dead-letters.jsonl` (in
 * memory with --in-memory), so a developer can read them with any editor and they survive
 * restarts. Like SQS, a received letter is hidden for `visibilityMs` and comes back unless
 * removed. Only this process writes the file: the replay script goes through the running
 * server's admin route.
 */
export function localDeadLetterQueue(file: string | undefined, visibilityMs = 30_000): DeadLetterQueue {
  const store = file ? fileLines(file) : memoryLines();
  const hiddenUntil = new Map<string, number>();
  // One operation at a time: a remove rewrites the file, which must not race an append.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T> | T): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    send: (letters) => serial(() => store.append(letters.map((letter) => ({ id: randomUUID(), letter })))),
    receive: (max) =>
      serial(() => {
        const now = Date.now();
        const visible = store
          .read()
          .filter((line) => (hiddenUntil.get(line.id) ?? 0) <= now)
          .slice(0, max);
        for (const line of visible) hiddenUntil.set(line.id, now + visibilityMs);
        return visible.map((line) => ({ letter: line.letter, receipt: line.id }));
      }),
    remove: (receipts) =>
      serial(() => {
        const gone = new Set(receipts);
        store.replace(store.read().filter((line) => !gone.has(line.id)));
        for (const id of receipts) hiddenUntil.delete(id);
      }),
  };
}

function memoryLines(): LineStore {
  let lines: Line[] = [];
  return {
    read: () => [...lines],
    append: async (more) => {
      lines.push(...more);
    },
    replace: (kept) => {
      lines = kept;
    },
  };
}

function fileLines(file: string): LineStore {
  const text = () => (existsSync(file) ? readFileSync(file, "utf8") : "");
  const serialise = (lines: Line[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join("");
  return {
    read() {
      const content = text();
      const lines = content.split("\n");
      // A last line without its newline is an append a crash cut short; it was never
      // acknowledged, so the forwarder sends that letter again. Anything else is damage.
      if (!content.endsWith("\n")) lines.pop();
      return lines.flatMap((line, i) => {
        if (line.trim() === "") return [];
        try {
          return [JSON.parse(line) as Line];
        } catch {
          throw new Error(`${file} line ${i + 1} is not a dead letter: fix or remove that line`);
        }
      });
    },
    async append(more) {
      mkdirSync(dirname(file), { recursive: true });
      const content = text();
      // Drop a torn last line first, or the next letter would be glued to it.
      if (content !== "" && !content.endsWith("\n"))
        writeFileAtomic(file, content.slice(0, content.lastIndexOf("\n") + 1));
      await appendFile(file, serialise(more), "utf8");
    },
    replace(kept) {
      writeFileAtomic(file, serialise(kept));
    },
  };
}
