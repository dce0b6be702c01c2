/**
 * Set up repairs what people do to Lotbook's tables in Excel instead of making things worse:
 * - a table renamed (Table Design > Table Name: "Lots" became "Lots2" or "Table3") is named back, rather than a
 *   second Lots table being made on a new sheet;
 * - a table turned into a range (Table Design > Convert to Range: the header row and the rows stay, the table is
 *   gone) is made a table again over exactly its old block, rather than over everything on the sheet.
 *
 * The rule is conservative, so that a person's own table or data is never taken:
 * - only on the sheet Lotbook made for the table (the sheet named like it);
 * - only headers that are Lotbook's: every required column of the table, and for a table at least two thirds of all
 *   its columns (a person may have renamed or deleted a column or two since);
 * - never a table that carries another Lotbook table's name, and never one of two look-alikes: with two candidates,
 *   the person is asked to name the right one;
 * - a range's block is the header cells around Lotbook's headers up to the first blank header cell on each side,
 *   and the rows below down to the first wholly blank row, so that a note under the data or a block of the person's
 *   own beside it (after a blank column) stays out.
 *
 * Costs nothing when no Lotbook table is missing, or when a missing table has no sheet of its name: the usual
 * set-up (a new workbook, or one already set up) makes no extra round trip.
 */
import type { TableName } from '../domain/types';
import { TABLES, TABLE_NAMES, type TableDef } from '../domain/schema';
import { columnLetter } from '../domain/codec';
import { quoteSheet } from './cells';
import type { XlRequestContext } from './office-subset';

export interface LostTables {
  /** Lotbook tables found under another name on their own sheet, and named back. */
  readonly renamed: ReadonlyArray<{ readonly table: TableName; readonly from: string }>;
  /** Lotbook tables found as plain ranges on their own sheet, and made tables again over exactly their block. */
  readonly recovered: ReadonlyArray<{ readonly table: TableName; readonly address: string; readonly note: string }>;
  /** Missing tables that look lost but could not be told apart safely: nothing was made for them. */
  readonly skipped: ReadonlyArray<{ readonly table: TableName; readonly reason: string }>;
}

/** How far down a sheet the header row of a lost table is looked for (under a title, a note). */
const HEADER_SEARCH_ROWS = 20;

const NOTHING: LostTables = { renamed: [], recovered: [], skipped: [] };

/**
 * Whether a header row holds Lotbook's headers of `def`: every required column, and for a table (which may be a
 * person's own) also two thirds of all columns. A range on the table's own sheet needs only the required columns, as
 * set up has always asked of a sheet a person prepared ("give its first row the headers").
 */
export function hasLotbookHeaders(def: TableDef, headers: readonly unknown[], ofTable: boolean): boolean {
  const have = new Set(headers.map((h) => String(h).trim().toLowerCase()));
  const all = def.columns.map((c) => c.header.toLowerCase());
  const required = def.columns.filter((c) => c.required).map((c) => c.header.toLowerCase());
  return required.every((h) => have.has(h)) && (!ofTable || all.filter((h) => have.has(h)).length >= Math.ceil((all.length * 2) / 3));
}

const blank = (v: unknown) => v === '' || v === null || v === undefined;

/**
 * Finds the `missing` Lotbook tables that were renamed or turned into ranges on their own sheets, and repairs them
 * (two to four round trips, only when such a sheet exists). `sheetNames`: every sheet in the workbook.
 */
