import { createHmac, timingSafeEqual } from "node:crypto";
import { ValidationError } from "../kernel/errors";

/** The key new cursors are signed with, and every key a presented cursor may be signed with. */
export interface CursorKeys {
  sign: string;
  verify: readonly string[];
}

/**
 * Opaque, signed pagination cursors. The signature stops clients from forging positions in
 * someone else's partition; binding the cursor to the query ("what it is a cursor for")
 * stops a cursor from one filter being replayed against another.
 */
export class CursorCodec {
  /**
   * A fixed secret, or a function returning the current keys: secrets read at run time
   * rotate, and a cursor signed before a rotation stays valid while its key is in `verify`.
   */
  constructor(private readonly secret: string | (() => CursorKeys)) {}

  private keys(): CursorKeys {
    return typeof this.secret === "string" ? { sign: this.secret, verify: [this.secret] } : this.secret();
  }

  encode(query: string, sortKey: string): string {
    const body = Buffer.from(JSON.stringify({ q: query, k: sortKey })).toString("base64url");
    return `${body}.${this.sign(body, this.keys().sign)}`;
  }

  /** The sort key to continue after; throws ValidationError for a forged or foreign cursor. */
  decode(query: string, cursor: string): string {
    const [body, signature] = cursor.split(".");
    const invalid = () =>
      new ValidationError("The cursor is not valid for this query.", [
        { path: ["cursor"], message: "invalid or expired cursor", code: "invalid_cursor" },
      ]);
    if (!body || !signature) throw invalid();
    const given = Buffer.from(signature);
    const signedBy = this.keys().verify.some((key) => {
      const expected = Buffer.from(this.sign(body, key));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!signedBy) throw invalid();
    let parsed: { q?: unknown; k?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(body, "base64url").toString());
    } catch {
      throw invalid();
    }
    if (parsed.q !== query || typeof parsed.k !== "string") throw invalid();
    return parsed.k;
  }

  private sign(body: string, key: string): string {
    return createHmac("sha256", key).update(body).digest("base64url").slice(0, 22);
  }
}
