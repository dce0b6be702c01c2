/**
 * One transaction's reads (excel-workbook.ts `transact`): the tables, decoded once per set of rows, and what the
 * transaction said it would need next (ReadOptions.ahead), loaded in the same first round trip.
 */
import type { ReadOptions, ReportRef, ReportTable, Snapshot, TableSnapshot } from '../app/ports';
import { decodeTable } from '../domain/codec';
import { TABLES, type TableDef } from '../domain/schema';
import type { TableName } from '../domain/types';
import { estimateJsonBytes, parseAddress } from './cells';
import { loadedReportTable, queueReportTable, readReportTables, reportTableName, type ReportLoads } from './report-tables';
import { queueSheetState, type SheetState } from './report-sheets';
import { guessBody, type TableMemory } from './table-memory';
import type { XlRange, XlRequestContext } from './office-subset';
import { readRaw, type RawSpec, type RawTable, type SizeHint } from './table-reads';

/**
 * What one transaction has learned so far, for its next steps to use instead of asking Excel again: everything here
 * was read in this transaction, and a write forgets what it changes.
 */
export interface TxState {
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

export function newTxState(): TxState {
  return { readHere: new Map(), forWrite: new Map(), reports: new Map(), sheets: new Map() };
}

export async function readTables<N extends TableName>(context: XlRequestContext, names: readonly N[], options: ReadOptions<N>, budget: number, hints: Map<TableName, SizeHint>, tx: TxState, memory: TableMemory | undefined): Promise<Snapshot<N>> {
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
    unique.map((name) => specOf(name, options.columns?.[name])),
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

/** What to read of a table for a command that uses `fields` of it (all of it without), with its key. */
function specOf(name: TableName, fields: readonly string[] | undefined): RawSpec {
  if (!fields) return { name };
  const def = TABLES[name] as TableDef;
  const wanted = new Set<string>([...def.key, ...fields]);
  return { name, columns: def.columns.filter((c) => wanted.has(c.field)).map((c) => c.header), wish: true };
}

/** A table's rows decoded, or the snapshot decoded before from the same rows (bodies are never changed in place). */
function snapshotOf(t: RawTable, hints: Map<TableName, SizeHint>): TableSnapshot {
  // The same rows as last time (every stamp unchanged): the same snapshot, without decoding a million rows again.
  const again = decodedBefore.get(t.body);
  if (again && again.headerAddress === t.headerAddress && again.columns === t.columns) return again.snapshot;
  const a = parseAddress(t.headerAddress);
  const origin = { sheet: a.sheet, headerRow: a.row, firstColumn: a.column };
  const def = TABLES[t.name] as TableDef;
  // Rows read in part decode only the fields of the columns read (codec.ts).
  const read = t.columns?.map((h) => h.toLowerCase());
  const fields = read ? new Set(def.columns.filter((c) => read.includes(c.header.toLowerCase())).map((c) => c.field)) : undefined;
  const decoded = decodeTable(def, t.headers, t.body, origin, undefined, fields);
  // Sized from whole rows only: rows read in part would make a whole read look smaller than it is.
  const sample = t.columns ? [] : t.body.slice(0, 200);
  const hint = hints.get(t.name);
  hints.set(t.name, { rows: t.rowCount, bytesPerRow: sample.length ? estimateJsonBytes(sample) / sample.length : (hint?.bytesPerRow ?? t.headers.length * 14), headers: t.headers });
  const snapshot = { name: t.name, rows: decoded.rows, rowNumbers: decoded.rowNumbers, problems: decoded.problems, badKeys: decoded.badKeys, origin, headers: t.headers } as TableSnapshot;
  decodedBefore.set(t.body, { headerAddress: t.headerAddress, columns: t.columns, snapshot });
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
        return snapshotOf({ name, headers: [...m.headers], headerAddress: m.headerAddress, rowCount: body.length, body, ...(m.columns ? { columns: m.columns } : {}) }, hints);
      },
    });
  }
  return out as unknown as Snapshot<N>;
}

/** Report tables, those asked for ahead from this transaction's first read and the others now. */
export async function readReports(context: XlRequestContext, tx: TxState, reports: readonly ReportRef[]): Promise<Array<ReportTable | null>> {
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

/** Snapshots by the remembered body they were decoded from (bodies are never changed in place: table-memory.ts). */
const decodedBefore = new WeakMap<readonly unknown[][], { headerAddress: string; columns: readonly string[] | undefined; snapshot: TableSnapshot }>();
