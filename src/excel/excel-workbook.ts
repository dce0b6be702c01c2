/**
 * The workbook adapter: the only code that talks to Excel (through `ExcelRun`, which is `Excel.run` in Excel and
 * the fake's `run` in tests and the playground).
 *
 * Round trips are what users wait for, so each operation is one `Excel.run` with a fixed number of syncs; only
 * the 5 MB request/response limit of Excel on the web adds one sync per chunk. A transaction's first read also asks
 * for what its writes will need (TxState), so that a write adds no round trip of its own. Rows are found by their
 * key in this transaction's read and again in the request that writes them (row-updates.ts), never by a position
 * remembered from an earlier call: users filter and sort tables.
 */
import type {
  ReadOptions,
  ReportRef,
  ReportTable,
  SetupProgress,
  SetupReport,
  Snapshot,
  TableSnapshot,
  WorkbookPort,
  WorkbookTx,
  WriteBatch,
  WriteReport,
} from '../app/ports';
import { WorkbookError } from '../app/ports';
import { columnLetter, decodeTable, encodeRow, rowKey } from '../domain/codec';
import { keyText } from '../domain/keys';
import { MAX_CELL_CHARS, tooLongForCell } from '../domain/cell-text';
import { NUMBER_FORMATS, TABLES, TABLE_NAMES, TEXT_COLUMN_TYPES, type TableDef } from '../domain/schema';
import type { EntityByTable, TableName } from '../domain/types';
import { estimateJsonBytes, parseAddress } from './cells';
import { atRisk, TextCellChecks, textFormattedCell, type TextCellLearning } from './text-cells';
import { officeCode, wrapOfficeError } from './errors';
import { showExpiry } from './expiry-visuals';
import { repairLostTables } from './setup-repair';
import { ColumnsMoved, findable, writeRowUpdates, type FreshBody, type TableUpdates } from './row-updates';
import { loadedReportTable, queueReportTable, readReportTables, reportTableName, type ReportLoads } from './report-tables';
import { queueSheetState, writeReportSheet, type SheetState } from './report-sheets';
import { inChunks } from './chunks';
import { blockStamp, parseStamp, parseSuper, STAMP_BLOCK_ROWS, STAMP_RANGE, STAMP_SHEET, STAMP_SUPER_BLOCKS, superCell, superCells, type TableStamp } from './stamps';
import { blockSpan, blockWithReadBack, changesOf, guessBody, mergeBlocks, ReadBacks, readBackBlocks, superOf, TableMemory } from './table-memory';
import { ensureStampSheet } from './stamp-sheet';
import type { CellValue, ExcelRun, XlRange, XlRequestContext, XlTable } from './office-subset';

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

interface SizeHint {
  rows: number;
  bytesPerRow: number;
}

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

// ---------------------------------------------------------------------------------------------------------------
// Read

/** What one table looks like in a fresh read: its headers, where it is, and the body columns asked for. */
interface RawTable {
  name: TableName;
  headers: string[];
  headerAddress: string;
  rowCount: number;
  /** Body values of the requested columns, in the order requested (all columns when none were named). */
  body: unknown[][];
  /** The columns `body` holds when only some were read; undefined for whole rows. */
  columns?: readonly string[];
}

interface RawSpec {
  name: TableName;
  /** Headers of the body columns to read; all columns when absent. */
  columns?: readonly string[];
}

/**
 * Rows a table is expected to hold relative to the others (the proportions of a working lot book), used to share
 * the first request's budget when the adapter has not seen the workbook yet.
 */
const TYPICAL_ROWS: Readonly<Record<TableName, number>> = {
  Movements: 10_000,
  Lots: 3_500,
  Shipments: 3_000,
  Runs: 2_000,
  Log: 1_000,
  Orders: 600,
  Customers: 600,
  Products: 400,
  Settings: 50,
};

/**
 * Reads table bodies in as few round trips as the 5 MB limit allows. The first sync reads every header, every
 * row count and as many rows of each table as the budget allows (shared by what the adapter last saw, or by
 * typical proportions); a workbook that fits is read in that one sync. Rows beyond it come in chunks, one sync per
 * chunk. Bytes are estimated; a response that still turns out too big is retried with half the rows.
 */
async function loadRaw(
  context: XlRequestContext,
  specs: readonly RawSpec[],
  budget: number,
  hints: Map<TableName, SizeHint>,
  /** Other loads to make in the first sync; queued again on a retry, since a refused response loses them too. */
  alsoLoad?: () => void,
  /** Tables that `alsoLoad` touches, to name them if they are gone. */
  alsoTables: readonly TableName[] = [],
): Promise<Map<TableName, RawTable>> {
  const names = [...specs.map((s) => s.name), ...alsoTables];
  const share = (s: RawSpec) => (s.columns ? s.columns.length : TABLES[s.name].columns.length);
  const perRow = (s: RawSpec) => {
    const h = hints.get(s.name);
    // Columns read one by one come back as one array per cell ([["M-1"],["M-2"]]): 3 more bytes per cell. And
    // they are the key columns, ids and codes, which run wider than the table's average cell (dates, quantities):
    // twice the average, and at least 24 bytes, so that the first response is not refused (a refusal costs a
    // round trip; the chunks after it are sized from the rows actually read).
    if (s.columns) {
      const average = h ? h.bytesPerRow / Math.max(TABLES[s.name].columns.length, 1) : 14;
      return share(s) * (Math.max(2 * average, 24) + 3);
    }
    return h ? h.bytesPerRow : share(s) * 14 + 3;
  };
  const expected = (s: RawSpec) => hints.get(s.name)?.rows ?? TYPICAL_ROWS[s.name];
  const demand = specs.reduce((sum, s) => sum + expected(s) * perRow(s), 0);

  // getItem, not getItemOrNullObject: what Excel does with a range taken from a null object in the same batch is
  // undocumented (variants.ts). A missing column fails the sync with ItemNotFound, explained below.
  const bodyOf = (table: XlTable, header?: string) => (header ? table.columns.getItem(header).getDataBodyRange() : table.getDataBodyRange());
  const first = specs.map((spec) => ({ spec, cap: Math.max(50, Math.floor((expected(spec) * budget) / Math.max(demand, 1))) }));
  let shapes;
  for (let attempt = 0; ; attempt++) {
    alsoLoad?.();
    shapes = first.map(({ spec, cap }) => {
      const table = context.workbook.tables.getItem(spec.name);
      const header = table.getHeaderRowRange().load('values, address');
      const body = table.getDataBodyRange().load('rowCount');
      // The first `cap` rows, clipped to the table: a small table comes back whole, a big one in part.
      const heads = (cap > 0 ? (spec.columns ?? [undefined]) : []).map((h) => {
        const columnBody = bodyOf(table, h);
        return columnBody.getRow(0).getResizedRange(cap - 1, 0).getIntersectionOrNullObject(columnBody).load('values');
      });
      return { spec, cap, header, body, heads };
    });
    try {
      await syncOrExplainMissing(context, names, specs);
      break;
    } catch (e) {
      // The guess was wrong: read only the sizes now, and everything else in measured chunks.
      if (!isPayloadLimit(e) || attempt >= 1) throw e;
      for (const f of first) f.cap = 0;
    }
  }

  const out = new Map<TableName, RawTable>();
  const chunks: { spec: RawSpec; start: number; count: number; bytes: number; ranges?: XlRange[] }[] = [];
  for (const { spec, header, body, heads } of shapes) {
    const headers = (header.values[0] ?? []).map(String);
    const absent = spec.columns?.filter((h) => !headers.some((x) => x.trim().toLowerCase() === h.toLowerCase())) ?? [];
    if (absent.length) throw new WorkbookError('table-missing', `${spec.name} has no column ${absent.join(', ')}. Choose "Set up workbook" to repair it.`);
    const rows = heads.length ? zipColumns(heads.map((r) => (r.isNullObject ? [] : r.values)), !spec.columns) : [];
    out.set(spec.name, { name: spec.name, headers, headerAddress: header.address, rowCount: body.rowCount, body: rows, columns: spec.columns });
    // Size the chunks from the rows just read, not from the guess.
    const sample = rows.slice(-500);
    // Without a sample (the first response was refused), the guess gets a wide margin.
    const measured = sample.length ? (estimateJsonBytes(sample) / sample.length) * 1.05 : perRow(spec) * 2;
    const rowsPerChunk = Math.max(1, Math.floor(budget / Math.max(measured, 1)));
    for (let start = rows.length; start < body.rowCount; start += rowsPerChunk) {
      const count = Math.min(rowsPerChunk, body.rowCount - start);
      chunks.push({ spec, start, count, bytes: count * measured });
    }
  }
  await inChunks(context, chunks, budget, (c) => c.bytes, (c) => {
    const table = context.workbook.tables.getItem(c.spec.name);
    c.ranges = (c.spec.columns ?? [undefined]).map((h) => bodyOf(table, h).getRow(c.start).getResizedRange(c.count - 1, 0).load('values'));
  }, () => {
    for (const c of chunks) {
      if (!c.ranges) continue;
      // A loop, not push(...rows): a chunk of one narrow column can hold hundreds of thousands of rows.
      const body = out.get(c.spec.name)!.body;
      for (const row of zipColumns(c.ranges.map((r) => r.values), !c.spec.columns)) body.push(row);
      c.ranges = undefined;
    }
  });
  return out;
}

