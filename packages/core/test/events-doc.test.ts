import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { eventDefinitions } from "../src/events/catalogue";
import { renderEventsDoc } from "../src/events/docs";

const docPath = new URL("../../../docs/events.md", import.meta.url);

describe("docs/events.md", () => {
  it("is exactly what the catalogue generates (run `npm run docs:events` after changing it)", async () => {
    // Prepare
    const committed = await readFile(docPath, "utf8");
    // Act
    const generated = renderEventsDoc();
    // Assess
    expect(committed).toBe(generated);
  });

  it("has a section with schema and example for every detail-type", () => {
    // Act
    const doc = renderEventsDoc();
    // Assess
    for (const { type, schemaVersion } of eventDefinitions) {
      const section = doc.split(`\n### ${type}\n`)[1]?.split("\n### ")[0] ?? "";
      expect(section, type).toContain(`Schema version ${schemaVersion}.`);
      expect(section, type).toContain(`"type": "${type}"`);
      expect(section, type).toContain('"properties"');
    }
  });

  it("states the delivery contract consumers rely on", () => {
    const doc = renderEventsDoc();
    expect(doc).toMatch(/at-least-once/i);
    expect(doc).toContain("Deduplicate on\n  `detail.eventId`");
    expect(doc).toMatch(/order\s+by `version`/);
    expect(doc).toMatch(/DynamoDB stream/);
  });
});
