/**
 * What the adapter remembers of each table between commands: the rows it last read, and the stamps Excel gave for
 * them (stamps.ts). A read asks Excel for the stamps first; a block whose stamp is unchanged is served from here, and
 * only blocks whose stamp changed (or that Lotbook itself just wrote) are read again. The workbook stays the truth:
 * nothing here is ever used without a stamp Excel computed in the same command saying it is still what the table
 * holds, and rows Lotbook writes are never added here by prediction, only read back.
 *
 * Rows Lotbook writes are read back in the very request that writes them (row-updates.ts, the append in
 * table-writes.ts) and kept here with the blocks they touch. The next read does not fetch such a block: it
 * computes the block's stamp over the remembered rows with the read-back rows in their place (stamps.ts,
 * blockStamp) and compares it with the stamp Excel gives. Equal: that is the block. Different (a person edited
 * another row of it meanwhile, or the JavaScript copy and Excel part ways): the block is read. Where a write could
 * not read its rows back as they stay (a text repair, a put-back after a sort, a duplicate deleted, a refused
 * request, any failure), its blocks are read whole, first thing, as before.
 *
 * Pure bookkeeping; the adapter (table-reads.ts) does the reading.
 */
import type { TableMemoryStore } from '../app/cache-port';
import type { TableName } from '../domain/types';
import { sameHeaders } from './cells';
import { STAMP_BLOCK_ROWS, STAMP_SUPER_BLOCKS, type TableStamp } from './stamps';

export interface RememberedTable {
  readonly headers: readonly string[];
  readonly headerAddress: string;
  readonly rows: number;
  /** The stamps Excel gave when `body` was read (or earlier: an older stamp only makes a block look changed). */
  readonly stamps: readonly string[];
  /** The stamp of each superblock (STAMP_SUPER_BLOCKS blocks), as Excel gave it with `stamps`. */
  readonly supers: readonly string[];
  /** Rows as Excel returned them. Never changed in place: a newer read makes a new array. */
  readonly body: readonly unknown[][];
  /**
   * The headers of the columns `body` holds where only some were read (a command reading only what it uses); the
   * others are undefined in each row, except in blocks read whole since. Undefined: whole rows.
   */
  readonly columns?: readonly string[];
  /**
   * Blocks Lotbook wrote into since: read again in the next read's first round trip, without waiting to compare,
   * unless every row written into the block was read back (`written`).
   */
  readonly touched: ReadonlySet<number>;
  /**
   * Rows Lotbook wrote since (body indexes): as Excel returned them in the request that wrote them, or null where
   * they were not read back. For a big append one row per block stands for the block (its other new rows are not
   * remembered either, so the block is read).
   */
  readonly written: ReadonlyMap<number, readonly unknown[] | null>;
}

/**
 * The rows one write read back, per table; handed to the memory (TableMemory.readBack) only when the write has
 * ended well. A table whose read-backs may not be what Excel holds when the write ends is spoiled.
 */
export class ReadBacks {
  readonly rows = new Map<TableName, Map<number, readonly unknown[]>>();
  private readonly spoiled = new Set<TableName>();
  private allSpoiled = false;

  add(name: TableName, row: number, values: readonly unknown[]): void {
    if (this.allSpoiled || this.spoiled.has(name)) return;
    let m = this.rows.get(name);
    if (!m) this.rows.set(name, (m = new Map()));
    m.set(row, values);
  }

  /** Whether what is read back of this table is still kept. */
  keeps(name: TableName): boolean {
    return !this.allSpoiled && !this.spoiled.has(name);
  }

  /** Nothing read back of these tables (of every table, without names) is kept, now or later in this write. */
  spoil(names?: Iterable<TableName>): void {
    if (!names) this.allSpoiled = true;
    for (const name of names ?? [...this.rows.keys()]) {
      this.spoiled.add(name);
      this.rows.delete(name);
    }
  }
}

export class TableMemory {
  readonly tables = new Map<TableName, RememberedTable>();
  private restoring: Promise<void> | null = null;

  /** `store`: where the memory is kept between sessions on this computer (IndexedDB in the task pane). */
  constructor(private readonly store?: TableMemoryStore) {}

  /** Before the first read: what was kept on this computer (stamps decide later whether any of it still holds). */
  ready(): Promise<void> {
    this.restoring ??= (async () => {
      if (!this.store) return;
      // Without superblock stamps: a kept block is trusted only by its own stamp (saves are not all-or-nothing
      // across tables and sessions), so the first read loads and compares every block stamp.
      for (const [name, t] of await this.store.load()) if (!this.tables.has(name)) this.tables.set(name, { ...t, supers: [], touched: new Set(), written: new Map() });
    })();
    return this.restoring;
  }

