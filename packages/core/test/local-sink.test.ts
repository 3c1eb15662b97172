import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LeadEvent } from "../src/events/envelope";
import { createLocalEventSink, InvalidCursorError } from "../src/events/local-sink";
import { touched } from "./support/lead-events";

const ids = (page: { events: Array<{ event: { eventId: string } }> }) =>
  page.events.map((e) => e.event.eventId);

describe("local event sink (in memory)", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it("pages through published events with cursors, oldest first", async () => {
    // Prepare
    const sink = createLocalEventSink();
    await sink.publish([touched("a", 1), touched("b", 1), touched("a", 2)]);
    // Act
    const first = await sink.list(undefined, 2);
    const second = await sink.list(first.nextCursor, 2);
    const third = await sink.list(second.nextCursor, 2);
    // Assess
    expect(ids(first)).toEqual(["a-v1", "b-v1"]);
    expect(ids(second)).toEqual(["a-v2"]);
    expect(third).toEqual({ events: [], nextCursor: second.nextCursor, gap: false });
  });

  it("keeps only `capacity` events and flags the gap to a reader that fell behind", async () => {
    // Prepare
    const sink = createLocalEventSink({ capacity: 3 });
    await sink.publish([touched("a", 1)]);
    const behind = (await sink.list()).nextCursor;
    await sink.publish([touched("a", 2), touched("a", 3), touched("a", 4), touched("a", 5)]);
    // Act
    const page = await sink.list(behind);
    // Assess
    expect(ids(page)).toEqual(["a-v3", "a-v4", "a-v5"]);
    expect(page.gap).toBe(true);
    const fresh = await sink.list();
    expect(ids(fresh)).toEqual(["a-v3", "a-v4", "a-v5"]);
    expect(fresh.gap).toBe(true); // a first page too: a-v1 and a-v2 were dropped
  });

  it("treats a cursor from another process as a restart: everything held, with a gap", async () => {
    // Prepare
    const before = createLocalEventSink();
    await before.publish([touched("a", 1)]);
    const oldCursor = (await before.list()).nextCursor;
    const after = createLocalEventSink();
    await after.publish([touched("b", 1)]);
    // Act
    const page = await after.list(oldCursor);
    // Assess
    expect(ids(page)).toEqual(["b-v1"]);
    expect(page.gap).toBe(true);
  });

  it("rejects cursors it never issued", async () => {
    // Prepare
    const sink = createLocalEventSink();
    await sink.publish([touched("a", 1)]);
    const [epoch] = (await sink.list()).nextCursor.split(".");
    // Act + Assess
    await expect(sink.list("not-a-cursor")).rejects.toThrowError(InvalidCursorError);
    await expect(sink.list(`${epoch}.99`)).rejects.toThrowError(InvalidCursorError);
  });

  it("appends each event as a JSON line, in per-lead version order", async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), "rebound-sink-"));
    dirs.push(dir);
    const file = join(dir, "nested", "events.jsonl");
    const sink = createLocalEventSink({ file });
    // Act
    const result = await sink.publish([touched("a", 2), touched("a", 1)]);
    await sink.publish([touched("b", 1)]);
    // Assess
    const lines = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).eventId);
    expect(lines).toEqual(["a-v1", "a-v2", "b-v1"]);
    expect(result.published).toEqual(["a-v1", "a-v2"]);
  });

  it("reports events as failed, and does not list them, when the file cannot be written", async () => {
    // Prepare: the file's parent is a regular file, so appending fails
    const dir = await mkdtemp(join(tmpdir(), "rebound-sink-"));
    dirs.push(dir);
    await writeFile(join(dir, "blocker"), "");
    const sink = createLocalEventSink({ file: join(dir, "blocker", "events.jsonl") });
    // Act
    const result = await sink.publish([touched("a", 1)]);
    // Assess
    expect(result.published).toEqual([]);
    expect(result.failed).toEqual([expect.objectContaining({ eventId: "a-v1", code: "SinkWriteFailed" })]);
    expect((await sink.list()).events).toEqual([]);
  });
});