/** Whole rows as they are, or single columns read side by side zipped into rows. */
function zipColumns(parts: unknown[][][], wholeRows: boolean): unknown[][] {
  if (wholeRows) return parts[0] ?? [];
  const n = Math.max(0, ...parts.map((p) => p.length));
  return Array.from({ length: n }, (_, r) => parts.map((p) => p[r]?.[0] ?? ''));
}

/** Excel on the web's 5 MB limit, for a request or a response. */
function isPayloadLimit(e: unknown): boolean {
  const code = officeCode(e);
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded';
}


/**
 * What one transaction has learned so far, for its next steps to use instead of asking Excel again: everything here
 * was read in this transaction, and a write forgets what it changes.
 */
interface TxState {
  /**
   * The tables this transaction has read, as read: a write checks its keys and finds its rows in these instead of
   * reading the tables again (row-updates.ts finds each row by its key in the very request that writes it, and
   * dropLaterDuplicates settles a key another computer appended meanwhile).
   */
  readonly readHere: Map<TableName, RawTable>;
  /** What a write needs besides the rows (filter state, the last row's formats), loaded with them. */
  readonly forWrite: Map<TableName, { readonly filter: { isDataFiltered: boolean }; readonly lastFormats: XlRange }>;
  /** Report tables asked for ahead (ReadOptions.ahead.reports), by table name; null: gone. */
  readonly reports: Map<string, ReportTable | null>;
  /** Report sheets' states asked for ahead (ReadOptions.ahead.sheets), by table name. */
  readonly sheets: Map<string, SheetState>;
}

function newTxState(): TxState {
  return { readHere: new Map(), forWrite: new Map(), reports: new Map(), sheets: new Map() };
}

async function readTables<N extends TableName>(context: XlRequestContext, names: readonly N[], options: ReadOptions<N>, budget: number, hints: Map<TableName, SizeHint>, tx: TxState, memory: TableMemory | undefined): Promise<Snapshot<N>> {
  const unique = [...new Set(names)];
  // A verifying read forgets what is remembered of these tables first: they are read whole, with fresh stamps.
  if (options.verify) for (const name of unique) memory?.tables.delete(name);
  // Report tables the transaction will read, worked out from the tables as remembered: a guess, served only if asked.
  let reports: ReportRef[] = [];
  if (options.ahead?.reports) {
    await memory?.ready();
    reports = options.ahead.reports(memory ? remembered(memory, unique, hints) : undefined).filter((r) => !tx.reports.has(reportTableName(r)));
  }
  const sheets = options.ahead?.sheets ?? [];
  let forWrite = new Map<TableName, { filter: { isDataFiltered: boolean }; lastFormats: XlRange }>();
  let states = new Map<string, SheetState>();
  let reportLoads: ReportLoads[] = [];
  const raw = await readRaw(
    context,
    unique.map((name) => ({ name })),
    budget,
    hints,
    memory,
    () => {
      reportLoads = [];
      forWrite = new Map(unique.map((name) => {
        const table = context.workbook.tables.getItem(name);
        return [name, { filter: table.autoFilter.load('isDataFiltered'), lastFormats: table.getDataBodyRange().getLastRow().load('numberFormat') }] as const;
      }));
      states = new Map(sheets.map((r) => [reportTableName(r), queueSheetState(context, r)] as const));
    },
    unique,
    reports.length ? () => (reportLoads = reports.map((r) => queueReportTable(context, r))) : undefined,
  );
  for (const [name, w] of forWrite) tx.forWrite.set(name, w);
  for (const [name, state] of states) tx.sheets.set(name, state);
  // Empty when the first request failed because one of them is gone (readRaw asked again without them).
  reportLoads.forEach((loads, i) => tx.reports.set(reportTableName(reports[i]!), loadedReportTable(loads)));
  const out = {} as Record<TableName, TableSnapshot>;
  for (const t of raw.values()) {
    tx.readHere.set(t.name, t);
    out[t.name] = snapshotOf(t, hints);
  }
  return out as unknown as Snapshot<N>;
}