  /** Keeps blocks of a table just read on this computer (all of them after a whole read). Never waited for. */
  keep(name: TableName, blocks: readonly number[] | 'all'): void {
    const t = this.tables.get(name);
    if (!this.store || !t) return;
    const which = blocks === 'all' ? Array.from({ length: t.stamps.length }, (_, k) => k) : blocks;
    if (which.length) void this.store.save(name, t, which);
  }
  /** Whether the workbook has the stamp sheet: learned by the first read that asks, and by set up. */
  stampSheet: 'unknown' | 'present' | 'absent' = 'unknown';
  /** Reads served, for the bench and tests: blocks read again, and blocks taken from memory. */
  readonly counts = { blocksRead: 0, blocksKept: 0, blocksConfirmed: 0, tablesRead: 0 };

  forgetAll(): void {
    this.tables.clear();
  }

  /**
   * Lotbook is about to write rows `rows` (body indexes) of `name`: their blocks are read again, first thing, next
   * time, unless the rows are read back (readBack) when the write ends well. Called before anything is written.
   */
  touch(name: TableName, rows: Iterable<number>): void {
    const t = this.tables.get(name);
    if (!t) return;
    const touched = new Set(t.touched);
    const written = new Map(t.written);
    for (const r of rows) {
      touched.add(blockOf(r));
      written.set(r, null);
    }
    this.tables.set(name, { ...t, touched, written });
  }

  /** Lotbook appends rows `from` to `to` (inclusive) of `name`: the first new row of each block stands for it. */
  touchRange(name: TableName, from: number, to: number): void {
    const rows: number[] = [];
    for (let k = blockOf(from); k <= blockOf(to); k++) rows.push(Math.max(from, k * STAMP_BLOCK_ROWS));
    this.touch(name, rows);
  }

  /** A write ended well: the rows it read back take the place of what it touched (only in touched blocks). */
  readBack(reads: ReadBacks): void {
    for (const [name, rows] of reads.rows) {
      const t = this.tables.get(name);
      if (!t || rows.size === 0) continue;
      const written = new Map(t.written);
      for (const [r, values] of rows) if (t.touched.has(blockOf(r))) written.set(r, values);
      this.tables.set(name, { ...t, written });
    }
  }
}

/**
 * Touched blocks of a table whose written rows were all read back: the next read confirms them by their stamps
 * instead of fetching them.
 */
export function readBackBlocks(memo: RememberedTable): Set<number> {
  const out = new Set<number>();
  const blind = new Set<number>();
  for (const [r, values] of memo.written) (values === null ? blind : out).add(blockOf(r));
  for (const k of blind) out.delete(k);
  return out;
}

/**
 * Block `k` of a table of `rows` rows as memory has it with the rows Lotbook read back in their place; undefined
 * when a row of it is neither read back nor remembered (a write not read back, rows someone else appended).
 */
export function blockWithReadBack(memo: RememberedTable, k: number, rows: number): unknown[][] | undefined {
  const { start, count } = blockSpan(k, rows);
  if (count === 0) return undefined;
  const out: unknown[][] = [];
  for (let r = start; r < start + count; r++) {
    const w = memo.written.get(r);
    const row = w === undefined ? (r < memo.rows ? memo.body[r] : undefined) : w;
    // A row held only in part: no stamp can be computed over it.
    if (!row || (memo.columns && !isWholeRow(row, memo.headers.length))) return undefined;
    out.push(row as unknown[]);
  }
  return out;
}

function isWholeRow(row: readonly unknown[], width: number): boolean {
  if (row.length < width) return false;
  for (let c = 0; c < width; c++) if (row[c] === undefined) return false;
  return true;
}

/** Whether every row memory holds of block `k` is whole (always, for a table remembered whole). */
export function blockIsWhole(memo: RememberedTable, k: number): boolean {
  if (!memo.columns) return true;
  const { start, count } = blockSpan(k, memo.rows);
  for (let r = start; r < start + count; r++) if (!isWholeRow(memo.body[r] ?? [], memo.headers.length)) return false;
  return true;
}

/**
 * Whether the next read can compute block `k`'s stamp from memory with the rows read back in place (every row of
 * it whole, as far as memory and the read-backs reach): if not, the block is read whole.
 */
