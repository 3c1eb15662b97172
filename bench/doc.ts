import type { BenchSection } from "./stats";

/**
 * docs/benchmarks.md is made of sections, one per benchmark, each between
 * `<!-- bench:<name> -->` and `<!-- /bench:<name> -->`, rewritten only when that benchmark
 * runs. A section may carry summary lines (in a hidden comment); the closing note gathers them
 * from every section in the document, so it always matches the figures above it, whichever
 * benchmarks ran last.
 */

const SUMMARY = /<!-- summary\n([\s\S]*?)\n-->/;

export function replaceSection(doc: string, section: BenchSection, machine: string): string {
  const begin = `<!-- bench:${section.name} -->`;
  const end = `<!-- /bench:${section.name} -->`;
  const summary = section.summary?.length ? `\n<!-- summary\n${section.summary.join("\n")}\n-->` : "";
  const block = `${begin}\n## ${section.title}\n\n_${machine}_\n\n${section.markdown}${summary}\n${end}`;
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  return pattern.test(doc) ? doc.replace(pattern, () => block) : `${doc.trimEnd()}\n\n${block}\n`;
}

/** The closing note: every section's summary lines, in document order, as its last section. */
export function withClosingNote(doc: string): string {
  const lines: string[] = [];
  for (const match of doc.matchAll(/<!-- bench:(\w+) -->([\s\S]*?)<!-- \/bench:\1 -->/g)) {
    if (match[1] === "summary") continue;
    const summary = SUMMARY.exec(match[2]!);
    if (summary) lines.push(...summary[1]!.split("\n"));
  }
  const note = {
    name: "summary",
    title: "Closing note",
    markdown:
      "Gathered from the sections above (each line names the command that printed it):\n\n" +
      lines.map((l) => `- ${l}`).join("\n"),
  };
  const without = doc.replace(/\n*<!-- bench:summary -->[\s\S]*?<!-- \/bench:summary -->\n?/, "\n");
  return `${without.trimEnd()}\n\n<!-- bench:summary -->\n## ${note.title}\n\n${note.markdown}\n<!-- /bench:summary -->\n`;
}