export async function repairLostTables(context: XlRequestContext, missing: readonly TableName[], sheetNames: readonly string[], budget: number): Promise<LostTables> {
  const sheetOf = (n: string) => sheetNames.find((s) => s.toLowerCase() === n.toLowerCase());
  const looked = missing.filter((n) => sheetOf(n) !== undefined);
  if (looked.length === 0) return NOTHING;
  const wb = context.workbook;
  const lotbookNames = new Set(TABLE_NAMES.map((n) => n.toLowerCase()));

  const probes = looked.map((name) => {
    const sheet = wb.worksheets.getItem(sheetOf(name)!);
    return { name, sheetName: sheetOf(name)!, sheet, tables: sheet.tables.load('items/name'), used: sheet.getUsedRangeOrNullObject(true).load('address, rowIndex, columnIndex, rowCount, columnCount') };
  });
  await context.sync();

  // The headers and place of every table on those sheets, and the first row of what else is there.
  const looks = probes.map((p) => ({
    ...p,
    others: p.tables.items.map((t) => ({ name: t.name, headers: t.getHeaderRowRange().load('values'), range: t.getRange().load('rowIndex, columnIndex, rowCount, columnCount') })),
    // The header row may sit under a title or a note: look in the first rows of what is on the sheet.
    top: p.used.isNullObject ? undefined : p.used.getAbsoluteResizedRange(Math.min(HEADER_SEARCH_ROWS, p.used.rowCount), p.used.columnCount).load('values'),
  }));
  await context.sync();

  const renamed: { table: TableName; from: string }[] = [];
  const recovered: { table: TableName; address: string; note: string }[] = [];
  const skipped: { table: TableName; reason: string }[] = [];
  const blocks: { look: (typeof looks)[number]; top: number; left: number; cols: number }[] = [];
  for (const look of looks) {
    const def = TABLES[look.name] as TableDef;
    const candidates = look.others.filter((t) => !lotbookNames.has(t.name.toLowerCase()) && hasLotbookHeaders(def, t.headers.values[0] ?? [], true));
    if (candidates.length === 1) {
      const from = candidates[0]!.name;
      wb.tables.getItem(from).name = look.name;
      renamed.push({ table: look.name, from });
      continue;
    }
    if (candidates.length > 1) {
      skipped.push({ table: look.name, reason: `Sheet "${look.sheetName}" has ${candidates.length} tables with the headers of Lotbook's ${look.name} table (${candidates.map((c) => c.name).join(', ')}), and Lotbook cannot tell which one holds its data. Name that one "${look.name}" (Table Design > Table Name), then choose "Set up workbook" again.` });
      continue;
    }
    if (!look.top || look.used.isNullObject) continue;
    const k = look.top.values.findIndex((r) => hasLotbookHeaders(def, r, false));
    if (k < 0) continue; // someone else's data: set up says so
    const row = look.top.values[k]!;
    const lower = row.map((h) => String(h).trim().toLowerCase());
    const ours = def.columns.map((c) => lower.indexOf(c.header.toLowerCase())).filter((i) => i >= 0);
    // The header block: from Lotbook's headers out to the first blank header cell on each side.
    let a = Math.min(...ours);
    let b = Math.max(...ours);
    if (row.slice(a, b + 1).some(blank)) {
      skipped.push({ table: look.name, reason: `Sheet "${look.sheetName}" has the headers of Lotbook's ${look.name} table with blank header cells between them (${look.used.address}), so Lotbook cannot tell where its data ends. Make the header row one block without gaps, or turn it into a table named "${look.name}" (Insert > Table), then choose "Set up workbook" again.` });
      continue;
    }
    while (a > 0 && !blank(row[a - 1])) a--;
    while (b + 1 < row.length && !blank(row[b + 1])) b++;
    blocks.push({ look, top: look.used.rowIndex + k, left: look.used.columnIndex + a, cols: b - a + 1 });
  }

  // The rows of each block: down to the first wholly blank row. Read in parts under the budget, stopping early.
  for (const block of blocks) {
    const { look } = block;
    const below = look.used.rowIndex + look.used.rowCount - 1 - block.top; // rows under the header in the used range
    const perChunk = Math.max(1, Math.min(Math.floor(budget / (block.cols * 48 + 8)), Math.floor(4_000_000 / block.cols)));
    let rows = 0;
    let done = false;
    for (let start = 0; start < below && !done; start += perChunk) {
      const count = Math.min(perChunk, below - start);
      const part = look.sheet.getRange(address(block.top + 1 + start, block.left, count, block.cols)).load('values');
      // One round trip per part, and rarely more than one: a lost table is read once, to find where it ends.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      for (const r of part.values) {
        if (r.every(blank)) {
          done = true;
          break;
        }
        rows++;
      }
    }
    const where = address(block.top, block.left, rows + 1, block.cols);
    const overlaps = look.others.find((t) => t.range.rowIndex <= block.top + rows && t.range.rowIndex + t.range.rowCount - 1 >= block.top && t.range.columnIndex <= block.left + block.cols - 1 && t.range.columnIndex + t.range.columnCount - 1 >= block.left);
    if (overlaps) {
      skipped.push({ table: look.name, reason: `Sheet "${look.sheetName}" has headers of Lotbook's ${look.name} table at ${where}, in or beside the table "${overlaps.name}", which has too few of them for Lotbook to be sure it is its own. If "${overlaps.name}" holds your lots, name it "${look.name}" (Table Design > Table Name); otherwise move it to another sheet. Then choose "Set up workbook" again.` });
      continue;
    }
    const table = look.sheet.tables.add(`${quoteSheet(look.sheetName)}!${where}`, true);
    table.name = look.name;
    const all = look.used.rowIndex === block.top && look.used.rowCount === rows + 1 && look.used.columnIndex === block.left && look.used.columnCount === block.cols;
    recovered.push({
      table: look.name,
      address: `${quoteSheet(look.sheetName)}!${where}`,
      note: `Made ${look.sheetName}!${where} the ${look.name} table again (it had been turned into a range)${all ? '' : '; the other cells on the sheet were left as they are'}.`,
    });
  }
  if (renamed.length || recovered.length) await context.sync();
  return { renamed, recovered, skipped };
}

function address(row: number, col: number, rows: number, cols: number): string {
  return `${columnLetter(col)}${row + 1}:${columnLetter(col + cols - 1)}${row + rows}`;
}
