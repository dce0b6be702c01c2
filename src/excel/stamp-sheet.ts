/**
 * The very hidden sheet of table stamps (stamps.ts), made by set up after the tables: Excel refuses a formula
 * that names a table it does not have, so a table set up could not make gets an empty stamp (it is read whole).
 */
import { TABLE_NAMES } from '../domain/schema';
import type { XlRequestContext } from './office-subset';
import { STAMP_RANGE, STAMP_SHEET, stampFormula } from './stamps';

export async function ensureStampSheet(context: XlRequestContext): Promise<'present'> {
  const sheets = context.workbook.worksheets.load('items/name');
  const tables = context.workbook.tables.load('items/name');
  await context.sync();
  const exists = sheets.items.find((s) => s.name.toLowerCase() === STAMP_SHEET.toLowerCase());
  const have = new Set(tables.items.map((t) => t.name));
  const wanted = [[...TABLE_NAMES], TABLE_NAMES.map((name) => (have.has(name) ? stampFormula(name) : ''))];
  const sheet = exists ? context.workbook.worksheets.getItem(exists.name) : context.workbook.worksheets.add(STAMP_SHEET);
  const range = sheet.getRange(STAMP_RANGE);
  if (exists) {
    range.load('formulas');
    await context.sync();
    const formulas = range.formulas;
    if (wanted.every((row, r) => row.every((v, c) => String(formulas[r]?.[c] ?? '') === v))) return 'present';
  }
  range.formulas = wanted;
  // Very hidden: not in Unhide, so that nobody deletes it by mistake; Lotbook works without it, only slower.
  if (!exists) sheet.visibility = 'VeryHidden';
  await context.sync();
  return 'present';
}
