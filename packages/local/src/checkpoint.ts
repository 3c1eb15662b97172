import { existsSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "./atomic-file";

/** Last forwarded sequence number per stream shard. */
export type Checkpoints = Record<string, string>;

/** A checkpoint file the poller cannot trust; the message names the file and what to do. */
export class CheckpointError extends Error {
  override readonly name = "CheckpointError";
}

const remedy =
  "Delete it to forward again from the oldest record the stream still holds (some events are then delivered twice; consumers deduplicate on eventId).";

/**
 * Reads the stream checkpoint. A missing file means "from the start"; an empty, unparsable
 * or misshapen one is refused rather than guessed at: starting from the wrong place would
 * silently skip events or replay the whole stream.
 */
export function readCheckpoint(file: string): Checkpoints {
  if (!existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CheckpointError(`Cannot read the stream checkpoint ${file}: ${(error as Error).message}`);
  }
  if (text.trim() === "") throw new CheckpointError(`The stream checkpoint ${file} is empty. ${remedy}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(
      `The stream checkpoint ${file} is not valid JSON (${(error as Error).message}). ${remedy}`,
    );
  }
  const valid =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === "string" && /^\d+$/.test(v));
  if (!valid)
    throw new CheckpointError(
      `The stream checkpoint ${file} does not map shard ids to sequence numbers. ${remedy}`,
    );
  return parsed as Checkpoints;
}

/** Saves the checkpoint atomically: a crash mid-write leaves the previous checkpoint intact. */
export function writeCheckpoint(file: string, checkpoints: Checkpoints): void {
  writeFileAtomic(file, JSON.stringify(checkpoints));
}
