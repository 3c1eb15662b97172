import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../src/atomic-file";
import { CheckpointError, readCheckpoint, writeCheckpoint } from "../src/checkpoint";

const dir = () => mkdtempSync(join(tmpdir(), "rebound-checkpoint-"));

describe("stream checkpoint file", () => {
  it("reads what it wrote; a missing file means from the start", () => {
    // Prepare
    const file = join(dir(), "nested", "stream-checkpoint.json");
    // Act + Assess
    expect(readCheckpoint(file)).toEqual({});
    writeCheckpoint(file, { "shardId-1": "100", "shardId-2": "2000" });
    expect(readCheckpoint(file)).toEqual({ "shardId-1": "100", "shardId-2": "2000" });
    expect(readdirSync(join(file, ".."))).toEqual(["stream-checkpoint.json"]); // no temp file left
  });

  it.each([
    ["empty", "  \n", "is empty"],
    ["not JSON", '{"shardId-1": "10', "is not valid JSON"],
    ["an array", '["10"]', "does not map shard ids to sequence numbers"],
    ["a non-numeric position", '{"shardId-1": "latest"}', "does not map shard ids to sequence numbers"],
  ])("refuses a file that is %s, naming it and the remedy", (_what, content, message) => {
    // Prepare
    const file = join(dir(), "stream-checkpoint.json");
    writeFileSync(file, content);
    // Act + Assess
    expect(() => readCheckpoint(file)).toThrowError(CheckpointError);
    expect(() => readCheckpoint(file)).toThrowError(`${file} ${message}`);
    expect(() => readCheckpoint(file)).toThrowError(/Delete it to forward again/);
  });

  it("a write that fails leaves the previous content whole", () => {
    // Prepare: the temporary file's name is taken by a directory, so the write fails.
    const d = dir();
    const file = join(d, "stream-checkpoint.json");
    writeCheckpoint(file, { "shardId-1": "100" });
    mkdirSync(join(d, `.stream-checkpoint.json.${process.pid}.tmp`));
    // Act
    expect(() => writeFileAtomic(file, '{"shardId-1": "200"}')).toThrow();
    // Assess
    expect(readFileSync(file, "utf8")).toBe('{"shardId-1":"100"}');
  });
});
