import { describe, expect, it } from "vitest";
import {
  addSourceKey,
  applyContactPatch,
  MAX_SOURCE_KEYS,
  newLead,
  normalizeEmail,
  touchLead,
} from "../src/lead";

const at = "2026-05-01T10:00:00.000Z";
const later = "2026-06-01T10:00:00.000Z";

describe("lead model", () => {
  it("normalises email by case, width and surrounding space, but keeps dots and tags", () => {
    expect(normalizeEmail("  Ａda.Lovelace+news@Example.COM ")).toBe("ada.lovelace+news@example.com");
  });

  it("a new lead starts at version 1 with its origin as last source and one touch", () => {
    const lead = newLead(
      { email: "A@B.io", firstName: "Ada", lastName: "L", source: { type: "webinar", id: "w1" } },
      "ID",
      at,
    );
    expect(lead).toMatchObject({
      id: "ID",
      email: "a@b.io",
      name: "Ada L",
      version: 1,
      touchCount: 1,
      sourceKeys: ["webinar:w1"],
      status: "captured",
    });
    expect(lead.origin).toEqual({ type: "webinar", id: "w1", at });
  });

  it("a touch fills blanks, never overwrites contact fields, and takes the newest signals and consent", () => {
    const lead = newLead(
      {
        email: "a@b.io",
        company: "Typed By Rep",
        consent: { marketing: true },
        signals: { budget: "planned", need: "exploring" },
      },
      "ID",
      at,
    );
    const {
      lead: next,
      filled,
      signalsChanged,
      consentChanged,
    } = touchLead(
      lead,
      {
        email: "a@b.io",
        company: "Truncat",
        title: "CTO",
        consent: { marketing: false },
        signals: { budget: "approved" },
      },
      later,
    );
    expect(next).toMatchObject({
      company: "Typed By Rep",
      title: "CTO",
      version: 2,
      touchCount: 2,
      updatedAt: later,
      signals: { budget: "approved", need: "exploring" },
      consent: { marketing: false, updatedAt: later },
    });
    expect(filled).toEqual(["title"]);
    expect(signalsChanged).toEqual(["budget"]);
    expect(consentChanged).toBe(true);
  });

  it("keeps at most MAX_SOURCE_KEYS distinct sources, oldest first", () => {
    let keys: string[] = [];
    for (let i = 0; i < MAX_SOURCE_KEYS + 5; i++)
      keys = addSourceKey(addSourceKey(keys, `form:${i}`), "form:0");
    expect(keys).toHaveLength(MAX_SOURCE_KEYS);
    expect(keys[0]).toBe("form:0");
  });

  it("a patch reports only real changes and moves the email", () => {
    const lead = newLead({ email: "old@b.io", company: "Co", phone: "123" }, "ID", at);
    const same = applyContactPatch(lead, { company: "Co" }, later);
    expect(same.changed).toEqual([]);
    expect(same.lead.version).toBe(1);
    const moved = applyContactPatch(lead, { email: " New@B.io", phone: null, country: "fr" }, later);
    expect(moved.changed).toEqual(["email", "phone", "country"]);
    expect(moved.previousEmail).toBe("old@b.io");
    expect(moved.lead).toMatchObject({ email: "new@b.io", country: "FR", version: 2 });
    expect(moved.lead).not.toHaveProperty("phone");
  });
});
