/**
 * How values go into cells through `Range.values`, which behaves like typing (docs/excel-facts.md): a string starting with
 * `=`, `+`, `-` or `@` becomes a formula, and strings that look like numbers, dates or booleans are converted
 * (`000123` -> 123, `3-4` -> a date, a GTIN loses its leading zero) unless the cell is text-formatted. Lotbook
 * formats text columns as text AND writes an apostrophe before any text that Excel could read as something else
 * (belt and braces: no documentation promises that the text format alone holds through the API). Excel keeps the
 * apostrophe as a hidden prefix and reads the text back without it, so every write must escape again.
 */
import { FORMULA_START } from '../domain/cell-text';

// Digits with the punctuation Excel's number and date parsers accept: 123, 1,234.5, (12), 12%, $5, 1E5, 3-4, 12/10, 10:30.
// Conservative on purpose: any digits-and-punctuation string gets the apostrophe.
const NUMBER_OR_DATE_LIKE = /^[\s$€£¥()%\d.,\-/:eE+]*\d[\s$€£¥()%\d.,\-/:eE+]*$/;
const BOOLEAN_LIKE = /^\s*(?:true|false)\s*$/i;
// "Dec 5", "5-Dec", "Jan-24", "March 2027": Excel turns month names next to numbers into dates.
const MONTH_DATE_LIKE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b/i;

/** True when Excel would not keep `s` as the same text if typed into a General cell. */
export function excelWouldConvert(s: string): boolean {
  if (s === '') return false;
  // A leading apostrophe would be taken as Excel's "text" mark and dropped.
  if (FORMULA_START.test(s) || s.startsWith("'")) return true;
  if (NUMBER_OR_DATE_LIKE.test(s) || BOOLEAN_LIKE.test(s)) return true;
  if (s !== s.trim()) return true;
  return MONTH_DATE_LIKE.test(s) && /\d/.test(s);
}

/** The value to write for text `s` so that the cell holds exactly `s`, as text, whatever its format. */
export function textCell(s: string): string {
  return excelWouldConvert(s) ? `'${s}` : s;
}

/** Whether two header rows are the same headers in the same order. */
export function sameHeaders(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}

/**
 * Approximate JSON size of a 2D array, as Office.js serializes it, without building the string.
 * Used to keep every request and response under Excel on the web's 5 MB limit.
 */
export function estimateJsonBytes(values: ReadonlyArray<ReadonlyArray<unknown>>): number {
  let bytes = 2;
  for (const row of values) {
    bytes += 3;
    for (const v of row) bytes += valueBytes(v);
  }
  return bytes;
}

export function valueBytes(v: unknown): number {
  if (typeof v === 'string') return utf8JsonBytes(v) + 3;
  if (typeof v === 'number') return String(v).length + 1;
  if (typeof v === 'boolean') return v ? 5 : 6;
  return 5;
}

/**
 * The bytes a string takes inside a JSON request as sent over the wire (UTF-8): "Müller" is 7, a CJK character 3, an
 * emoji 4, a quote or backslash 2 (escaped), a control character 2 or 6. Excel on the web's 5 MB limit counts bytes,
 * not characters, so a workbook in another script must not be estimated as if it were ASCII.
 */
export function utf8JsonBytes(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) bytes += c === 9 || c === 10 || c === 13 ? 2 : 6;
    else if (c === 34 || c === 92) bytes += 2;
    else if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Excel's sheet-name rules: at most 31 characters, none of [ ] : * ? / \, no leading or trailing apostrophe. */
export function sanitizeSheetName(wanted: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  let n = 1;
  while (lower.has(sheetNameChoice(wanted, n).toLowerCase())) n++;
  return sheetNameChoice(wanted, n);
}

/** The n-th name sanitizeSheetName may give `wanted` (1: the name itself, 2: "name (2)", ...). */
export function sheetNameChoice(wanted: string, n: number): string {
  let base = wanted.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '').replace(/\s+/g, ' ').trim();
  if (base === '') base = 'Sheet';
  const suffix = n === 1 ? '' : ` (${n})`;
  return base.slice(0, 31 - suffix.length).trimEnd() + suffix;
}

/**
 * Excel's table-name rules: letters, digits, underscores and periods; starts with a letter or underscore; not a
 * cell reference (A1, R1C1); at most 255 characters.
 */
export function sanitizeTableName(wanted: string): string {
  let name = wanted.replace(/[^A-Za-z0-9_.]/g, '_');
  if (!/^[A-Za-z_]/.test(name)) name = `_${name}`;
  if (/^[A-Za-z]{1,3}\d+$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name) || /^[RrCc]$/.test(name)) name = `_${name}`;
  return name.slice(0, 255);
}

/** Parses a sheet-qualified A1 address like `Lots!A1:M10` or `'Pick list'!B3`. */
export function parseAddress(address: string): { sheet: string; row: number; column: number; endRow: number; endColumn: number } {
  const bang = address.lastIndexOf('!');
  let sheet = bang >= 0 ? address.slice(0, bang) : '';
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  const [start, end = start] = address.slice(bang + 1).split(':') as [string, string?];
  const a = parseCell(start);
  const b = parseCell(end);
  return { sheet, row: a.row, column: a.column, endRow: b.row, endColumn: b.column };
}

function parseCell(ref: string): { row: number; column: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/i.exec(ref);
  if (!m) throw new Error(`Not a cell address: ${ref}`);
  let column = 0;
  for (const ch of m[1]!.toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), column: column - 1 };
}

export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