export function blockConfirmable(memo: RememberedTable, k: number): boolean {
  let rows = memo.rows;
  for (const r of memo.written.keys()) rows = Math.max(rows, r + 1);
  return blockWithReadBack(memo, k, rows) !== undefined;
}

export const blockOf = (row: number): number => Math.floor(row / STAMP_BLOCK_ROWS);

/** Body rows [start, start + count) of block `k` in a table of `rows` rows. */
export function blockSpan(k: number, rows: number): { start: number; count: number } {
  const start = k * STAMP_BLOCK_ROWS;
  return { start, count: Math.max(0, Math.min(STAMP_BLOCK_ROWS, rows - start)) };
}

/** Whether memory holds every row of block `k` of a table of `rows` rows. */
function holds(memo: RememberedTable, k: number, rows: number): boolean {
  const lastRowHeld = Math.min(memo.rows, (k + 1) * STAMP_BLOCK_ROWS);
  return lastRowHeld - k * STAMP_BLOCK_ROWS === blockSpan(k, rows).count;
}

export const superOf = (block: number): number => Math.floor(block / STAMP_SUPER_BLOCKS);

/**
 * What must be read of a remembered table, given its stamp now: its headers moved or changed (a column inserted,
 * renamed or deleted by hand): null, read it whole. Otherwise the superblocks whose stamp changed and whose block
 * stamps are not in `superCells` yet (`supers`), and the blocks whose stamp differs from memory's or that memory
 * does not hold (`blocks`), except those already read (`have`).
 */
export function changesOf(
  memo: RememberedTable,
  headers: readonly string[],
  headerAddress: string,
  stamp: TableStamp,
  superCells: ReadonlyMap<number, readonly string[]>,
  have: ReadonlySet<number>,
): { supers: number[]; blocks: number[]; stamps: string[] } | null {
  if (headerAddress !== memo.headerAddress || !sameHeaders(headers, memo.headers)) return null;
  const supers: number[] = [];
  const blocks: number[] = [];
  const stamps: string[] = [];
  const count = Math.ceil(stamp.rows / STAMP_BLOCK_ROWS);
  for (let j = 0; j < stamp.supers.length; j++) {
    const first = j * STAMP_SUPER_BLOCKS;
    const last = Math.min(count, first + STAMP_SUPER_BLOCKS);
    const allHeld = Array.from({ length: last - first }, (_, i) => first + i).every((k) => holds(memo, k, stamp.rows));
    const cells = superCells.get(j);
    if (memo.supers[j] === stamp.supers[j] && allHeld && !cells) {
      for (let k = first; k < last; k++) stamps.push(memo.stamps[k]!);
      continue;
    }
    if (!cells || cells.length !== last - first) {
      supers.push(j);
      for (let k = first; k < last; k++) stamps.push(memo.stamps[k] ?? '');
      continue;
    }
    cells.forEach((st, i) => {
      const k = first + i;
      stamps.push(st);
      if (!have.has(k) && (!holds(memo, k, stamp.rows) || memo.stamps[k] !== st)) blocks.push(k);
    });
  }
  return { supers, blocks, stamps };
}

/** The remembered body with `blocks` (read now) put in, cut or grown to `rows` rows. */
export function mergeBlocks(body: readonly unknown[][], rows: number, blocks: ReadonlyMap<number, readonly unknown[][]>): unknown[][] {
  const out = body.length === rows ? body.slice() : body.slice(0, rows);
  for (const [k, values] of blocks) {
    const { start, count } = blockSpan(k, rows);
    for (let i = 0; i < count; i++) out[start + i] = values[i] as unknown[];
  }
  if (out.length < rows) throw new Error(`table memory: ${rows - out.length} rows were neither remembered nor read`);
  return out;
}

/**
 * Memory's rows with the rows Lotbook read back since in their place (appended ones after the last): for guesses
 * only (ReadOptions.ahead, e.g. which pick lists are open), never served as an answer, since no stamp has
 * confirmed them yet.
 */
export function guessBody(memo: RememberedTable): readonly unknown[][] {
  if (memo.written.size === 0) return memo.body;
  const out = memo.body.slice();
  for (const [r, values] of [...memo.written].sort((a, b) => a[0] - b[0])) {
    if (!values) continue;
    if (r < out.length) out[r] = values as unknown[];
    else if (r === out.length) out.push(values as unknown[]);
  }
  return out;
}
