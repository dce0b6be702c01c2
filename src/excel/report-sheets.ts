/**
 * Report sheets (a pick list, a batch record, a recall report...), written so that a retry after any failure
 * completes the report instead of making a second one, in three round trips where the transaction asked for the
 * sheet's state ahead (ReadOptions.ahead.sheets): that state in the transaction's first read, the formats, then
 * the values with the table, to which the transaction's other writes are added.
 *
 * How a retry knows what an earlier attempt left:
 * - the sheet is added under a working name made from the report's table name (`workSheetName`), and gets its
 *   final name ("Pick list 2026-11-30 (2)") in the request that adds its table, after the table;
 * - the table, named after the report, is added after every value: a table with that name proves the report whole
 *   (Excel runs a request's commands in order and stops at the first that fails), and a sheet still under the
 *   working name beside it only lacks its final name;
 * - a sheet under the working name without that table is an attempt that stopped half-way: the retry writes the
 *   same cells over it (a table under Excel's default name there was added by a request that stopped before naming
 *   it, after everything else, so only the names are missing).
 * A person who renames a half-written sheet before the retry gets a new one from the retry. Until a failed attempt
 * is retried, its sheet shows the working name.
 */
import type { ReportRef, ReportSheet } from '../app/ports';
import type { CellValue, XlRange, XlRequestContext, XlTable, XlWorksheet, XlWorksheetCollection } from './office-subset';
import { inChunks } from './chunks';
import { estimateJsonBytes, quoteSheet, sanitizeSheetName, textCell } from './cells';
import { columnLetter } from '../domain/codec';
import { reportTableName } from './report-tables';
import { TextCellChecks, textFormattedCell, type TextCellLearning } from './text-cells';

const REPORT_FORMATS: Record<ReportSheet['table']['columns'][number]['type'], string> = {
  text: '@',
  int: '0',
  qty: '#,##0.###',
  // Reports are read by people beside other amounts: to the cent. The cell keeps the exact value (to 0.0001).
  money: '#,##0.00',
  date: 'yyyy-mm-dd',
  percent: '0.0%',
};

/** What the workbook holds of one report before it is written: queued in some request, read after its sync. */
export interface SheetState {
  /** Every sheet's name, to choose the report's final name. */
  readonly names: XlWorksheetCollection;
  /** The report's table (a null object until a request added and named it). */
  readonly table: XlTable;
  /** The sheet under the working name (a null object unless an attempt stopped half-way or before renaming). */
  readonly work: XlWorksheet;
}

/**
 * The sheet's name while it is written: `~` and the report's table name (letters, digits, `_` and `.`, so a valid
 * sheet name), cut to Excel's 31 characters with a hash of the whole name where it is longer.
 */
export function workSheetName(ref: ReportRef): string {
  const table = reportTableName(ref);
  return table.length <= 30 ? `~${table}` : `~${table.slice(0, 21)}~${fnv1a(table)}`;
}

/**
 * FNV-1a, 32 bits, in base 36 (7 characters): only to keep two long working names apart, never stored or
 * compared with another program's, so a ten-line hash here rather than a dependency.
 */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}

/** Null objects only, and nothing taken from them: valid in any request (docs/office-fake.md, "fromNullObject"). */
export function queueSheetState(context: XlRequestContext, ref: ReportRef): SheetState {
  const wb = context.workbook;
  return {
    names: wb.worksheets.load('items/name'),
    table: wb.tables.getItemOrNullObject(reportTableName(ref)).load('name'),
    work: wb.worksheets.getItemOrNullObject(workSheetName(ref)).load('name'),
  };
}

export interface WrittenSheet {
  /** The sheet's final name. */
  readonly name: string;
  /**
   * The last request (values, the table, the final name) is queued and not sent: the caller sends it with its own
   * next request, or on its own.
   */
  readonly queued: boolean;
}

/**
 * Writes a report sheet exactly once (see the top of this file). `state`: what `queueSheetState` loaded in an
 * earlier request of this transaction; without it, one round trip reads it first. `mayQueue`: whether the last
 * request may be left queued for the caller (only a small one is: it rides along with the caller's next request).
 */
