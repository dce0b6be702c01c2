/**
 * Text that can never become a formula, in a cell or in a CSV file opened by Excel (OWASP "CSV injection").
 *
 * Excel stores a leading apostrophe as a "treat as text" mark, not as part of the value: `'=1+1` shows and
 * reads back as `=1+1`. So the escape is lost on every read, and every write must escape again, including
 * rewrites of values that came from the sheet (docs/excel-facts.md, office-js #6687). So safeText never guesses that a
 * value "was escaped already": it escapes the plain value, and callers call it on every write.
 * Text columns are also formatted as text ("@") before writing; this is the second belt.
 */

/**
 * The first characters that start a formula (or, for tab and CR, let a CSV field smuggle one in). The one rule
 * for cells (here and src/excel/cells.ts) and for CSV files (papaparse's escapeFormulae, src/app/recall-exports.ts).
 * Only the first character is looked at, on purpose: with `.*$` and no `s` flag, a multi-line field would slip by.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

function startsDangerously(s: string): boolean {
  return FORMULA_START.test(s);
}

/**
 * `s` with an apostrophe in front when it starts with `=`, `+`, `-`, `@`, a tab or a carriage return.
 * For CSV files and anything else that is not a cell; cells use safeCellText.
 */
export function safeText(s: string): string {
  return s.length > 0 && startsDangerously(s) ? `'${s}` : s;
}

/**
 * safeText for a value written to a cell: a value that itself starts with an apostrophe gets one more,
 * because Excel takes the first apostrophe as the "text" mark and would otherwise drop it ('abc -> abc).
 * Not for CSV: a CSV reader shows the apostrophe.
 */
export function safeCellText(s: string): string {
  return s.length > 0 && (s.charCodeAt(0) === 39 /* ' */ || startsDangerously(s)) ? `'${s}` : s;
}

/** Excel holds at most 32,767 characters in one cell ("Excel specifications and limits"). */
export const MAX_CELL_CHARS = 32_767;

/** The first text field of `fields` that a cell cannot hold, with its length; undefined when all fit. */
export function tooLongForCell(fields: Readonly<Record<string, unknown>>): { readonly field: string; readonly length: number } | undefined {
  for (const [field, v] of Object.entries(fields)) if (typeof v === 'string' && v.length > MAX_CELL_CHARS) return { field, length: v.length };
  return undefined;
}
