import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LeadEvent } from "../src/events/envelope";
import { createLocalEventSink, type LocalEventSink } from "../src/events/local-sink";
import { touched } from "./support/lead-events";

const ids = (page: { events: Array<{ event: { eventId: string } }> }) =>
  page.events.map((e) => e.event.eventId);
const newFile = () => join(mkdtempSync(join(tmpdir(), "rebound-sink-file-")), "events.jsonl");

/** Follows `next` from `cursor` until a page comes back empty; returns every id seen and any gap. */
async function drain(sink: LocalEventSink, cursor: string | undefined, limit: number) {
  const seen: string[] = [];
  let gap = false;
  for (;;) {
    const page = await sink.list(cursor, limit);
    gap ||= page.gap;
    seen.push(...ids(page));
    cursor = page.nextCursor;
    if (page.events.length === 0) return { seen, gap, cursor };
  }
}

describe("local event sink backed by .data/events.jsonl", () => {
  it("a first page after a restart starts at the oldest event in the file, with no gap", async () => {
    // Prepare: one process published, then stopped
    const file = newFile();
    await createLocalEventSink({ file }).publish([touched("a", 1), touched("b", 1)]);
    // Act: the next process reads
    const page = await createLocalEventSink({ file }).list();
    // Assess
    expect(ids(page)).toEqual(["a-v1", "b-v1"]);
    expect(page.gap).toBe(false);
  });

  it("a cursor from before a restart continues exactly where it stopped", async () => {
    // Prepare
    const file = newFile();
    const before = createLocalEventSink({ file });
    await before.publish([touched("a", 1), touched("a", 2)]);
    const cursor = (await before.list(undefined, 1)).nextCursor;
    // Act
    const after = createLocalEventSink({ file });
    await after.publish([touched("b", 1)]);
    const page = await after.list(cursor);
    // Assess
    expect(ids(page)).toEqual(["a-v2", "b-v1"]);
    expect(page.gap).toBe(false);
    expect(page.events[0]!.cursor).toBe((await before.list(undefined, 2)).events[1]!.cursor);
  });

  it("cuts off a line a crash left half-written, and appends after it on a line of its own", async () => {
    // Prepare: a whole event, then the first bytes of another (never acknowledged)
    const file = newFile();
    writeFileSync(
      file,
      `${JSON.stringify(touched("a", 1))}\n${JSON.stringify(touched("a", 2)).slice(0, 40)}`,
    );
    // Act
    const sink = createLocalEventSink({ file });
    await sink.publish([touched("a", 2)]);
    // Assess
    expect(ids(await sink.list())).toEqual(["a-v1", "a-v2"]);
    expect(
      readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).eventId),
    ).toEqual(["a-v1", "a-v2"]);
  });

  it("answers a cursor from a file that was since replaced from the start, with gap: true", async () => {
    // Prepare
    const file = newFile();
    const old = createLocalEventSink({ file });
    await old.publish([touched("a", 1), touched("a", 2)]);
    const cursor = (await old.list()).nextCursor;
    rmSync(file);
    const fresh = createLocalEventSink({ file });
    await fresh.publish([touched("z", 1)]);
    // Act
    const page = await fresh.list(cursor);
    // Assess
    expect(ids(page)).toEqual(["z-v1"]);
    expect(page.gap).toBe(true);
  });

  it("a cursor issued before anything was published fits whatever is published later", async () => {
    // Prepare
    const file = newFile();
    const empty = createLocalEventSink({ file });
    const cursor = (await empty.list()).nextCursor;
    await empty.publish([touched("a", 1)]);
    // Act
    const page = await createLocalEventSink({ file }).list(cursor);
    // Assess
    expect(ids(page)).toEqual(["a-v1"]);
    expect(page.gap).toBe(false);
  });

  it("names the file and line of an event it cannot read", async () => {
    // Prepare
    const file = newFile();
    writeFileSync(file, `${JSON.stringify(touched("a", 1))}\n{not json}\n`);
    // Act + Assess
    await expect(createLocalEventSink({ file }).list()).rejects.toThrow(`${file} line 2 is not a JSON event`);
  });

  it("pages see every event exactly once, in publish order, across restarts and any page size (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ events: fc.integer({ min: 0, max: 7 }), restart: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 5 }),
        async (steps, limit) => {
          // Prepare: an oracle of what was published, and a reader that keeps its cursor
          const file = newFile();
          const published: string[] = [];
          let sink = createLocalEventSink({ file });
          let cursor: string | undefined;
          const seen: string[] = [];
          let version = 0;
          // Act
          for (const step of steps) {
            const batch: LeadEvent[] = [];
            for (let i = 0; i < step.events; i++) batch.push(touched(`l${i % 3}`, ++version));
            await sink.publish(batch);
            published.push(...batch.map((e) => e.eventId));
            if (step.restart) sink = createLocalEventSink({ file });
            const read = await drain(sink, cursor, limit);
            expect(read.gap).toBe(false);
            seen.push(...read.seen);
            cursor = read.cursor;
          }
          // Assess
          expect(seen).toEqual(published);
          rmSync(file, { force: true });
        },
      ),
      { numRuns: 40 },
    );
  });

  it("keeps appends in order when publishes race", async () => {
    // Prepare
    const file = newFile();
    const sink = createLocalEventSink({ file });
    // Act
    await Promise.all(Array.from({ length: 20 }, (_, i) => sink.publish([touched(`r${i}`, 1)])));
    // Assess
    const fromFile = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).eventId);
    expect(ids(await sink.list(undefined, 100))).toEqual(fromFile);
    expect(new Set(fromFile).size).toBe(20);
  });
});