/** A table's rows decoded, or the snapshot decoded before from the same rows (bodies are never changed in place). */
function snapshotOf(t: RawTable, hints: Map<TableName, SizeHint>): TableSnapshot {
  // The same rows as last time (every stamp unchanged): the same snapshot, without decoding a million rows again.
  const again = decodedBefore.get(t.body);
  if (again && again.headerAddress === t.headerAddress) return again.snapshot;
  const a = parseAddress(t.headerAddress);
  const origin = { sheet: a.sheet, headerRow: a.row, firstColumn: a.column };
  const decoded = decodeTable(TABLES[t.name] as TableDef, t.headers, t.body, origin);
  const sample = t.body.slice(0, 200);
  hints.set(t.name, { rows: t.rowCount, bytesPerRow: sample.length ? estimateJsonBytes(sample) / sample.length : t.headers.length * 8 });
  const snapshot = { name: t.name, rows: decoded.rows, rowNumbers: decoded.rowNumbers, problems: decoded.problems, badKeys: decoded.badKeys, origin, headers: t.headers } as TableSnapshot;
  decodedBefore.set(t.body, { headerAddress: t.headerAddress, snapshot });
  return snapshot;
}

/**
 * The tables as the adapter remembers them, with the rows it wrote and read back since, without asking Excel
 * (undefined unless it remembers them all), decoded only when a table is looked at: for guesses
 * (ReadOptions.ahead), never for answers.
 */
function remembered<N extends TableName>(memory: TableMemory, names: readonly N[], hints: Map<TableName, SizeHint>): Snapshot<N> | undefined {
  if (!names.every((n) => memory.tables.has(n))) return undefined;
  const out = {} as Record<N, TableSnapshot>;
  for (const name of names) {
    Object.defineProperty(out, name, {
      enumerable: true,
      get: () => {
        const m = memory.tables.get(name)!;
        const body = guessBody(m) as unknown[][];
        return snapshotOf({ name, headers: [...m.headers], headerAddress: m.headerAddress, rowCount: body.length, body }, hints);
      },
    });
  }
  return out as unknown as Snapshot<N>;
}

/** Report tables, those asked for ahead from this transaction's first read and the others now. */
async function readReports(context: XlRequestContext, tx: TxState, reports: readonly ReportRef[]): Promise<Array<ReportTable | null>> {
  const rest = reports.filter((r) => !tx.reports.has(reportTableName(r)));
  const read = rest.length ? await readReportTables(context, rest) : [];
  return reports.map((r) => {
    const name = reportTableName(r);
    if (!tx.reports.has(name)) return read[rest.indexOf(r)] ?? null;
    const ahead = tx.reports.get(name)!;
    // Served once: asked again, it is read again.
    tx.reports.delete(name);
    return ahead;
  });
}

/** Keeps the block stamps of superblock `j` from its cell's value, when the cell answers with the table's stamp of it. */
function takeSuper(cells: Map<number, readonly string[]>, stamp: TableStamp, j: number, value: unknown): void {
  const cell = parseSuper(value);
  if (cell && cell.stamp === stamp.supers[j]) cells.set(j, cell.blocks);
}

/** Snapshots by the remembered body they were decoded from (bodies are never changed in place: table-memory.ts). */
const decodedBefore = new WeakMap<readonly unknown[][], { headerAddress: string; snapshot: TableSnapshot }>();

/**
 * loadRaw, served from what the adapter remembers wherever Excel's stamps say it still holds (stamps.ts). The
 * first round trip reads, with everything loadRaw reads, the stamps of every table and the calculation mode, and
 * the blocks Lotbook itself wrote since (they have new stamps for sure), except those whose written rows it read
 * back: those are confirmed by comparing their stamp with one computed over the rows remembered and read back
 * (table-memory.ts), so that what a write read back costs no bytes. Blocks whose stamps changed for another
 * reason (a person's edit, a sort, a colleague) or that do not confirm are read in the next round trip. Without
 * the stamp sheet, in manual calculation (stamps would not be recalculated) or after a change of headers, tables
 * are read whole.
 */
