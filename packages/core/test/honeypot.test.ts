import { describe, expect, it } from "vitest";
import { HONEYPOT_FIELD, takeHoneypot } from "../src/intake";

describe("form honeypot", () => {
  it("is filled by any non-blank value, and always leaves the fields", () => {
    const fields = { email: "bot@x.io", [HONEYPOT_FIELD]: "http://spam.example" };
    expect(takeHoneypot(fields)).toEqual({ filled: true, fields: { email: "bot@x.io" } });
    expect(takeHoneypot({ email: "a@x.io", [HONEYPOT_FIELD]: ["", "x"] }).filled).toBe(true);
    expect(takeHoneypot({ email: "a@x.io", [HONEYPOT_FIELD]: 0 }).filled).toBe(true);
  });

  it("left empty (or whitespace, as some autofill leaves it) lets a person through", () => {
    for (const value of ["", "  ", null, [""]])
      expect(takeHoneypot({ email: "a@x.io", [HONEYPOT_FIELD]: value })).toEqual({
        filled: false,
        fields: { email: "a@x.io" },
      });
    const untouched = { email: "a@x.io" };
    expect(takeHoneypot(untouched)).toEqual({ filled: false, fields: untouched });
  });
});
