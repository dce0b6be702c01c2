/**
 * Table stamps: change signals that Excel computes itself, so that the adapter can tell in one small request
 * which parts of a table changed since it last read them, whoever changed them (a person typing, a sort, a paste,
 * a colleague co-authoring, another computer's Lotbook) and whether or not Lotbook was running at the time.
 *
 * Set up puts stamp formulas on a very hidden sheet. They cut each table into blocks of `STAMP_BLOCK_ROWS` rows,
 * each with a base-36 stamp, and blocks into superblocks of 256 (layout below). A block's stamp sums, over its
 * cells, a value of the cell (a number to 3 decimals; for text its length and the code of each of its first and
 * last 8 characters) weighted by the cell's row in the block and its column, folded so that every step is exact
 * integer arithmetic in double precision: the same cells always give the same stamp, and a different value, order
 * or row count almost always gives a different one (the rare misses are described in docs/excel-facts.md).
 *
 * Why written here and not a library's: no Excel function hashes text, so the hash is built from documented
 * functions (LET, MAP-free array arithmetic, BYROW, TAKE, DROP, BASE, TEXTJOIN: Microsoft 365, which the shared
 * runtime this add-in needs requires anyway).
 *
 * A JavaScript copy of one block's stamp (`blockStamp`) is used for one thing only: to confirm rows Lotbook read
 * back from Excel right after writing them (row-updates.ts, the append in table-writes.ts), merged with the rows
 * it remembers of their block, against the stamp Excel gives for that block in the next read. Equal: that is the
 * block, and it is not read again. Different, for whatever reason (a person's edit, or a case where this copy and
 * Excel's arithmetic part ways, such as an error cell, which Excel hashes as 7 and Office.js returns as text): the
 * block is read again. So a disagreement costs a round trip, never a stale row.
 */
import type { TableName } from '../domain/types';
import { TABLE_NAMES } from '../domain/schema';

/**
 * The very hidden sheet that holds the stamp formulas, a column per table in TABLE_NAMES order: row 1 the table's
 * name, row 2 its stamp (`rows:` and one stamp per superblock of 256 blocks), rows 3 to 66 one cell per superblock
 * (`superstamp|` and the stamps of its blocks). A read asks for row 2 (a few hundred bytes whatever the size) and
 * only the superblock cells whose stamp changed: the bytes do not grow with the workbook.
 */
export const STAMP_SHEET = 'LotbookStamps';
/** Small blocks, so that re-reading the block of a row Lotbook wrote (to prove it) costs a few KB. */
export const STAMP_BLOCK_ROWS = 64;
/** Blocks per superblock: 64 superblocks of 16,384 rows cover Excel's 1,048,576 rows. */
export const STAMP_SUPER_BLOCKS = 256;
export const STAMP_SUPER_ROWS = STAMP_BLOCK_ROWS * STAMP_SUPER_BLOCKS;
const SUPERBLOCKS = 64;
/** A prime under 2^20: every cell's value is folded below it before it is weighted. */
const CELL_FOLD = 1048573;
/** 36^6: a block's stamp is folded to six base-36 digits. */
const STAMP_FOLD = 2176782336;
/** Characters sampled from each end of a text. */
const SAMPLED = 8;
/** Weight of a text's length, of its i-th character from the front and from the back (i from 0). */
const LENGTH_WEIGHT = 1009;
const frontWeight = (i: number) => 2 * i + 3;
const backWeight = (i: number) => i * i + 5;
/** Column c (from 0) weighs COLUMN_START + c * COLUMN_STEP (SEQUENCE(COLUMNS(d),1,COLUMN_START,COLUMN_STEP)). */
const COLUMN_START = 3;
const COLUMN_STEP = 2;
/** Numbers count to 3 decimals. */
const NUMBER_SCALE = 1000;
/** What a cell whose hash is an error (an error cell) counts for. */
const ERROR_HASH = 7;

