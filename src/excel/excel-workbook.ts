/**
 * The workbook adapter: the only code that talks to Excel (through `ExcelRun`, which is `Excel.run` in Excel and
 * the fake's `run` in tests and the playground).
 *
 * Round trips are what users wait for, so each operation is one `Excel.run` with a fixed number of syncs; only
 * the 5 MB request/response limit of Excel on the web adds one sync per chunk. A transaction's first read also asks
 * for what its writes will need (transaction.ts), so that a write adds no round trip of its own. Rows are found by their
 * key in this transaction's read and again in the request that writes them (row-updates.ts), never by a position
 * remembered from an earlier call: users filter and sort tables.
 *
 * Here: set up and the transaction. Reading tables: table-reads.ts (with the table memory, table-memory.ts); one
 * transaction's reads: transaction.ts; writing a batch: table-writes.ts, report-sheets.ts and row-updates.ts.
 */
import type { SetupProgress, SetupReport, WorkbookPort, WorkbookTx } from '../app/ports';
import { WorkbookError } from '../app/ports';
import { columnLetter } from '../domain/codec';
import { NUMBER_FORMATS, TABLES, TABLE_NAMES, type TableDef } from '../domain/schema';
import type { TableName } from '../domain/types';
import { parseAddress } from './cells';
import { type TextCellLearning } from './text-cells';
import { officeCode, wrapOfficeError } from './errors';
import { showExpiry } from './expiry-visuals';
import { repairLostTables } from './setup-repair';
import { ColumnsMoved } from './row-updates';
import { inChunks } from './chunks';
import { TableMemory } from './table-memory';
import { ensureStampSheet } from './stamp-sheet';
import type { ExcelRun, XlRange, XlRequestContext } from './office-subset';
import type { SizeHint } from './table-reads';
import { newTxState, readReports, readTables } from './transaction';
import { writeBatch } from './table-writes';

export interface ExcelWorkbookOptions {
  /** Bytes per request or response Lotbook allows itself; Excel on the web refuses more than 5 MB. */
  readonly payloadBudgetBytes?: number;
  /**
   * What the adapter remembers of the tables between commands (table-memory.ts); a fresh one by default. Pass
   * `false` to read every table whole every time (the bench's cold rows).
   */
  readonly memory?: TableMemory | false;
}

// Excel on the web refuses more than 5 MB (5,242,880 bytes); estimates are within a few percent.
const DEFAULT_BUDGET = 4_600_000;

export function createExcelWorkbook(run: ExcelRun, options: ExcelWorkbookOptions = {}): WorkbookPort {
  const budget = options.payloadBudgetBytes ?? DEFAULT_BUDGET;
  // What the last read saw, so that the next read can plan its chunks without a counting round trip.
  const hints = new Map<TableName, SizeHint>();
  // How this Excel treats text in "@" cells, learned from the first write that shows it (text-cells.ts).
  const learned: TextCellLearning = {};
  const memory = options.memory === false ? undefined : (options.memory ?? new TableMemory());

  return {
    setUp: (onProgress) =>
      guard('setting up the workbook', () =>
        run(async (context) => {
          memory?.forgetAll();
          const report = await setUp(context, budget, onProgress);
          await ensureStampSheet(context, budget);
          if (memory) memory.stampSheet = 'present';
          return report;
        }),
      ),
    transact: (work) =>
      guard('working with the workbook', () =>
        run((context) => {
          const tx = newTxState();
          return work({
            read: (names, readOptions) => readTables(context, names, readOptions ?? {}, budget, hints, tx, memory),
            write: async (batch) => {
              try {
                return await writeBatch(context, batch, budget, hints, tx, learned, memory);
              } catch (e) {
                // A person inserted or deleted a column of a table after this transaction read it: Excel refuses the
                // rows of the old width (InvalidArgument), and the commands before them stand. The same batch again
                // on fresh reads (the first attempt forgot what it had read) ends as a clean run would: report
                // sheets and appends find what the first attempt wrote.
                // The same when a column moved in a table being updated: the cells written were put back.
                if (!(e instanceof ColumnsMoved) && (e instanceof WorkbookError || officeCode(e) !== 'InvalidArgument')) throw e;
                return writeBatch(context, batch, budget, hints, tx, learned, memory);
              }
            },
            readReport: async (report) => (await readReports(context, tx, [report]))[0]!,
            readReports: (reports) => readReports(context, tx, reports),
          } satisfies WorkbookTx);
        }),
      ),
    showExpiry: (request) => guard('marking expiring lots', () => run((context) => showExpiry(context, request))),
    select: (address) =>
      guard(`selecting ${address}`, () =>
        run(async (context) => {
          const a = parseAddress(address);
          context.workbook.worksheets.getItem(a.sheet).getRange(address.slice(address.lastIndexOf('!') + 1)).select();
          await context.sync();
        }),
      ),
  };
}

