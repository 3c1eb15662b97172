import { createHmac, timingSafeEqual } from "node:crypto";

/** The header Typeform signs every webhook delivery with, when the webhook has a secret. */
export const TYPEFORM_SIGNATURE_HEADER = "Typeform-Signature";

export type SignatureCheck =
  | { ok: true }
  | {
      ok: false;
      /** `missing`: no header; `malformed`: not `sha256=<base64 of 32 bytes>`; `mismatch`: another body or secret. */
      reason: "missing" | "malformed" | "mismatch";
    };

/** Typeform's signature of a body: `sha256=` + base64 HMAC-SHA256 of the raw bytes, keyed with the webhook secret. */
export function typeformSignature(rawBody: Uint8Array | string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("base64")}`;
}

// 32 bytes of HMAC-SHA256 in standard base64: 43 characters and one '=' of padding.
const SIGNATURE = /^sha256=([A-Za-z0-9+/]{43}=)$/;

/**
 * Verifies a webhook delivery against the form's secret. The HMAC is computed over the raw
 * bytes as received (re-serialised JSON would not match), and compared in constant time so
 * the answer's timing does not tell an attacker how many leading bytes of a forgery were right.
 */
export function verifyTypeformSignature(
  rawBody: Uint8Array | string,
  header: string | undefined,
  secret: string,
): SignatureCheck {
  if (header === undefined || header.trim() === "") return { ok: false, reason: "missing" };
  const match = SIGNATURE.exec(header.trim());
  if (!match) return { ok: false, reason: "malformed" };
  const given = Buffer.from(match[1]!, "base64");
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? { ok: true }
    : { ok: false, reason: "mismatch" };
}
