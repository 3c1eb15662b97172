import { randomBytes } from "node:crypto";
import type { Clock } from "./clock";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Generates ids; injected so tests can predict or control them. */
export interface IdGenerator {
  /** A ULID: 26 chars, sorts by creation time, so sort keys built from it are time-ordered. */
  next(): string;
}

function encodeTime(ms: number): string {
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Buffer): string {
  // 80 random bits → 16 Crockford chars (5 bits each).
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = "";
  for (let i = 0; i < 16; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

/** The shape of every id this service mints (lead, hand-off, appointment, event ids). */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * ULIDs from the given clock. Within one millisecond the random part is incremented
 * (monotonic ULID), so ids made by one process in a burst keep their order.
 */
export function ulidGenerator(clock: Clock): IdGenerator {
  let lastMs = -1;
  let lastRandom = Buffer.alloc(10);
  return {
    next() {
      const ms = clock.now().getTime();
      if (ms === lastMs) {
        lastRandom = Buffer.from(lastRandom);
        for (let i = lastRandom.length - 1; i >= 0; i--) {
          lastRandom[i] = (lastRandom[i]! + 1) & 0xff;
          if (lastRandom[i] !== 0) break;
        }
      } else {
        lastMs = ms;
        lastRandom = randomBytes(10);
      }
      return encodeTime(ms) + encodeRandom(lastRandom);
    },
  };
}

/** Random URL-safe token (API key secrets, key ids). */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}
