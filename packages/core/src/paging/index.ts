import { createHmac, timingSafeEqual } from "node:crypto";
import { ValidationError } from "../kernel/errors";

/**
 * Opaque, signed pagination cursors. The signature stops clients from forging positions in
 * someone else's partition; binding the cursor to the query ("what it is a cursor for")
 * stops a cursor from one filter being replayed against another.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(query: string, sortKey: string): string {
    const body = Buffer.from(JSON.stringify({ q: query, k: sortKey })).toString("base64url");
    return `${body}.${this.sign(body)}`;
  }

  /** The sort key to continue after; throws ValidationError for a forged or foreign cursor. */
  decode(query: string, cursor: string): string {
    const [body, signature] = cursor.split(".");
    const invalid = () =>
      new ValidationError("The cursor is not valid for this query.", [
        { path: ["cursor"], message: "invalid or expired cursor", code: "invalid_cursor" },
      ]);
    if (!body || !signature) throw invalid();
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    let parsed: { q?: unknown; k?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(body, "base64url").toString());
    } catch {
      throw invalid();
    }
    if (parsed.q !== query || typeof parsed.k !== "string") throw invalid();
    return parsed.k;
  }

  private sign(body: string): string {
    return createHmac("sha256", this.secret).update(body).digest("base64url").slice(0, 22);
  }
}