describe("local event sink and erasure", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  /** A touch whose UTM content carries the person's email, as some campaigns' links do. */
  const personal = (leadId: string, version: number): LeadEvent => ({
    ...touched(leadId, version),
    why: "Ada Lovelace came back",
    data: { source: { type: "form", id: "contact-us", utm: { content: "ada@example.com" } }, merged: true },
  });
  const erased = (leadId: string, version: number): LeadEvent => ({
    ...touched(leadId, version),
    eventId: `${leadId}-erased`,
    type: "lead.erased",
    data: {},
  });

  it("on lead.erased, keeps that lead's earlier events only in their anonymous form in memory (no file)", async () => {
    const sink = createLocalEventSink();
    await sink.publish([personal("ada", 1), personal("bob", 1)]);
    await sink.publish([erased("ada", 2)]);
    const held = (await sink.list()).events.map((e) => e.event);
    expect(held.map((e) => e.eventId)).toEqual(["ada-v1", "bob-v1", "ada-erased"]);
    expect(JSON.stringify(held.filter((e) => e.leadId === "ada"))).not.toMatch(/ada@example|Lovelace/);
    expect(held[1]).toEqual(personal("bob", 1));
  });

  it("on lead.erased, keeps that lead's earlier events only in their anonymous form in the file (rewritten whole), cursors still valid", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sink-erase-"));
    dirs.push(dir);
    const file = join(dir, "events.jsonl");
    const sink = createLocalEventSink({ file });
    await sink.publish([personal("ada", 1), personal("bob", 1)]);
    await sink.publish([personal("ada", 2)]);
    const cursor = (await sink.list(undefined, 2)).nextCursor;
    await sink.publish([erased("ada", 3)]);
    const held = (await sink.list()).events.map((e) => e.event);
    expect(JSON.stringify(held.filter((e) => e.leadId === "ada"))).not.toMatch(/ada@example|Lovelace/);
    expect(held.map((e) => e.eventId)).toEqual(["ada-v1", "bob-v1", "ada-v2", "ada-erased"]);
    // Another lead's events are untouched.
    expect(held.find((e) => e.leadId === "bob")).toEqual(personal("bob", 1));
    const lines = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as LeadEvent);
    expect(lines.map((e) => e.eventId)).toEqual(["ada-v1", "bob-v1", "ada-v2", "ada-erased"]);
    expect(JSON.stringify(lines.filter((e) => e.leadId === "ada"))).not.toMatch(/ada@example|Lovelace/);
    expect(lines[1]).toEqual(personal("bob", 1));
    expect(lines[0]!.data).toEqual({ source: { type: "form", id: "contact-us" }, merged: true });
    // Appends after the rewrite go on as before, and a cursor from before the rewrite (its
    // first line changed) continues where it stopped, in this process and after a restart.
    await sink.publish([touched("cy", 1)]);
    expect((await readFile(file, "utf8")).trim().split("\n")).toHaveLength(5);
    for (const reader of [sink, createLocalEventSink({ file })]) {
      const page = await reader.list(cursor);
      expect(page.gap).toBe(false);
      expect(page.events.map((e) => e.event.eventId)).toEqual(["ada-v2", "ada-erased", "cy-v1"]);
    }
  });

  it("reports the erasure undelivered when the file cannot be rewritten, so the forwarder redelivers it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sink-erase-fail-"));
    dirs.push(dir);
    const file = join(dir, "events.jsonl");
    const sink = createLocalEventSink({ file });
    await sink.publish([personal("ada", 1)]);
    // A directory where the temporary file should go makes the rewrite fail.
    await mkdir(`${file}.${process.pid}.tmp`);
    const result = await sink.publish([erased("ada", 2)]);
    expect(result.published).toEqual([]);
    expect(result.failed.map((f) => [f.eventId, f.code])).toEqual([["ada-erased", "SinkRedactFailed"]]);
    await rm(`${file}.${process.pid}.tmp`, { recursive: true });
    expect((await sink.publish([erased("ada", 2)])).published).toEqual(["ada-erased"]);
    expect(await readFile(file, "utf8")).not.toContain("ada@example");
  });
});
