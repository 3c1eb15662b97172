/**
 * A small RFC 4180 CSV reader: quoted fields with embedded delimiters, quotes ("") and line
 * breaks; CRLF, LF or lone CR line ends; a UTF-8 byte-order mark. Our own instead of a
 * dependency because webinar exports need nothing more, and it adds about 1 KB to the bundle.
 *
 * Lenient where real exports are sloppy (a stray quote inside an unquoted field is kept as
 * text, text after a closing quote is appended), strict where guessing would shift every
 * later row: an unterminated quoted field is an error naming the line it started on.
 */

export interface CsvRecord {
  cells: string[];
  /** 1-based physical line the record starts on, so a report can point into the file. */
  line: number;
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/**
 * The widest record's cell count, by a scan that builds nothing, stopping as soon as it
 * passes `limit`: an export with 400,000 columns is refused before the parser spends
 * (measured) 100 ms building its cells, and far longer mapping them.
 */
export function widestRecord(text: string, delimiter: string, limit: number): number {
  const sep = delimiter.charCodeAt(0);
  let quoted = false;
  let cells = 1;
  let widest = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === sep) {
      cells++;
      if (cells > widest) widest = cells;
      if (widest > limit) return widest;
    } else if (c === LF || c === CR) cells = 1;
  }
  return widest;
}

export function parseCsv(text: string, delimiter = ","): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r")
    throw new Error(`unusable delimiter ${JSON.stringify(delimiter)}`);
  const sep = delimiter.charCodeAt(0);
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let recordStart = 0;
  let i = 0;
  const n = src.length;

  const endRecord = () => {
    cells.push(field);
    records.push({ cells, line: recordLine });
    cells = [];
    field = "";
  };

  while (i < n) {
    const ch = src.charCodeAt(i);
    if (ch === QUOTE && field === "") {
      // Quoted field: runs to the next quote not doubled.
      const startLine = line;
      i++;
      let chunkStart = i;
      for (;;) {
        if (i >= n)
          throw new CsvSyntaxError(`unterminated quoted field starting on line ${startLine}`, startLine);
        const c = src.charCodeAt(i);
        if (c === QUOTE) {
          field += src.slice(chunkStart, i);
          if (src.charCodeAt(i + 1) === QUOTE) {
            field += '"';
            i += 2;
            chunkStart = i;
            continue;
          }
          i++;
          break;
        }
        if (c === LF || (c === CR && src.charCodeAt(i + 1) !== LF)) line++;
        i++;
      }
      continue;
    }
    if (ch === sep) {
      cells.push(field);
      field = "";
      i++;
      continue;
    }
    if (ch === CR || ch === LF) {
      endRecord();
      i += ch === CR && src.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      recordLine = line;
      recordStart = i;
      continue;
    }
    // Plain run of text up to the next delimiter, quote-free line end.
    const start = i;
    while (i < n) {
      const c = src.charCodeAt(i);
      if (c === sep || c === CR || c === LF) break;
      i++;
    }
    field += src.slice(start, i);
  }
  // The last record has no line break after it, unless the file ends with one.
  if (n > recordStart) endRecord();
  return records;
}