async function readRaw(
  context: XlRequestContext,
  specs: readonly RawSpec[],
  budget: number,
  hints: Map<TableName, SizeHint>,
  memory: TableMemory | undefined,
  alsoLoad?: () => void,
  alsoTables: readonly TableName[] = [],
  /** Loads of things that may be gone (report tables asked for ahead): when one is, the read goes on without them. */
  mayFail?: () => void,
  strict = false,
): Promise<Map<TableName, RawTable>> {
  if (mayFail) {
    try {
      return await readRaw(context, specs, budget, hints, memory, () => (alsoLoad?.(), mayFail()), alsoTables, undefined, true);
    } catch (e) {
      if (e instanceof WorkbookError || officeCode(e) !== 'ItemNotFound') throw e;
      // Something asked for ahead is gone (a report sheet deleted): the same read without it.
      return readRaw(context, specs, budget, hints, memory, alsoLoad, alsoTables);
    }
  }
  if (!memory || memory.stampSheet === 'absent') return loadRaw(context, specs, budget, hints, alsoLoad, alsoTables);
  await memory.ready();
  const warm = specs.filter((s) => memory.tables.has(s.name));
  const cold = specs.filter((s) => !memory.tables.has(s.name));
  const sheet = () => context.workbook.worksheets.getItem(STAMP_SHEET);
  type Probe = { header: XlRange; body: XlRange; blocks: Map<number, XlRange>; supers: Map<number, XlRange>; allSupers?: XlRange };
  let probe: { stamps: XlRange; app: { calculationMode: string }; tables: Map<TableName, Probe>; coldSupers: Map<TableName, XlRange> } | undefined;
  let raws: Map<TableName, RawTable>;
  try {
    raws = await loadRaw(context, cold, budget, hints, () => {
      alsoLoad?.();
      const tables = new Map<TableName, Probe>();
      // What Lotbook wrote is read back in this first request up to a quarter of the budget (a big import's blocks
      // would make the response too big); the rest is found changed by its stamps and read in chunks after.
      let prefetch = budget / 4;
      for (const s of warm) {
        const memo = memory.tables.get(s.name)!;
        const table = context.workbook.tables.getItem(s.name);
        const body = table.getDataBodyRange();
        const blocks = new Map<number, XlRange>();
        const supers = new Map<number, XlRange>();
        const blockBytes = STAMP_BLOCK_ROWS * (hints.get(s.name)?.bytesPerRow ?? memo.headers.length * 14) * 1.1;
        const readBack = readBackBlocks(memo);
        for (const k of [...memo.touched].sort((a, b) => a - b)) {
          if (!readBack.has(k)) {
            // Blocks written but not read back come first thing; past the cap they are found changed by their stamps.
            if (prefetch < blockBytes) continue;
            prefetch -= blockBytes;
            const { start } = blockSpan(k, Number.MAX_SAFE_INTEGER);
            blocks.set(k, body.getRow(0).getOffsetRange(start, 0).getResizedRange(STAMP_BLOCK_ROWS - 1, 0).getIntersectionOrNullObject(body).load('values'));
          }
          // The stamps of the blocks around it too: its superblock's stamp has changed for sure.
          if (!supers.has(superOf(k))) supers.set(superOf(k), sheet().getRange(superCell(s.name, superOf(k))).load('values'));
        }
        // Kept from an earlier session without superblock stamps (table-memory.ts): every block stamp, now.
        const allSupers = memo.supers.length === 0 ? sheet().getRange(superCells(s.name)).load('values') : undefined;
        tables.set(s.name, { header: table.getHeaderRowRange().load('values, address'), body: body.load('rowCount'), blocks, supers, allSupers });
      }
      probe = {
        stamps: sheet().getRange(STAMP_RANGE).load('values'),
        app: context.workbook.application.load('calculationMode'),
        tables,
        // A table read whole is remembered with the stamps of all its blocks.
        coldSupers: new Map(cold.filter((s) => !s.columns).map((s) => [s.name, sheet().getRange(superCells(s.name)).load('values')] as const)),
      };
    }, [...alsoTables, ...warm.map((s) => s.name)]);
  } catch (e) {
    // Every table is there (loadRaw names a missing one), so what is not found is the stamp sheet, unless something
    // that may be gone was asked for too (the caller asks again without it).
    if (strict || e instanceof WorkbookError || officeCode(e) !== 'ItemNotFound') throw e;
    memory.stampSheet = 'absent';
    memory.forgetAll();
    return loadRaw(context, specs, budget, hints, alsoLoad, alsoTables);
  }
  const { stamps, app, tables, coldSupers } = probe!;
  memory.stampSheet = 'present';
  if (app.calculationMode !== 'Automatic') {
    // Stamps are recalculated only in automatic calculation: nothing remembered can be trusted.
    memory.forgetAll();
    for (const [name, raw] of await loadRaw(context, warm, budget, hints)) raws.set(name, raw);
    return raws;
  }
  const stampRow = stamps.values[1] ?? [];
  const stampOf = (name: TableName): TableStamp | null => parseStamp(stampRow[(stamps.values[0] ?? []).indexOf(name)]);
  /** Block stamps of a whole table from its superblock cells; null when they do not add up. */
  const blockStampsOf = (stamp: TableStamp | null, cells: readonly unknown[][]) => {
    if (!stamp) return null;
    const out: string[] = [];
    for (let j = 0; j < stamp.supers.length; j++) {
      const cell = parseSuper(cells[j]?.[0]);
      if (!cell || cell.stamp !== stamp.supers[j]) return null;
      out.push(...cell.blocks);
    }
    return out.length === Math.ceil(stamp.rows / STAMP_BLOCK_ROWS) ? out : null;
  };
  const remember = (raw: RawTable, stamp: TableStamp | null, blockStamps: readonly string[] | null) => {
    if (raw.columns) return;
    if (!stamp || !blockStamps || stamp.rows !== raw.rowCount) memory.tables.delete(raw.name);
    else {
      memory.tables.set(raw.name, { headers: raw.headers, headerAddress: raw.headerAddress, rows: raw.rowCount, stamps: blockStamps, supers: stamp.supers, body: raw.body, touched: new Set(), written: new Map() });
      memory.keep(raw.name, 'all');
    }
  };
  for (const raw of raws.values()) {
    const stamp = stampOf(raw.name);
    remember(raw, stamp, blockStampsOf(stamp, coldSupers.get(raw.name)?.values ?? []));
    memory.counts.tablesRead++;
  }

  // Tables remembered: which superblocks, then which blocks, changed.
  const whole: RawSpec[] = [];
  type Plan = { headers: string[]; headerAddress: string; rows: number; stamp: TableStamp; have: Map<number, unknown[][]>; cells: Map<number, readonly string[]>; confirmed: Set<number> };
  const plans = new Map<TableName, Plan>();
  for (const s of warm) {
    const t = tables.get(s.name)!;
    const stamp = stampOf(s.name);
    const rows = t.body.rowCount;
    if (!stamp || stamp.rows !== rows) {
      whole.push({ name: s.name });
      continue;
    }
    const have = new Map<number, unknown[][]>();
    for (const [k, r] of t.blocks) if (!r.isNullObject && r.values.length === blockSpan(k, rows).count) have.set(k, r.values);
    const cells = new Map<number, readonly string[]>();
    for (const [j, r] of t.supers) takeSuper(cells, stamp, j, r.values[0]?.[0]);
    (t.allSupers?.values ?? []).forEach((row, j) => takeSuper(cells, stamp, j, row[0]));
    plans.set(s.name, { headers: (t.header.values[0] ?? []).map(String), headerAddress: t.header.address, rows, stamp, have, cells, confirmed: new Set() });
  }
  /**
   * Blocks whose written rows were read back: their stamp computed over memory's rows with the read-back rows in
   * place, against Excel's. Equal, the block is taken as it is, without its bytes; different, it is read with the
   * other changed blocks (a person edited it meanwhile, or the JavaScript copy disagrees with Excel: stamps.ts).
   */
  const confirm = (name: TableName, plan: Plan) => {
    const memo = memory.tables.get(name)!;
    // Rows of the same table with other headers would not be the rows the stamp covers.
    if (plan.headerAddress !== memo.headerAddress || plan.headers.join('\u0000') !== memo.headers.join('\u0000')) return;
    for (const k of readBackBlocks(memo)) {
      const excel = plan.cells.get(superOf(k))?.[k - superOf(k) * STAMP_SUPER_BLOCKS];
      if (excel === undefined || plan.have.has(k)) continue;
      const rows = blockWithReadBack(memo, k, plan.rows);
      if (rows && blockStamp(rows) === excel) {
        plan.have.set(k, rows);
        plan.confirmed.add(k);
      }
    }
  };
  for (const [name, plan] of plans) confirm(name, plan);
  // Superblocks that changed for another reason than Lotbook's own write (a hand edit, a sort...): their block
  // stamps, in one more round trip.
  const changesIn = (name: TableName, plan: Plan) => changesOf(memory.tables.get(name)!, plan.headers, plan.headerAddress, plan.stamp, plan.cells, new Set(plan.have.keys()));
  const changes = new Map([...plans].map(([name, plan]) => [name, changesIn(name, plan)] as const));
  const more = [...changes].flatMap(([name, change]) => (change?.supers ?? []).map((j) => ({ name, j, range: undefined as XlRange | undefined })));
  if (more.length) {
    for (const m of more) m.range = sheet().getRange(superCell(m.name, m.j)).load('values');
    await context.sync();
    for (const m of more) takeSuper(plans.get(m.name)!.cells, plans.get(m.name)!.stamp, m.j, m.range!.values[0]?.[0]);
    for (const name of new Set(more.map((m) => m.name))) {
      confirm(name, plans.get(name)!);
      changes.set(name, changesIn(name, plans.get(name)!));
    }
  }
  const wanted: { name: TableName; k: number; start: number; count: number; bytes: number; range?: XlRange; values?: unknown[][] }[] = [];
  const blockStamps = new Map<TableName, string[]>();
  for (const [name, plan] of plans) {
    const change = changes.get(name);
    // Headers changed, or a superblock's cells did not answer with its stamp (changed again meanwhile): read whole.
    if (!change || change.supers.length) {
      plans.delete(name);
      whole.push({ name });
      continue;
    }
    blockStamps.set(name, change.stamps);
    const perRow = hints.get(name)?.bytesPerRow ?? plan.headers.length * 14;
    for (const k of change.blocks) {
      const { start, count } = blockSpan(k, plan.rows);
      wanted.push({ name, k, start, count, bytes: count * perRow * 1.1 });
    }
  }
  await inChunks(context, wanted, budget, (w) => w.bytes, (w) => {
    w.range = context.workbook.tables.getItem(w.name).getDataBodyRange().getRow(w.start).getResizedRange(w.count - 1, 0).load('values');
  }, () => {
    for (const w of wanted) if (w.range && !w.values) w.values = w.range.values;
  });
  for (const [name, plan] of plans) {
    const memo = memory.tables.get(name)!;
    const blocks = new Map(plan.have);
    for (const w of wanted) if (w.name === name) blocks.set(w.k, w.values!);
    memory.counts.blocksRead += blocks.size - plan.confirmed.size;
    memory.counts.blocksConfirmed += plan.confirmed.size;
    memory.counts.blocksKept += Math.ceil(plan.rows / STAMP_BLOCK_ROWS) - blocks.size;
    const body = blocks.size === 0 && memo.rows === plan.rows ? (memo.body as unknown[][]) : mergeBlocks(memo.body, plan.rows, blocks);
    const raw: RawTable = { name, headers: plan.headers, headerAddress: plan.headerAddress, rowCount: plan.rows, body };
    memory.tables.set(name, { ...memo, headers: plan.headers, headerAddress: plan.headerAddress, rows: plan.rows, stamps: blockStamps.get(name)!, supers: plan.stamp.supers, body, touched: new Set(), written: new Map() });
    memory.keep(name, [...blocks.keys()]);
    raws.set(name, raw);
  }
  if (whole.length) {
    // Read whole, with the stamps of all their blocks in the same first round trip (queued again if it is refused).
    let cells = new Map<TableName, XlRange>();
    const read = await loadRaw(context, whole, budget, hints, () => {
      cells = new Map(whole.map((w) => [w.name, sheet().getRange(superCells(w.name)).load('values')] as const));
    });
    for (const raw of read.values()) {
      const stamp = stampOf(raw.name);
      remember(raw, stamp, blockStampsOf(stamp, cells.get(raw.name)!.values));
      memory.counts.tablesRead++;
      raws.set(raw.name, raw);
    }
  }
  return raws;
}