async function guard<T>(doing: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw wrapOfficeError(e, doing);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Set up

async function setUp(context: XlRequestContext, budget: number, onProgress?: (p: SetupProgress) => void): Promise<SetupReport> {
  const total = TABLE_NAMES.length;
  onProgress?.({ step: 'inspect', done: 0, total });
  const wb = context.workbook;
  const sheets = wb.worksheets.load('items/name');
  const tables = wb.tables.load('items/name');
  await context.sync();

  const sheetNames = sheets.items.map((s) => s.name);
  const findName = (list: readonly string[], n: string) => list.find((x) => x.toLowerCase() === n.toLowerCase());
  // A Lotbook table renamed, or turned into a range, on its own sheet is repaired first (setup-repair.ts).
  const lost = await repairLostTables(context, TABLE_NAMES.filter((n) => !findName(tables.items.map((t) => t.name), n)), sheetNames, budget);
  const tableNames = [...tables.items.map((t) => t.name).filter((n) => !lost.renamed.some((r) => r.from === n)), ...lost.renamed.map((r) => r.table), ...lost.recovered.map((r) => r.table)];

  const existing = TABLE_NAMES.filter((n) => findName(tableNames, n));
  const missing = TABLE_NAMES.filter((n) => !findName(tableNames, n) && !lost.skipped.some((s) => s.table === n));
  const headerRanges = new Map(existing.map((n) => [n, wb.tables.getItem(findName(tableNames, n)!).getHeaderRowRange().load('values')] as const));
  const bodies = new Map(existing.map((n) => [n, wb.tables.getItem(findName(tableNames, n)!).getDataBodyRange().load('rowCount')] as const));
  // The first row of each table, to tell a renamed column from a person's own (below); one row, a few hundred bytes.
  const firstRows0 = new Map(existing.map((n) => [n, wb.tables.getItem(findName(tableNames, n)!).getDataBodyRange().getRow(0).load('values')] as const));
  const usedRanges = new Map(
    missing
      .filter((n) => findName(sheetNames, n))
      .map((n) => [n, wb.worksheets.getItem(findName(sheetNames, n)!).getUsedRangeOrNullObject(true).load('address, rowCount')] as const),
  );
  await context.sync();

  // A sheet that already carries the table's name but holds other data: convert it when its first row has our
  // headers, otherwise leave it alone and say so.
  const firstRows = new Map<TableName, XlRange>();
  for (const [n, used] of usedRanges) if (!used.isNullObject) firstRows.set(n, used.getRow(0).load('values'));
  if (firstRows.size > 0) await context.sync();

  const createdTables: TableName[] = [];
  const addedColumns: { table: TableName; header: string }[] = [];
  const skipped: { table: TableName; reason: string }[] = [...lost.skipped];
  const askedColumns: { table: TableName; header: string; reason: string }[] = [];
  const formatJobs: { range: XlRange; rows: number; format: string }[] = [];

  onProgress?.({ step: 'create', done: 0, total });
  for (const name of missing) {
    const def = TABLES[name] as TableDef;
    const sheetName = findName(sheetNames, name);
    const used = usedRanges.get(name);
    const firstRow = firstRows.get(name);
    if (sheetName && used && !used.isNullObject && firstRow) {
      const headers = (firstRow.values[0] ?? []).map((v) => String(v).trim().toLowerCase());
      const required = def.columns.filter((c) => c.required).map((c) => c.header.toLowerCase());
      if (!required.every((h) => headers.includes(h))) {
        skipped.push({ table: name, reason: `Sheet "${sheetName}" already holds other data (${used.address}). Rename that sheet, or give its first row the headers ${def.columns.map((c) => c.header).join(', ')}.` });
        continue;
      }
      const table = wb.worksheets.getItem(sheetName).tables.add(used, true);
      table.name = name;
      createdTables.push(name);
      // Missing columns of a converted range are added below, with the existing tables.
      headerRanges.set(name, firstRow);
      bodies.set(name, used);
      continue;
    }
    const sheet = sheetName ? wb.worksheets.getItem(sheetName) : wb.worksheets.add(name);
    const last = columnLetter(def.columns.length - 1);
    const header = sheet.getRange(`A1:${last}1`);
    header.values = [def.columns.map((c) => c.header)];
    // Format the rows a new table's data will land in before any value is written (docs/excel-facts.md, "Formats first").
    sheet.getRange(`A2:${last}2`).numberFormat = [def.columns.map((c) => NUMBER_FORMATS[c.type])];
    const table = sheet.tables.add(header, true);
    table.name = name;
    header.format.font.bold = true;
    sheet.freezePanes.freezeRows(1);
    createdTables.push(name);
  }

  for (const [name, headerRange] of headerRanges) {
    if (!existing.includes(name) && !createdTables.includes(name)) continue;
    const def = TABLES[name] as TableDef;
    const have = new Set((headerRange.values[0] ?? []).map((v) => String(v).trim().toLowerCase()));
    const table = wb.tables.getItem(existing.includes(name) ? findName(tableNames, name)! : name);
    const body = bodies.get(name)!;
    const bodyRows = existing.includes(name) ? body.rowCount : Math.max(0, body.rowCount - 1);
    // Headers that are not Lotbook's: a person's own columns, or one of Lotbook's renamed.
    const known = new Set(def.columns.map((c) => c.header.toLowerCase()));
    const headerRow = (headerRange.values[0] ?? []).map((v) => String(v).trim());
    const sample = existing.includes(name) ? (firstRows0.get(name)?.values[0] ?? []) : [];
    // Candidates for a renamed column: a person's column whose first row holds a value of the missing column's type.
    const candidates = (column: TableDef['columns'][number]) =>
      headerRow.filter((h, i) => h !== '' && !known.has(h.toLowerCase()) && looksLike(column, sample[i]));
    for (const column of def.columns) {
      if (have.has(column.header.toLowerCase())) continue;
      // A column the rows depend on, gone from a table that has rows while another column is there that Lotbook does
      // not know, was most likely renamed: an empty duplicate would make every row look blank (every lot without
      // an expiry). Ask instead of guessing.
      const others = column.required || column.essential ? candidates(column) : [];
      if (bodyRows > 0 && others.length > 0) {
        askedColumns.push({ table: name, header: column.header, reason: `${name} has no "${column.header}" column but has ${others.map((h) => `"${h}"`).join(', ')}. If one of those is ${column.header} renamed, rename it back to "${column.header}"; if not, add an empty "${column.header}" column. Then choose "Set up workbook" again.` });
        continue;
      }
      const added = table.columns.add(undefined, undefined, column.header);
      addedColumns.push({ table: name, header: column.header });
      if (bodyRows > 0) formatJobs.push({ range: added.getDataBodyRange(), rows: bodyRows, format: NUMBER_FORMATS[column.type] });
    }
  }
  await context.sync();

  // New columns of big tables can need more than one request for their formats.
  onProgress?.({ step: 'format', done: 0, total: formatJobs.length });
  await inChunks(context, formatJobs, budget, (job) => job.rows * (job.format.length + 3), (job) => {
    job.range.numberFormat = Array.from({ length: job.rows }, () => [job.format]);
  });

  onProgress?.({ step: 'done', done: total, total });
  return {
    createdTables,
    addedColumns,
    skipped,
    ...(askedColumns.length ? { askedColumns } : {}),
    ...(lost.renamed.length ? { renamedTables: lost.renamed } : {}),
    ...(lost.recovered.length ? { recoveredTables: lost.recovered } : {}),
  };
}

/** Whether a cell's value could belong to `column` (a date serial for a date column, a number for a quantity...). */
function looksLike(column: TableDef['columns'][number], v: unknown): boolean {
  if (v === '' || v === null || v === undefined) return false;
  switch (column.type) {
    case 'date':
    case 'datetime':
      return (typeof v === 'number' && v > 0 && v < 2_958_466) || (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v));
    case 'int':
    case 'qty':
    case 'money':
      return typeof v === 'number';
    case 'enum':
      return typeof v === 'string' && (column.values ?? []).some((x) => x.toLowerCase() === v.trim().toLowerCase());
    default:
      return typeof v === 'string';
  }
}
