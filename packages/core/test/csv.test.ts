import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "../src/intake/csv";
import { readSheet } from "../src/intake/sheet";

const cells = (text: string, delimiter?: string) => parseCsv(text, delimiter).map((r) => r.cells);

/** RFC 4180 writer for the property test: quotes a field when it must (and empty ones, so an empty last row survives). */
function toCsv(rows: string[][], eol: string, delimiter: string): string {
  const quote = (f: string) =>
    f === "" || /["\r\n]/.test(f) || f.includes(delimiter) ? `"${f.replace(/"/g, '""')}"` : f;
  return rows.map((row) => row.map(quote).join(delimiter)).join(eol);
}

describe("parseCsv (RFC 4180)", () => {
  it("reads quoted fields with delimiters, doubled quotes and line breaks; CRLF, LF and a BOM", () => {
    const text = '\uFEFFemail,name,note\r\n"a@x.io","Doe, Jane","said ""hi""\r\nthen left"\r\nb@x.io,Bob,\n';
    expect(cells(text)).toEqual([
      ["email", "name", "note"],
      ["a@x.io", "Doe, Jane", 'said "hi"\r\nthen left'],
      ["b@x.io", "Bob", ""],
    ]);
  });

  it("numbers records by the line they start on, counting breaks inside quotes", () => {
    const records = parseCsv('h\n"multi\nline"\nnext\r\nlast');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
  });

  it("keeps a stray quote inside an unquoted field as text, and reads a lone CR as a line end", () => {
    expect(cells('5" screen,x\rnext,y')).toEqual([
      ['5" screen', "x"],
      ["next", "y"],
    ]);
  });

  it("refuses an unterminated quoted field, naming the line it started on", () => {
    const error = (() => {
      try {
        parseCsv('a,b\n1,"never closed\n2,3\n');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(2);
  });

  it("round-trips any table written by an RFC 4180 writer (property)", () => {
    const field = fc.string({
      unit: fc.constantFrom("a", "b", " ", ",", ";", '"', "\r", "\n", "é", "\t"),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom("\r\n", "\n"),
        fc.constantFrom(",", ";", "\t"),
        fc.boolean(),
        (rows, eol, delimiter, bom) => {
          const text = (bom ? "\uFEFF" : "") + toCsv(rows, eol, delimiter) + (rows.length % 2 ? eol : "");
          expect(cells(text, delimiter)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("readSheet", () => {
  const isEmail = (name: string) => name.toLowerCase() === "email";

  it("finds the header under a preamble and skips titled sections it is told to (Zoom's host and panelists)", () => {
    const text = [
      "Attendee Report",
      "Report Generated:,03/02/2026 10:00",
      "Topic,Webinar ID,Host Email",
      "Launch,812 3456 7890,host@us.io",
      "",
      "Host Details",
      "Attended,User Name,Email",
      "Yes,Host,host@us.io",
      "Panelist Details",
      "Attended,User Name,Email",
      "Yes,Pan,pan@us.io",
      "Attendee Details",
      "Attended,User Name,Email",
      "Yes,Ann,ann@corp.io",
      "No,,",
      "No,Bob,bob@corp.io",
    ].join("\n");
    const sheet = readSheet(parseCsv(text), isEmail, /^(host|panelist)/i);
    expect(sheet.rows.map((r) => [r.row, r.line, r.fields.find(([n]) => n === "Email")?.[1]])).toEqual([
      [1, 14, "ann@corp.io"],
      [2, 15, ""],
      [3, 16, "bob@corp.io"],
    ]);
    expect(sheet.ignored).toEqual({ blank: 1, preamble: 4, sections: 5, headers: 3 });
  });

  it("a data row with a single value stays a row to report and never hides the rows after it", () => {
    const sheet = readSheet(parseCsv("Email,Name\nann@x.io,Ann\nJust a name,\nbob@x.io,Bob"), isEmail);
    expect(sheet.rows.map((r) => r.fields[0]![1])).toEqual(["ann@x.io", "Just a name", "bob@x.io"]);
  });
});
