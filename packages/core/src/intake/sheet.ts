import type { CsvRecord } from "./csv";

/** One data row of a spreadsheet export, its cells named by the header row above it. */
export interface SheetRow {
  /** 1-based number among the data rows: the number the import report uses. */
  row: number;
  /** 1-based line of the file where the row starts. */
  line: number;
  fields: [string, string][];
}

export interface Sheet {
  rows: SheetRow[];
  /** The header row the first data rows were read with; empty when none was found. */
  header: string[];
  /** Records that were not data, by reason (header rows included), so nothing disappears unexplained. */
  ignored: { blank: number; preamble: number; sections: number; headers: number };
}

/**
 * Finds the data in an export. Platforms put a preamble above the table (report name,
 * webinar id, times) and some split it into titled sections (Zoom: "Host Details",
 * "Panelist Details", "Attendee Details"), each with its own header row. A header row is
 * a row with a column that maps to the email; a row with a single value and no "@" is a
 * section title; sections matching `skipSections` are left out.
 */
export function readSheet(
  records: CsvRecord[],
  isEmailColumn: (name: string) => boolean,
  skipSections?: RegExp,
): Sheet {
  const sheet: Sheet = { rows: [], header: [], ignored: { blank: 0, preamble: 0, sections: 0, headers: 0 } };
  const rows = records.map((record) => ({ line: record.line, cells: record.cells.map((c) => c.trim()) }));
  const isBlank = (cells: string[]) => cells.every((c) => c === "");
  const isHeader = (cells: string[]) => cells.some(isEmailColumn) && !cells.some((c) => c.includes("@"));
  const nextIsHeader = (from: number) => {
    for (let j = from; j < rows.length; j++) if (!isBlank(rows[j]!.cells)) return isHeader(rows[j]!.cells);
    return false;
  };
  let header: string[] | undefined;
  let skipping = false;
  for (let i = 0; i < rows.length; i++) {
    const { cells, line } = rows[i]!;
    if (isBlank(cells)) {
      sheet.ignored.blank++;
      continue;
    }
    if (isHeader(cells)) {
      sheet.ignored.headers++;
      header = cells;
      if (sheet.header.length === 0) sheet.header = cells;
      continue;
    }
    const filled = cells.filter((c) => c !== "");
    // A section title only when a header row follows it: a data row with one value left is
    // still a row to report, and must never hide the rows after it.
    if (filled.length === 1 && !filled[0]!.includes("@") && nextIsHeader(i + 1)) {
      header = undefined;
      skipping = skipSections?.test(filled[0]!) ?? false;
      sheet.ignored.sections++;
      continue;
    }
    if (!header) {
      sheet.ignored.preamble++;
      continue;
    }
    if (skipping) {
      sheet.ignored.sections++;
      continue;
    }
    sheet.rows.push({
      row: sheet.rows.length + 1,
      line,
      fields: header.map((name, k) => [name, cells[k] ?? ""]),
    });
  }
  return sheet;
}
