import { describe, expect, it } from "vitest";
import { replaceSection, withClosingNote } from "./doc";

const machine = "today, here";

describe("docs/benchmarks.md sections", () => {
  it("rewrites only the section that ran, and gathers every section's summary into the closing note", () => {
    let doc = "# Benchmarks\n";
    doc = replaceSection(
      doc,
      { name: "a", title: "A", markdown: "figures A1", summary: ["A: 1× (`npm run bench a`)"] },
      machine,
    );
    doc = replaceSection(doc, { name: "b", title: "B", markdown: "figures B", summary: ["B: 2×"] }, machine);
    doc = withClosingNote(doc);
    doc = replaceSection(
      doc,
      { name: "a", title: "A", markdown: "figures A2", summary: ["A: 3× (`npm run bench a`)"] },
      machine,
    );
    doc = withClosingNote(doc);
    expect(doc).not.toContain("figures A1");
    expect(doc).toContain("figures A2");
    expect(doc).toContain("figures B");
    const note = doc.slice(doc.indexOf("<!-- bench:summary -->"));
    expect(note).toContain("- A: 3× (`npm run bench a`)\n- B: 2×");
    expect(note).not.toContain("1×");
    expect(doc.match(/<!-- bench:summary -->/g)).toHaveLength(1);
    expect(doc.trimEnd().endsWith("<!-- /bench:summary -->")).toBe(true);
  });

  it("keeps a dollar sign in a section as it is", () => {
    const doc = replaceSection(
      "# B\n<!-- bench:a -->\nold\n<!-- /bench:a -->\n",
      { name: "a", title: "A", markdown: "costs $1 and $&" },
      machine,
    );
    expect(doc).toContain("costs $1 and $&");
  });
});