export async function writeReportSheet(context: XlRequestContext, report: ReportSheet, budget: number, learned: TextCellLearning, state: SheetState | undefined, mayQueue: boolean): Promise<WrittenSheet> {
  const wb = context.workbook;
  const ref = { id: report.id, table: report.table.name };
  const tableName = reportTableName(ref);
  const workName = workSheetName(ref);
  let s = state;
  if (!s) {
    s = queueSheetState(context, ref);
    await context.sync();
  }
  const others = s.names.items.map((x) => x.name).filter((n) => n.toLowerCase() !== workName.toLowerCase());
  const finalName = () => sanitizeSheetName(report.name, others);

  if (!s.table.isNullObject) {
    // Written whole by an earlier attempt that failed afterwards: do not make a second sheet; give it its final
    // name if that request stopped before.
    const done = wb.tables.getItem(tableName).worksheet.load('name');
    await context.sync();
    if (done.name.toLowerCase() !== workName.toLowerCase()) return { name: done.name, queued: false };
    const name = finalName();
    done.name = name;
    done.activate();
    await context.sync();
    return { name, queued: false };
  }

  let sheet: XlWorksheet;
  if (s.work.isNullObject) {
    sheet = wb.worksheets.add(workName);
  } else {
    sheet = wb.worksheets.getItem(workName);
    const tables = sheet.tables.load('items/name');
    await context.sync();
    // The table was added by a request that stopped before naming it (it comes after everything else).
    const unnamed = tables.items.length === 1 && /^Table\d+$/.test(tables.items[0]!.name) ? tables.items[0]! : undefined;
    if (unnamed) {
      const name = finalName();
      wb.tables.getItem(unnamed.name).name = tableName;
      sheet.name = name;
      sheet.activate();
      await context.sync();
      return { name, queued: false };
    }
  }
  // The id beside the title. Written as into a General cell (textCell), then the cell is made text.
  sheet.getRange('B1').values = [[textCell(report.id)]];
  sheet.getRange('B1').numberFormat = [['@']];

  // The header block, the table's header row, its text columns and the footer are formatted "@" before any value
  // is written: their text goes in the form this Excel keeps, and is read back (text-cells.ts). Any other string,
  // in a number column a use case filled with text, is escaped as for a General cell.
  const lines: CellValue[][] = [[report.title, report.id], ...report.header.map(([k, v]) => [k, v] as CellValue[])];
  const top = lines.length + 1; // one blank row between the header block and the table
  const cols = report.table.columns;
  const last = columnLetter(Math.max(cols.length, 2) - 1);
  const tableTop = top + 1; // Excel row of the table header
  // Any string goes through textCell, whatever its column claims to hold: a use case that puts text in a number
  // column must not be able to write a formula.
  const bodyRows = report.table.rows.map((r) => r.map((v, i) => (v === null ? '' : cols[i]!.type === 'text' ? String(v) : v)) as CellValue[]);
  const footer = (report.footer ?? []).map(([k, v]) => [k, v] as CellValue[]);
  const checks = new TextCellChecks(learned);
  const atText = (block: readonly (readonly CellValue[])[]) => block.map((r) => r.map((v) => (typeof v === 'string' ? textFormattedCell(v, learned) : v)));
  const bodyOut = (r: readonly CellValue[]) => r.map((v, i) => (typeof v !== 'string' ? v : cols[i]!.type === 'text' ? textFormattedCell(v, learned) : textCell(v)));
  const watchText = (block: XlRange, values: readonly (readonly CellValue[])[], isText: (c: number) => boolean) =>
    checks.watch(block, values.length, values[0]?.length ?? 0, (r, c) => (isText(c) && typeof values[r]![c] === 'string' ? (values[r]![c] as string) : undefined));

  // Formats first, in syncs of their own (docs/excel-facts.md, "Formats first"), then values; both in chunks under
  // the 5 MB limit. The new sheet and its id go with the first.
  const lastCol = columnLetter(cols.length - 1);
  const bodyCount = Math.max(bodyRows.length, 1);
  const tableRange = `A${tableTop}:${lastCol}${tableTop + bodyCount}`;
  const bodyFormats = cols.map((c) => REPORT_FORMATS[c.type]);
  // Labels are text; a figure in the header or footer (a total) is a number an accountant can sum, shown to the cent.
  const figureFormat = (v: string | number) => (typeof v === 'number' ? REPORT_FORMATS.money : '@');
  sheet.getRange(`A1:B${lines.length}`).numberFormat = lines.map((l) => ['@', figureFormat(l[1] as string | number)]);
  sheet.getRange(`A${tableTop}:${lastCol}${tableTop}`).numberFormat = [cols.map(() => '@')];
  const f0 = tableTop + bodyCount + 2;
  const footerRange = footer.length ? sheet.getRange(`A${f0}:B${f0 + footer.length - 1}`) : undefined;
  if (footerRange) footerRange.numberFormat = footer.map(([, v]) => ['@', figureFormat(v as string | number)]);
  const perRow = Math.max(bodyRows.length ? estimateJsonBytes(bodyRows.slice(0, 100)) / Math.min(100, bodyRows.length) : 1, estimateJsonBytes([bodyFormats]));
  const rowsPerChunk = Math.max(1, Math.floor(budget / perRow));
  const chunks: { start: number; count: number }[] = [];
  for (let i = 0; i < bodyCount; i += rowsPerChunk) chunks.push({ start: i, count: Math.min(rowsPerChunk, bodyCount - i) });
  const rangeOf = (c: { start: number; count: number }) => sheet.getRange(`A${tableTop + 1 + c.start}:${lastCol}${tableTop + c.start + c.count}`);
  await inChunks(context, chunks, budget, (c) => c.count * perRow, (c) => {
    rangeOf(c).numberFormat = Array.from({ length: c.count }, () => bodyFormats);
  });

  // A small body goes in one request with the header's values and the table (below); a big one in chunks of its
  // own, so that a chunk Excel refuses as too big can be sent again in halves (it was not run).
  const small = bodyRows.length * perRow < budget / 4;
  if (bodyRows.length && small) {
    const block = rangeOf({ start: 0, count: bodyRows.length });
    block.values = bodyRows.map(bodyOut);
    watchText(block, bodyRows, (col) => cols[col]!.type === 'text');
  } else if (bodyRows.length) {
    await inChunks(context, chunks, budget, (c) => c.count * perRow, (c) => {
      const block = rangeOf(c);
      const values = bodyRows.slice(c.start, c.start + c.count);
      block.values = values.map(bodyOut);
      watchText(block, values, (col) => cols[col]!.type === 'text');
    }, () => checks.sent(), {
      split: (c) => (c.count > 1 ? [{ start: c.start, count: c.count >> 1 }, { start: c.start + (c.count >> 1), count: c.count - (c.count >> 1) }] : undefined),
      refused: () => checks.dropUnsent(),
    });
  }
  const headerBlock = sheet.getRange(`A1:B${lines.length}`);
  headerBlock.values = atText(lines);
  watchText(headerBlock, lines, () => true);
  sheet.getRange('A1').format.font.bold = true;
  const columnHeaders = [cols.map((c) => c.header as CellValue)];
  const headerRow = sheet.getRange(`A${tableTop}:${lastCol}${tableTop}`);
  headerRow.values = atText(columnHeaders);
  watchText(headerRow, columnHeaders, () => true);
  if (footerRange) {
    footerRange.values = atText(footer);
    watchText(footerRange, footer, () => true);
  }
  sheet.getRange(`A1:${last}${tableTop + bodyCount}`).format.autofitColumns();
  // Text Excel may not keep as written is read back and mended before the table (text-cells.ts).
  if (checks.pending) {
    await context.sync();
    await checks.repair(context, budget);
  }
  // The table after every value, so that it proves them; then the sheet's final name.
  const table = sheet.tables.add(`${quoteSheet(workName)}!${tableRange}`, true);
  table.name = tableName;
  const name = finalName();
  sheet.name = name;
  sheet.activate();
  if (mayQueue && small) return { name, queued: true };
  await context.sync();
  return { name, queued: false };
}
