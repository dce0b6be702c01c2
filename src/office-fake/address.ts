/** A1 addresses: parsing, formatting and sheet-name quoting as Excel prints them in `Range.address`. */

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** A rectangle of cells, zero-based. */
export interface Rect {
  readonly r0: number;
  readonly c0: number;
  readonly rows: number;
  readonly cols: number;
}

export function columnLetters(col: number): string {
  let n = col + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

function parseCell(text: string): { r: number; c: number } | null {
  const m = CELL.exec(text);
  if (!m) return null;
  const c = columnIndex(m[1] as string);
  const r = Number(m[2]) - 1;
  if (r < 0 || r >= MAX_ROWS || c < 0 || c >= MAX_COLS) return null;
  return { r, c };
}

/** 'A1' or 'B2:C5' (either corner order, optional $) to a rectangle; null if it is not one. */
export function parseA1(ref: string): Rect | null {
  const parts = ref.trim().split(':');
  if (parts.length > 2) return null;
  const a = parseCell(parts[0] as string);
  const b = parts.length === 2 ? parseCell(parts[1] as string) : a;
  if (!a || !b) return null;
  const r0 = Math.min(a.r, b.r);
  const c0 = Math.min(a.c, b.c);
  return { r0, c0, rows: Math.abs(a.r - b.r) + 1, cols: Math.abs(a.c - b.c) + 1 };
}

export function formatA1(rect: Rect): string {
  const first = `${columnLetters(rect.c0)}${rect.r0 + 1}`;
  if (rect.rows === 1 && rect.cols === 1) return first;
  return `${first}:${columnLetters(rect.c0 + rect.cols - 1)}${rect.r0 + rect.rows}`;
}

/** Whether `text` could be read as a cell reference (A1 or R1C1 style), which Excel forbids as a name. */
export function looksLikeCellReference(text: string): boolean {
  const a1 = /^([A-Za-z]{1,3})(\d+)$/.exec(text);
  if (a1) {
    const col = columnIndex(a1[1] as string);
    const row = Number(a1[2]);
    if (col < MAX_COLS && row >= 1 && row <= MAX_ROWS) return true;
  }
  return /^[Rr]\d*([Cc]\d*)?$/.test(text) || /^[Cc]\d*$/.test(text);
}

/** Excel quotes a sheet name in an address unless it is a plain identifier that is not a cell reference. */
export function quoteSheetName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !looksLikeCellReference(name)) return name;
  return `'${name.replace(/'/g, "''")}'`;
}

export function sheetAddress(sheetName: string, rect: Rect): string {
  return `${quoteSheetName(sheetName)}!${formatA1(rect)}`;
}

/** "'Pick list'!A1:B2" to its sheet name and reference; no sheet part gives sheet undefined. */
export function splitSheetAddress(address: string): { sheet: string | undefined; ref: string } {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return { sheet: undefined, ref: address };
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'") && sheet.length >= 2) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, ref: address.slice(bang + 1) };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.r0 < b.r0 + b.rows && b.r0 < a.r0 + a.rows && a.c0 < b.c0 + b.cols && b.c0 < a.c0 + a.cols;
}

export function contains(outer: Rect, r: number, c: number): boolean {
  return r >= outer.r0 && r < outer.r0 + outer.rows && c >= outer.c0 && c < outer.c0 + outer.cols;
}
