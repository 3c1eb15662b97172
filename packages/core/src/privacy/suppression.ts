import { createHmac } from "node:crypto";

/**
 * The suppression list's key for an address: HMAC-SHA256 of the normalized email with a
 * secret of the stage. An erased person's address must be recognisable when it comes back,
 * but the list itself must not be a list of addresses: a plain hash of an email is reversed
 * by hashing candidate addresses, a keyed one is not without the secret. The secret is never
 * rotated (a new one would forget every suppressed address); keep it like the table's data.
 */
export function suppressionHash(secret: string, normalizedEmail: string): string {
  return createHmac("sha256", secret).update(normalizedEmail).digest("base64url");
}