const column = (table: TableName) => String.fromCharCode(65 + TABLE_NAMES.indexOf(table));

/** The range of the stamp sheet with every table's name and stamp: "A1:I2" for the nine tables. */
export const STAMP_RANGE = `A1:${String.fromCharCode(64 + TABLE_NAMES.length)}2`;
/** The whole sheet as set up writes it. */
export const STAMP_SHEET_RANGE = `A1:${String.fromCharCode(64 + TABLE_NAMES.length)}${2 + SUPERBLOCKS}`;

/** The cell of superblock `j` of a table, e.g. "C5". */
export function superCell(table: TableName, j: number): string {
  return `${column(table)}${3 + j}`;
}

/** The cells of superblocks `from` to `to` (inclusive) of a table, e.g. "C3:C66". */
export function superCells(table: TableName, from = 0, to = SUPERBLOCKS - 1): string {
  return `${superCell(table, from)}:${superCell(table, to)}`;
}

/** Rows 1 to 66 of the stamp sheet: names, stamps, superblock cells ('' for a table set up could not make). */
export function stampSheetFormulas(have: (table: TableName) => boolean): string[][] {
  return [
    [...TABLE_NAMES],
    TABLE_NAMES.map((t) => (have(t) ? stampFormula(t) : '')),
    ...Array.from({ length: SUPERBLOCKS }, (_, j) => TABLE_NAMES.map((t) => (have(t) ? superFormula(t, j) : ''))),
  ];
}

/** The LET bindings that take data `d` to `kf`, the folded stamp of each block of it. */
function pipeline(): string {
  const front = Array.from({ length: SAMPLED }, (_, i) => `IFERROR(UNICODE(MID(t,${i + 1},1)),0)*${frontWeight(i)}`);
  const back = Array.from({ length: SAMPLED }, (_, i) => `IFERROR(UNICODE(MID(t,L-${i},1)),0)*${backWeight(i)}`);
  return (
    `n,ROWS(d),t,d&"",L,LEN(t),x,IF(ISNUMBER(d),ROUND(d*${NUMBER_SCALE},0),L*${LENGTH_WEIGHT}+${[...front, ...back].join('+')}),` +
    `h,IFERROR(x-INT(x/P)*P,${ERROR_HASH}),r,MMULT(h,SEQUENCE(COLUMNS(d),1,${COLUMN_START},${COLUMN_STEP})),s,r*(MOD(SEQUENCE(n)-1,B)+1),` +
    `k,BYROW(SEQUENCE(ROUNDUP(n/B,0)),LAMBDA(i,SUM(TAKE(DROP(s,(i-1)*B),B)))),kf,k-INT(k/F)*F`
  );
}

const CONSTANTS = `B,${STAMP_BLOCK_ROWS},P,${CELL_FOLD},F,${STAMP_FOLD},G,${STAMP_SUPER_BLOCKS}`;

/** A table's stamp: `rows:` then, per superblock, the folded sum of its block stamps weighted by position. */
export function stampFormula(table: TableName): string {
  return (
    `=LET(_lotbookStamp,3,d,${table}[#Data],${CONSTANTS},${pipeline()},` +
    `g,BYROW(SEQUENCE(ROUNDUP(ROWS(kf)/G,0)),LAMBDA(i,LET(q,TAKE(DROP(kf,(i-1)*G),G),SUM(q*SEQUENCE(ROWS(q)))))),` +
    `n&":"&TEXTJOIN(",",FALSE,BASE(g-INT(g/F)*F,36)))`
  );
}

/** Superblock `j` of a table: its stamp, "|", and the stamps of its blocks; "" past the table's end. */
export function superFormula(table: TableName, j: number): string {
  return (
    `=LET(_lotbookStamp,2,d0,${table}[#Data],${CONSTANTS},j,${j},IF(j*G*B>=ROWS(d0),"",LET(d,TAKE(DROP(d0,j*G*B),G*B),${pipeline()},` +
    `g,SUM(kf*SEQUENCE(ROWS(kf))),BASE(g-INT(g/F)*F,36)&"|"&TEXTJOIN(",",FALSE,BASE(kf,36)))))`
  );
}