async function syncOrExplainMissing(context: XlRequestContext, names: readonly TableName[], specs: readonly RawSpec[] = []): Promise<void> {
  try {
    await context.sync();
  } catch (e) {
    if (officeCode(e) !== 'ItemNotFound') throw e;
    const tables = context.workbook.tables.load('items/name');
    await context.sync();
    const have = new Set(tables.items.map((t) => t.name.toLowerCase()));
    const gone = names.filter((n) => !have.has(n.toLowerCase()));
    if (gone.length === 0) {
      // The tables are there: a column is not.
      const withColumns = specs.filter((s) => s.columns?.length);
      const headers = withColumns.map((s) => ({ spec: s, row: context.workbook.tables.getItem(s.name).getHeaderRowRange().load('values') }));
      if (headers.length) await context.sync();
      for (const { spec, row } of headers) {
        const present = (row.values[0] ?? []).map((h) => String(h).trim().toLowerCase());
        const absent = spec.columns!.filter((h) => !present.includes(h.toLowerCase()));
        if (absent.length) throw new WorkbookError('table-missing', `${spec.name} has no column ${absent.join(', ')}. Choose "Set up workbook" to repair it.`, 'ItemNotFound');
      }
      throw e;
    }
    throw new WorkbookError('table-missing', `The table${gone.length > 1 ? 's' : ''} ${gone.join(', ')} ${gone.length > 1 ? 'are' : 'is'} missing from this workbook. Choose "Set up workbook" to create ${gone.length > 1 ? 'them' : 'it'}; existing data is kept.`, 'ItemNotFound');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Write

/** The cells of an entity as they should read back, in the table's actual column order (text as it is). */
function intendedRow<N extends TableName>(def: TableDef<N>, entity: EntityByTable[N], headers: readonly string[]): CellValue[] {
  return encodeRow(def, entity, headers, (s) => s);
}

/** Which columns of a table's actual headers are Lotbook's text columns (formatted "@"). */
function textColumns(def: TableDef, headers: readonly string[]): boolean[] {
  return headers.map((h) => {
    const c = def.columns.find((col) => col.header.toLowerCase() === h.trim().toLowerCase());
    return c !== undefined && TEXT_COLUMN_TYPES.has(c.type);
  });
}

/** The values to write for an intended row: text in "@" columns in the form this Excel keeps (text-cells.ts). */
function encodedRow(intended: readonly CellValue[], isText: readonly boolean[], learned: TextCellLearning): CellValue[] {
  return intended.map((v, i) => (typeof v === 'string' && isText[i] ? textFormattedCell(v, learned) : v));
}

interface WriteTarget {
  name: TableName;
  def: TableDef;
  table: XlTable;
  filter?: { isDataFiltered: boolean };
  lastFormats?: XlRange;
  raw?: RawTable;
}

interface AppendPlan {
  target: WriteTarget;
  headers: string[];
  rows: CellValue[][];
  isText: boolean[];
  lastFormats?: XlRange;
  /** The key columns of the rows after those the write saw, read in the request that appended (ours are the last). */
  tail?: XlRange[];
  /** A small append's read-back, in the request that appended: the table's row count then and its last rows. */
  after?: { count: XlRange; rows: XlRange };
  /** The headers just before the first of these rows was added, and the row count just after the last was. */
  headersThen?: XlRange;
  countAfter?: XlRange;
}

/** Rows another computer may have appended between a write's check and its append that the write looks at. */
const TAIL_SLACK = 50;

/**
 * Rows appended after a person inserted, deleted or moved a column since this transaction's read went in under the
 * headers as read: each value is written again under its own header, in the rows just added (the last ones, read
 * in the same request); a column the write does not know is left as it is (null leaves a cell unchanged).
 */
async function realignAppends(context: XlRequestContext, plans: readonly AppendPlan[], learned: TextCellLearning): Promise<boolean> {
  const moved = plans.filter((p) => {
    if (!p.headersThen || !p.countAfter) return false;
    const now = (p.headersThen.values[0] ?? p.headers).map(String);
    return now.length !== p.headers.length || now.some((h, i) => h !== p.headers[i]);
  });
  if (moved.length === 0) return false;
  for (const p of moved) {
    const now = p.headersThen!.values[0]!.map(String);
    const from = now.map((h) => p.headers.indexOf(h));
    const rows = p.rows.map((r) => encodedRow(from.map((i) => (i >= 0 ? r[i]! : '')), from.map((i) => i >= 0 && p.isText[i] === true), learned).map((v, c) => (from[c]! >= 0 ? v : null)));
    const n = p.rows.length;
    p.target.table.getDataBodyRange().getRow(p.countAfter!.rowCount - n).getResizedRange(n - 1, 0).values = rows as CellValue[][];
  }
  await context.sync();
  return true;
}

/**
 * Two computers appending the same key at once (each checked before the other appended) leave two rows. Each
 * writer sees the rows appended after its check, its own last; a row of ours whose key an earlier row of that
 * tail already holds is deleted, so both writers agree on one row: the first in sheet order.
 */
async function dropLaterDuplicates(context: XlRequestContext, plans: readonly AppendPlan[], appended: Partial<Record<TableName, number>>, skipped: Partial<Record<TableName, number>>): Promise<Set<TableName>> {
  const deletions: { plan: AppendPlan; index: number }[] = [];
  for (const p of plans) {
    if (!p.tail || p.tail.some((r) => r.isNullObject)) continue;
    const tail = zipColumns(p.tail.map((r) => r.values), false);
    // More rows came than the window holds: ours are not the last of it, and the next read sees the duplicate.
    if (tail.length >= p.rows.length + TAIL_SLACK) continue;
    const keyOf = (row: readonly unknown[]) => row.map((v) => keyText(v)).join('\u0000');
    const seen = new Set<string>();
    const oursFrom = tail.length - p.rows.length;
    tail.forEach((row, i) => {
      const k = keyOf(row);
      if (i >= oursFrom && seen.has(k)) deletions.push({ plan: p, index: p.target.raw!.rowCount + i });
      seen.add(k);
    });
  }
  if (deletions.length === 0) return new Set();
  // Bottom up, so that each index still points at its row.
  for (const d of deletions.sort((a, b) => b.index - a.index)) {
    d.plan.target.table.rows.getItemAt(d.index).delete();
    appended[d.plan.target.name] = (appended[d.plan.target.name] ?? 1) - 1;
    skipped[d.plan.target.name] = (skipped[d.plan.target.name] ?? 0) + 1;
  }
  await context.sync();
  return new Set(deletions.map((d) => d.plan.target.name));
}

async function writeBatch(context: XlRequestContext, batch: WriteBatch, budget: number, hints: Map<TableName, SizeHint>, tx: TxState, learned: TextCellLearning, memory: TableMemory | undefined): Promise<WriteReport> {
  const appended: Partial<Record<TableName, number>> = {};
  const skipped: Partial<Record<TableName, number>> = {};
  const updated: Partial<Record<TableName, number>> = {};
  // Tables with rows to write (a use case may pass an empty list).
  const names = [...new Set([...Object.entries(batch.append ?? {}), ...Object.entries(batch.update ?? {})].filter(([, rows]) => rows?.length).map(([name]) => name))] as TableName[];
  refuseOverlongText(batch);

  // What the batch touches, as this transaction read it (the keys appends skip, the rows updates change, the filter
  // state), with no round trip of its own. A table it has not read is read now: keys for appends (to skip rows an
  // earlier attempt wrote), whole rows for updates (to find them by key and keep users' columns).
  const targets = names.map((name): WriteTarget => ({ name, def: TABLES[name] as TableDef, table: context.workbook.tables.getItem(name) }));
  const spec = (t: WriteTarget): RawSpec => (batch.update?.[t.name]?.length ? { name: t.name } : { name: t.name, columns: t.def.key.map((f) => t.def.columns.find((c) => c.field === f)!.header) });
  const unread = targets.filter((t) => !tx.readHere.has(t.name) || !tx.forWrite.has(t.name));
  const raws = unread.length
    ? await readRaw(context, unread.map(spec), budget, hints, memory, () => {
        for (const t of unread) {
          t.filter = t.table.autoFilter.load('isDataFiltered');
          if (batch.append?.[t.name]?.length) t.lastFormats = t.table.getDataBodyRange().getLastRow().load('numberFormat');
        }
      }, unread.map((t) => t.name))
    : new Map<TableName, RawTable>();
  for (const t of targets) {
    const read = tx.forWrite.get(t.name);
    if (read && !raws.has(t.name)) {
      t.raw = tx.readHere.get(t.name);
      t.filter = read.filter;
      if (batch.append?.[t.name]?.length) t.lastFormats = read.lastFormats;
    } else t.raw = raws.get(t.name);
  }
  // Written from here on: a later read or write of this transaction asks Excel again.
  for (const name of names) {
    tx.readHere.delete(name);
    tx.forWrite.delete(name);
  }
  tx.reports.clear();

  const plans: AppendPlan[] = [];
  const rowUpdates: TableUpdates[] = [];
  const freshBodies = new Map<TableName, FreshBody>();
  for (const t of targets) {
    const raw = t.raw!;
    const headers = raw.headers;
    const lower = headers.map((h) => h.trim().toLowerCase());
    const keyIdx = t.def.key.map((f) => {
      const header = t.def.columns.find((c) => c.field === f)!.header.toLowerCase();
      // Whole rows (an update's read, or the transact's own read) hold the key where its header is; a key read
      // holds the key columns in key order.
      return raw.columns ? t.def.key.indexOf(f) : lower.indexOf(header);
    });
    const keyOf = (rowIndex: number) => keyIdx.map((i) => keyText(raw.body[rowIndex]?.[i])).join('\u0000');
    const present = new Map<string, number>();
    for (let r = 0; r < raw.rowCount; r++) {
      const k = keyOf(r);
      if (k.replace(/\u0000/g, '') !== '' && !present.has(k)) present.set(k, r);
    }
    const entityKey = (e: unknown) => t.def.key.map((f) => keyText((e as Record<string, unknown>)[f])).join('\u0000');

    const toAppend = (batch.append?.[t.name] ?? []) as EntityByTable[TableName][];
    const fresh: CellValue[][] = [];
    const seen = new Set<string>();
    for (const e of toAppend) {
      const k = entityKey(e);
      if (present.has(k) || seen.has(k)) continue;
      seen.add(k);
      fresh.push(intendedRow(t.def, e as never, headers));
    }
    appended[t.name] = fresh.length;
    skipped[t.name] = toAppend.length - fresh.length;
    // Before anything is written (a write can fail half-way): the next read takes these blocks again first thing.
    if (fresh.length) memory?.touchRange(t.name, raw.rowCount, raw.rowCount + fresh.length - 1);
    const isText = textColumns(t.def, headers);
    if (fresh.length) plans.push({ target: t, headers, rows: fresh, isText, lastFormats: t.lastFormats });

    const toUpdate = (batch.update?.[t.name] ?? []) as EntityByTable[TableName][];
    if (toUpdate.length) {
      const missingRows = toUpdate.filter((e) => !present.has(entityKey(e)));
      if (missingRows.length) {
        throw new WorkbookError('table-missing', `${t.name} has no row for ${missingRows.map((e) => rowKey(t.def, e as never)).join(', ')} any more (deleted or renamed in Excel?). Nothing was written.`);
      }
      const changes: { row: number; col: number; value: CellValue }[] = [];
      for (const e of toUpdate) {
        const r = present.get(entityKey(e))!;
        const cells = intendedRow(t.def, e as never, headers);
        const current = raw.body[r] ?? [];
        const ours = new Set(t.def.columns.map((c) => c.header.toLowerCase()));
        headers.forEach((h, c) => {
          if (!ours.has(h.trim().toLowerCase())) return; // users' own columns are theirs
          if (!sameCell(current[c], cells[c]!)) changes.push({ row: r, col: c, value: cells[c]! });
        });
      }
      if (changes.length && t.filter?.isDataFiltered) {
        throw new WorkbookError('table-filtered', `${t.name} is filtered in Excel, and Lotbook must update ${new Set(changes.map((c) => c.row)).size} of its rows. Writing into a filtered table can put values in the wrong rows, so nothing was written: clear the filter on ${t.name} (Data > Clear) and try again.`);
      }
      memory?.touch(t.name, changes.map((c) => c.row));
      // Each row is found by its key again in the batch that writes it (row-updates.ts): a sort since this read
      // must not put the values on another lot's row.
      const byRow = new Map<number, { col: number; value: CellValue; text: boolean }[]>();
      for (const ch of changes) byRow.set(ch.row, [...(byRow.get(ch.row) ?? []), { col: ch.col, value: ch.value, text: isText[ch.col] === true }]);
      const entityAt = new Map(toUpdate.map((e) => [present.get(entityKey(e))!, e] as const));
      rowUpdates.push({
        name: t.name,
        table: t.table,
        headers,
        width: headers.length,
        rows: [...byRow].map(([r, cells]) => {
          const e = entityAt.get(r) as unknown as Record<string, unknown>;
          return { key: t.def.key.map((f, i) => ({ col: keyIdx[i]!, text: keyText(e[f]) })), label: rowKey(t.def, e as never).replace(/\u0000/g, ' / '), cells };
        }),
      });
      freshBodies.set(t.name, raw.body);
      updated[t.name] = byRow.size;
    }
  }

  // New rows take the number formats of the table's last row (as in Excel). Where a user changed them, restore
  // the column formats on that row first, in a sync of their own, so that nothing is typed into a General cell.
  // The apostrophes of textCell protect the values either way.
  const fixes = plans.filter((p) => !p.target.filter?.isDataFiltered && p.lastFormats);
  let fixed = false;
  for (const p of fixes) {
    const wanted = p.headers.map((h, i) => {
      const c = p.target.def.columns.find((col) => col.header.toLowerCase() === h.trim().toLowerCase());
      return c ? NUMBER_FORMATS[c.type] : String(p.lastFormats!.numberFormat[0]?.[i] ?? 'General');
    });
    const have = (p.lastFormats!.numberFormat[0] ?? []).map(String);
    if (wanted.some((w, i) => w !== have[i])) {
      p.lastFormats!.numberFormat = [wanted];
      fixed = true;
    }
  }
  if (fixed) await context.sync();

  // Report sheets first, then appends, then cell updates. Updates come last because a use case's updates (a
  // lot's status, On Hand, a count marked posted) are derived from the rows it appends: a retry that finds its rows
  // can derive them again (own-effects.ts), and updates that landed prove that everything before them did.
  // The last request of the last report sheet, when small, goes with the appends and updates below (commands run in
  // order, so the report still comes first).
  const sheetNames: string[] = [];
  let queued = false;
  for (const [i, sheet] of (batch.sheets ?? []).entries()) {
    const name = reportTableName({ id: sheet.id, table: sheet.table.name });
    const written = await writeReportSheet(context, sheet, budget, learned, tx.sheets.get(name), i === batch.sheets!.length - 1);
    tx.sheets.delete(name);
    sheetNames.push(written.name);
    queued = written.queued;
  }

  // Calculation is not suspended: Microsoft leaves recalculating after suspendApiCalculationUntilNextSync to the
  // add-in, and a person's formulas over these tables must never show stale totals (docs/excel-facts.md).
  const chunks: { plan: (typeof plans)[number]; rows: CellValue[][] }[] = [];
  for (const p of plans) {
    const perRow = p.rows.length ? estimateJsonBytes(p.rows.slice(0, 100)) / Math.min(100, p.rows.length) : 1;
    const rowsPerChunk = Math.max(1, Math.floor(budget / perRow));
    for (let i = 0; i < p.rows.length; i += rowsPerChunk) chunks.push({ plan: p, rows: p.rows.slice(i, i + rowsPerChunk) });
  }
  // Text that an "@" cell may not keep as written is read back in the same round trip and mended (text-cells.ts).
  // Not in a filtered table: a write into its body can land on the wrong rows (office-js #224), so there the safe
  // form (never a formula) stays.
  const checks = new TextCellChecks(learned);
  // Rows read back from Excel in the requests that write them, for the table memory (table-memory.ts); kept only if
  // the write ends well, and not where they may not stay as read.
  const readBacks = new ReadBacks();
  // The appends' own loads (headers, row count, the tail) queued for a request not answered yet: a request Excel
  // refuses runs nothing, so its loads are forgotten and queued again with the rows.
  const unsent = new Set<object>();
  const forgetUnsent = () => {
    for (const p of plans) {
      if (p.headersThen && unsent.has(p.headersThen)) p.headersThen = undefined;
      if (p.countAfter && unsent.has(p.countAfter)) p.countAfter = undefined;
      if (p.tail?.some((r) => unsent.has(r))) p.tail = undefined;
    }
    unsent.clear();
  };
  const queueAppend = (c: (typeof chunks)[number]) => {
    const { table, filter } = c.plan.target;
    // A column moved since this transaction's read would put values under the wrong headers: the headers as the
    // plan's first rows go in, to mend them after (realignAppends). (Chunks halved after a refusal share rows.)
    if (c.rows[0] === c.plan.rows[0]) {
      c.plan.headersThen = table.getHeaderRowRange().load('values');
      unsent.add(c.plan.headersThen);
    }
    table.rows.add(undefined, c.rows.map((r) => encodedRow(r, c.plan.isText, learned)));
    // A small append, sent whole, reads back the table's row count and its last rows, through new range objects:
    // ours, if the count is what this write expects (below). Well under the budget, so that the response stays small.
    // Not into a filtered table, where the rows land is not documented (variants.ts).
    if (!filter?.isDataFiltered && chunks.filter((x) => x.plan === c.plan).length === 1 && c.rows.length === c.plan.rows.length && estimateJsonBytes(c.rows) < budget / 16) {
      const k = c.rows.length;
      c.plan.after = { count: table.getDataBodyRange().load('rowCount'), rows: table.getDataBodyRange().getLastRow().getOffsetRange(-(k - 1), 0).getResizedRange(k - 1, 0).load('values') };
    }
    // In the same request, the rows that came after the ones this write saw, ours last. Another computer (or
    // window) may have appended the same key between this write's check and its append (co-authoring, an outbox
    // flushed twice); then the first row in sheet order is kept (below).
    if (c.rows.at(-1) === c.plan.rows.at(-1)) {
      c.plan.countAfter = table.getDataBodyRange().load('rowCount');
      unsent.add(c.plan.countAfter);
      const { def, raw } = c.plan.target;
      c.plan.tail = def.key.map((f) => {
        const column = table.columns.getItem(def.columns.find((col) => col.field === f)!.header).getDataBodyRange();
        return column.getRow(0).getOffsetRange(raw!.rowCount, 0).getResizedRange(c.plan.rows.length + TAIL_SLACK - 1, 0).getIntersectionOrNullObject(column).load('values');
      });
      for (const r of c.plan.tail) unsent.add(r);
    }
    if (filter?.isDataFiltered || !c.rows.some((r) => r.some((v, idx) => c.plan.isText[idx] && typeof v === 'string' && atRisk(v)))) return;
    const k = c.rows.length;
    const block = table.getDataBodyRange().getLastRow().getOffsetRange(-(k - 1), 0).getResizedRange(k - 1, 0);
    checks.watch(block, k, c.plan.headers.length, (r, col) => (c.plan.isText[col] && typeof c.rows[r]![col] === 'string' ? (c.rows[r]![col] as string) : undefined), (r, col) => {
      // A repair comes a round trip later, and a sort may come in between: find the new row by its id where it has one.
      const key = c.plan.target.def.key;
      const kc = key.length === 1 ? c.plan.headers.findIndex((h) => h.trim().toLowerCase() === c.plan.target.def.columns.find((x) => x.field === key[0])!.header.toLowerCase()) : -1;
      const id = c.rows[r]?.[kc];
      if (kc < 0 || typeof id !== 'string' || !findable(id)) return undefined;
      return table.getDataBodyRange().getColumn(kc).find(id, { completeMatch: true, matchCase: false }).getOffsetRange(0, col - kc);
    });
  };
  // A small append before row updates (a receipt's Log row and its lot's status) rides in the updates' first
  // request, and with a report sheet's last request: Excel runs a request's commands in order, so the report still
  // comes first and the updates last, and a command costs fewer round trips. Only well under the budget, so that
  // the request is never refused for its size.
  const appendBytes = chunks.reduce((sum, c) => sum + estimateJsonBytes(c.rows), 0);
  const updateBytes = rowUpdates.reduce((sum, t) => sum + t.rows.reduce((n, r) => n + 400 + estimateJsonBytes([r.cells.map((c) => c.value)]), 0), 0);
  if (queued && appendBytes + updateBytes >= budget / 4) {
    await context.sync();
    queued = false;
  }
  const updating = rowUpdates.some((t) => t.rows.length > 0);
  const carry = (updating || queued) && appendBytes < budget / 4;
  if (carry) chunks.forEach(queueAppend);
  else {
    await inChunks(context, chunks, budget, (c) => estimateJsonBytes(c.rows), queueAppend, () => (checks.sent(), unsent.clear()), {
      // Excel refused a chunk as too big (the estimate was wrong): nothing of it was added, so send its rows again in
      // two halves; each row is still added once.
      split: (c) => (c.rows.length > 1 ? [{ plan: c.plan, rows: c.rows.slice(0, c.rows.length >> 1) }, { plan: c.plan, rows: c.rows.slice(c.rows.length >> 1) }] : undefined),
      refused: () => {
        checks.dropUnsent();
        forgetUnsent();
        // Halves of a chunk are not read back (their blocks are read whole next time).
        readBacks.spoil();
      },
    });
  }
  if (carry && !updating) {
    // No updates to carry it: the report's last request and the appends go now.
    await context.sync();
    checks.sent();
  }
  await writeRowUpdates(context, rowUpdates, freshBodies, {
    budget,
    learned,
    checks,
    inChunks,
    reread: async (names) => new Map([...(await loadRaw(context, names.map((name) => ({ name })), budget, hints))].map(([n, r]) => [n, r.body] as const)),
    readBacks,
  });
  unsent.clear();
  if (checks.pending) {
    // Text an "@" cell may not keep as written: a repair may change what was read back.
    readBacks.spoil();
    await checks.repair(context, budget);
  }
  // Rows written again under their headers are not as read back.
  if (await realignAppends(context, plans, learned)) readBacks.spoil();
  readBacks.spoil(await dropLaterDuplicates(context, plans, appended, skipped));
  for (const p of plans) {
    const raw = p.target.raw!;
    if (!p.after || !readBacks.keeps(p.target.name)) continue;
    // Someone else added or deleted rows meanwhile: the last rows may not all be ours, and the blocks are read whole.
    const k = p.rows.length;
    if (p.after.count.rowCount !== raw.rowCount + k) continue;
    p.after.rows.values.forEach((row, i) => readBacks.add(p.target.name, raw.rowCount + i, row));
  }
  memory?.readBack(readBacks);

  return { appended, skipped, updated, sheets: sheetNames };
}

/**
 * Every door checks its own fields, and this is the last one: a value longer than a cell holds is refused, naming
 * the table, the row and the column, before the first write of the batch (Excel would refuse it half-way).
 */
function refuseOverlongText(batch: WriteBatch): void {
  for (const part of [batch.append, batch.update]) {
    for (const [name, rows] of Object.entries(part ?? {}) as [TableName, readonly EntityByTable[TableName][]][]) {
      const def = TABLES[name] as TableDef;
      for (const row of rows) {
        const long = tooLongForCell(row as unknown as Record<string, unknown>);
        if (!long) continue;
        const header = def.columns.find((c) => c.field === long.field)?.header ?? long.field;
        throw new WorkbookError('text-too-long', `${header} of ${name} row ${rowKey(def, row as never).replace(/\u0000/g, ' / ')} is ${long.length.toLocaleString('en-US')} characters long; an Excel cell holds at most ${MAX_CELL_CHARS.toLocaleString('en-US')}. Shorten it; nothing was written.`);
      }
    }
  }
  for (const sheet of batch.sheets ?? []) {
    const cells = [...sheet.header.map(([, v]) => v), ...(sheet.footer ?? []).map(([, v]) => v), ...sheet.table.rows.flat()];
    const long = cells.find((v) => typeof v === 'string' && v.length > MAX_CELL_CHARS) as string | undefined;
    if (long !== undefined) throw new WorkbookError('text-too-long', `A value for the sheet "${sheet.name}" is ${long.length.toLocaleString('en-US')} characters long; an Excel cell holds at most ${MAX_CELL_CHARS.toLocaleString('en-US')}. Shorten it; nothing was written.`);
  }
}

function sameCell(a: unknown, b: CellValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  return (a ?? '') === b;
}
