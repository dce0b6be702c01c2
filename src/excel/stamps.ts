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
 * runtime this add-in needs requires anyway). The stamps are only ever compared with stamps Excel computed
 * earlier, never with one computed here, so no JavaScript copy of Excel's arithmetic has to agree with Excel.
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
const SAMPLED = 8;

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
  const front = Array.from({ length: SAMPLED }, (_, i) => `IFERROR(UNICODE(MID(t,${i + 1},1)),0)*${2 * i + 3}`);
  const back = Array.from({ length: SAMPLED }, (_, i) => `IFERROR(UNICODE(MID(t,L-${i},1)),0)*${i * i + 5}`);
  return (
    `n,ROWS(d),t,d&"",L,LEN(t),x,IF(ISNUMBER(d),ROUND(d*1000,0),L*1009+${[...front, ...back].join('+')}),` +
    `h,IFERROR(x-INT(x/P)*P,7),r,MMULT(h,SEQUENCE(COLUMNS(d),1,3,2)),s,r*(MOD(SEQUENCE(n)-1,B)+1),` +
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