export interface TableStamp {
  readonly rows: number;
  /** One stamp per superblock of STAMP_SUPER_ROWS rows, in sheet order. */
  readonly supers: readonly string[];
}

/** A table's stamp cell; null when it is not a stamp (an error, a formula someone changed, the sheet emptied). */
export function parseStamp(value: unknown): TableStamp | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d+):([0-9A-Z,]*)$/.exec(value);
  if (!m) return null;
  const rows = Number(m[1]);
  const supers = m[2] === '' ? [] : m[2]!.split(',');
  return supers.length === Math.ceil(rows / STAMP_SUPER_ROWS) ? { rows, supers } : null;
}

/** A superblock cell: its stamp and its blocks' stamps; null when it is not one. */
export function parseSuper(value: unknown): { readonly stamp: string; readonly blocks: readonly string[] } | null {
  if (typeof value !== 'string') return null;
  const m = /^([0-9A-Z]+)\|([0-9A-Z,]+)$/.exec(value);
  return m ? { stamp: m[1]!, blocks: m[2]!.split(',') } : null;
}

/** Excel's ROUND(x, 0): halves away from zero (Math.round takes them up). */
const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));
/** x - INT(x/f)*f, as the formula folds: INT rounds down, so the result is in [0, f) for negative x too. */
const foldBelow = (x: number, f: number) => x - Math.floor(x / f) * f;

/**
 * A cell's folded hash as the stamp formula computes it for the value Office.js returns; null when the arithmetic
 * would not be exact integer arithmetic (a number of 2^53 thousandths or more), so that no stamp is claimed for it.
 * An error cell comes back from Office.js as its text ("#N/A"), which is hashed as text here while Excel counts
 * ERROR_HASH: a block holding one never confirms and is read again, as it should be.
 */
function cellHash(v: unknown): number | null {
  if (typeof v === 'number') {
    const x = roundHalfAway(v * NUMBER_SCALE);
    return Number.isSafeInteger(x) ? foldBelow(x, CELL_FOLD) : null;
  }
  // d&"": a boolean is TRUE or FALSE, an empty cell "". LEN, MID and UNICODE count UTF-16 code units, as JavaScript does.
  const t = v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
  const L = t.length;
  let x = L * LENGTH_WEIGHT;
  // MID past either end is "" (UNICODE("") and MID from a position under 1 are errors, which IFERROR makes 0).
  for (let i = 0; i < SAMPLED && i < L; i++) x += t.charCodeAt(i) * frontWeight(i);
  for (let i = 0; i < SAMPLED && L - i >= 1; i++) x += t.charCodeAt(L - i - 1) * backWeight(i);
  return foldBelow(x, CELL_FOLD);
}

/**
 * The stamp (base 36, as in a superblock cell) the stamp formula gives for one block: `rows` are the block's rows in
 * order (at most STAMP_BLOCK_ROWS, whole rows of the table's columns). Null when it cannot be computed exactly; the
 * caller then reads the block. Written here because it must follow the formula above step by step, which no
 * library does. Every sum is of non-negative integers, so checking the last one against 2^53 checks them all.
 */
export function blockStamp(rows: readonly (readonly unknown[])[]): string | null {
  if (rows.length === 0 || rows.length > STAMP_BLOCK_ROWS) return null;
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    let r = 0;
    const row = rows[i]!;
    for (let c = 0; c < row.length; c++) {
      const h = cellHash(row[c]);
      if (h === null) return null;
      r += h * (COLUMN_START + c * COLUMN_STEP);
    }
    k += r * (i + 1);
  }
  if (k > Number.MAX_SAFE_INTEGER) return null;
  return foldBelow(k, STAMP_FOLD).toString(36).toUpperCase();
}
