import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { buildLeadEvent, eventDefinitions, leadEventTypes } from "../src/events/catalogue";
import { ERASED_TEXT, redactEvent, redactEventData, redactionRules } from "../src/events/redaction";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  maxLength?: number;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  anyOf?: JsonSchema[];
};

/**
 * Every field path of a payload schema, and the free-text ones among them: strings a person
 * could type (no enum, format or pattern, and long enough for a sentence: ≥ 200 characters or
 * unbounded), arrays of them, and maps of strings (UTM values).
 */
function fieldsOf(
  schema: JsonSchema,
  prefix = "",
  out = { all: new Set<string>(), freeText: new Set<string>() },
) {
  const isFreeText = (s: JsonSchema) =>
    s.type === "string" &&
    !s.enum &&
    !s.format &&
    !s.pattern &&
    (s.maxLength === undefined || s.maxLength >= 200);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.all.add(path);
    const variants = property.anyOf ?? [property];
    for (const variant of variants) {
      if (isFreeText(variant)) out.freeText.add(path);
      if (variant.type === "array" && variant.items && isFreeText(variant.items)) out.freeText.add(path);
      if (typeof variant.additionalProperties === "object" && isFreeText(variant.additionalProperties))
        out.freeText.add(path);
      if (variant.properties) fieldsOf(variant, path, out);
    }
  }
  return out;
}

const covers = (rulePath: string, path: string) => path === rulePath || path.startsWith(`${rulePath}.`);

describe("redaction rules (erasure)", () => {
  it("exist for every event type of the catalogue, and only for those", () => {
    expect(Object.keys(redactionRules).sort()).toEqual([...leadEventTypes].sort());
  });

  it("classify every free-text field of every payload as dropped, masked or kept, and name only real fields", () => {
    for (const definition of eventDefinitions) {
      const rule = redactionRules[definition.type];
      const { all, freeText } = fieldsOf(z.toJSONSchema(definition.data, { io: "input" }) as JsonSchema);
      const classified = [...(rule.drop ?? []), ...(rule.mask ?? []), ...(rule.keep ?? [])];
      for (const path of freeText)
        expect(
          classified.some((p) => covers(p, path)),
          `${definition.type}: ${path} is not classified`,
        ).toBe(true);
      for (const path of classified) expect(all.has(path), `${definition.type}: no field ${path}`).toBe(true);
    }
  });

  it("leave every example a valid event of its type", () => {
    for (const definition of eventDefinitions) {
      const data = redactEventData(definition.type, definition.example.data as Record<string, unknown>);
      expect(() =>
        buildLeadEvent({
          type: definition.type,
          eventId: "01JNB4Z6W3F6J9Q2K7X8Y5T1RS",
          leadId: "01JNB4YV0D1M8B3C6E2F9G4H7K",
          version: definition.example.version ?? 2,
          at: "2026-03-02T09:00:00.000Z",
          actor: { kind: "api_key", id: "k" },
          data: data as never,
        }),
      ).not.toThrow();
    }
  });

  it("remove what a person typed and keep what reports count", () => {
    const event = buildLeadEvent({
      type: "lead.handed_off",
      eventId: "01JNB4Z6W3F6J9Q2K7X8Y5T1RS",
      leadId: "01JNB4YV0D1M8B3C6E2F9G4H7K",
      version: 3,
      at: "2026-03-02T09:00:00.000Z",
      actor: { kind: "api_key", id: "k", name: "marketing ops" },
      why: "Ada Lovelace asked for a call",
      data: {
        repId: "rep-1",
        handoffId: "h1",
        override: { reason: "Ada is the CTO, call her at +44 20 7946 0000" },
        notes: { summary: "ada@example.com wants 40 seats", pain: "spreadsheets" },
        verdict: { policyVersion: 2, passed: false, reasons: ["budget missing"] },
      },
    });
    const erased = redactEvent(event);
    expect(erased).not.toHaveProperty("why");
    expect(erased.data).toEqual({
      repId: "rep-1",
      handoffId: "h1",
      override: { reason: ERASED_TEXT },
      verdict: { policyVersion: 2, passed: false, reasons: ["budget missing"] },
    });
    expect(JSON.stringify(erased)).not.toMatch(/ada|7946/i);
    // The input is not changed: erasure writes a new version of the item.
    expect(event.data).toHaveProperty("notes");

    expect(
      redactEventData("lead.captured", {
        source: { type: "form", id: "contact", campaign: "spring", utm: { content: "ada@example.com" } },
      }),
    ).toEqual({ source: { type: "form", id: "contact", campaign: "spring" } });
    expect(
      redactEventData("lead.lost", {
        reason: "chose_competitor",
        competitor: "Acme",
        note: "Ada's boss said no",
      }),
    ).toEqual({ reason: "chose_competitor", competitor: "Acme" });
    expect(redactEventData("lead.rejected", { repId: "r", reason: "Ada is a student" })).toEqual({
      repId: "r",
      reason: ERASED_TEXT,
    });
  });

  it("keep nothing of an event type this build does not know", () => {
    expect(redactEventData("lead.something_new", { email: "ada@example.com" })).toEqual({});
  });
});
