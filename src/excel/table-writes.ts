/**
 * Writing a batch: report sheets, then appends, then cell updates, exactly once whatever fails (a retry finds what
 * an earlier attempt wrote), using what the transaction read instead of asking Excel again.
 */
import type { WriteBatch, WriteReport } from '../app/ports';
import { WorkbookError } from '../app/ports';
import { encodeRow, rowKey } from '../domain/codec';
import { keyText } from '../domain/keys';
import { MAX_CELL_CHARS, tooLongForCell } from '../domain/cell-text';
import { NUMBER_FORMATS, TABLES, TEXT_COLUMN_TYPES, type TableDef } from '../domain/schema';
import type { EntityByTable, TableName } from '../domain/types';
import { estimateJsonBytes, sameHeaders } from './cells';
import { atRisk, TextCellChecks, textFormattedCell, type TextCellLearning } from './text-cells';
import { findable, writeRowUpdates, type FreshBody, type TableUpdates } from './row-updates';
import { reportTableName } from './report-tables';
import { writeReportSheet } from './report-sheets';
import { inChunks } from './chunks';
import { blockIsWhole, blockOf, ReadBacks, type TableMemory } from './table-memory';
import { STAMP_BLOCK_ROWS } from './stamps';
import type { CellValue, XlRange, XlRequestContext, XlTable } from './office-subset';
import { loadRaw, readRaw, zipRuns, type RawSpec, type RawTable, type SizeHint } from './table-reads';
import type { TxState } from './transaction';

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
  /** A small append's read-back, in the request that appended: the table's last rows (its row count: countAfter). */
  readBack?: XlRange;
  /** Rows above the appended ones that the read-back holds too (readBackAbove). */
  above?: number;
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
    return !sameHeaders(now, p.headers);
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
    const tail = zipRuns(p.tail.map((r) => r.values), p.tail.map((_, i) => ({ start: i, width: 1 })), p.tail.length);
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

export async function writeBatch(context: XlRequestContext, batch: WriteBatch, budget: number, hints: Map<TableName, SizeHint>, tx: TxState, learned: TextCellLearning, memory: TableMemory | undefined): Promise<WriteReport> {
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
  // Updates need whole rows (to keep users' columns and find rows by key): a table read in part is read again.
  const unread = targets.filter((t) => !tx.readHere.has(t.name) || !tx.forWrite.has(t.name) || (batch.update?.[t.name]?.length && tx.readHere.get(t.name)!.columns));
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
      // Rows hold each cell where its header is, whether all columns were read or only some (the key's).
      return lower.indexOf(header);
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
    // A small append, sent whole, reads back the table's last rows, through a new range object: ours, if the row
    // count read just after (countAfter, below) is what this write expects. Well under the budget, so that the response stays small.
    // Not into a filtered table, where the rows land is not documented (variants.ts).
    if (!filter?.isDataFiltered && chunks.filter((x) => x.plan === c.plan).length === 1 && c.rows.length === c.plan.rows.length && estimateJsonBytes(c.rows) < budget / 16) {
      const k = c.rows.length + readBackAbove(memory, c.plan.target);
      c.plan.above = k - c.rows.length;
      c.plan.readBack = table.getDataBodyRange().getLastRow().getOffsetRange(-(k - 1), 0).getResizedRange(k - 1, 0).load('values');
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
    if (!p.readBack || !p.countAfter || !readBacks.keeps(p.target.name)) continue;
    // Someone else added or deleted rows meanwhile: the last rows may not all be ours, and the blocks are read whole.
    if (p.countAfter.rowCount !== raw.rowCount + p.rows.length) continue;
    p.readBack.values.forEach((row, i) => readBacks.add(p.target.name, raw.rowCount - (p.above ?? 0) + i, row));
  }
  memory?.readBack(readBacks);

  return { appended, skipped, updated, sheets: sheetNames };
}

/**
 * Rows above an append to read back with it: where memory holds the block the new rows start in only in part (a
 * command read some columns), the rest of that block, so that the next read can confirm the block by its stamp
 * (table-memory.ts) instead of reading it whole. At most a block's rows, in the request that appends anyway.
 */
function readBackAbove(memory: TableMemory | undefined, target: WriteTarget): number {
  const memo = memory?.tables.get(target.name);
  const first = target.raw!.rowCount;
  if (!memo?.columns || blockIsWhole(memo, blockOf(first))) return 0;
  return first - blockOf(first) * STAMP_BLOCK_ROWS;
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

