import { describe, expect, it } from "vitest";
import { typeformSignature, verifyTypeformSignature } from "../src/intake";

const secret = "typeform-test-secret";
const body =
  '{"event_id":"01HX","event_type":"form_response","form_response":{"form_id":"lT4Z3j","answers":[]}}';
// Computed outside our code: printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64
const opensslSignature = "sha256=moiLoVsXBL+mV6AGeDbyBXVDZ6BTG8/Vvmb3iyiJQdA=";

describe("Typeform-Signature", () => {
  it("matches an HMAC-SHA256 computed by openssl, and verifies it", () => {
    expect(typeformSignature(body, secret)).toBe(opensslSignature);
    expect(verifyTypeformSignature(body, opensslSignature, secret)).toEqual({ ok: true });
    expect(verifyTypeformSignature(Buffer.from(body), ` ${opensslSignature} `, secret)).toEqual({ ok: true });
  });

  it("refuses another body, another secret, a missing or a malformed header", () => {
    expect(verifyTypeformSignature(body.replace("lT4Z3j", "lT4Z3k"), opensslSignature, secret)).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifyTypeformSignature(body, opensslSignature, "another-secret")).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifyTypeformSignature(body, undefined, secret)).toEqual({ ok: false, reason: "missing" });
    expect(verifyTypeformSignature(body, "", secret)).toEqual({ ok: false, reason: "missing" });
    const hex = `sha256=${Buffer.from(opensslSignature.slice(7), "base64").toString("hex")}`;
    for (const header of [opensslSignature.slice(7), `sha1=${opensslSignature.slice(7)}`, hex, "sha256=abc="])
      expect(verifyTypeformSignature(body, header, secret)).toEqual({ ok: false, reason: "malformed" });
  });

  it("signs the raw bytes: a body that is not valid UTF-8 verifies only as received", () => {
    const raw = Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const signature = typeformSignature(raw, secret);
    expect(verifyTypeformSignature(raw, signature, secret)).toEqual({ ok: true });
    // Decoding to text replaces the bad bytes, so a verifier that hashed c.req.text() would refuse it.
    expect(verifyTypeformSignature(raw.toString("utf8"), signature, secret)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });
});
