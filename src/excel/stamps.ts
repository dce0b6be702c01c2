/**
 * Table stamps: change signals that Excel computes itself, so that the adapter can tell in one small request
 * which parts of a table changed since it last read them, whoever changed them (a person typing, a sort, a paste,
 * a colleague co-authoring, another computer's Lotbook) and whether or not Lotbook was running at the time.
 *
 * Set up puts one formula per table on a very hidden sheet. Each formula cuts its table into blocks of
 * `STAMP_BLOCK_ROWS` rows and returns `rows:stamp,stamp,...`, one base-36 stamp per block, in one text cell
 * (28,700 characters at Excel's 1,048,576-row limit, under the 32,767 a cell holds). A block's stamp sums, over its
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

/** The very hidden sheet that holds the stamp formulas (one per table, in row 2, columns in TABLE_NAMES order). */
export const STAMP_SHEET = 'LotbookStamps';
export const STAMP_BLOCK_ROWS = 256;
/** A prime under 2^20: every cell's value is folded below it before it is weighted. */
const CELL_FOLD = 1048573;
/** 36^6: a block's stamp is folded to six base-36 digits. */
const STAMP_FOLD = 2176782336;
const SAMPLED = 8;

/** The cell on the stamp sheet that holds a table's stamp, e.g. "C2". */
export function stampCell(table: TableName): string {
  return `${String.fromCharCode(65 + TABLE_NAMES.indexOf(table))}2`;
}

/** The stamp sheet's row 1 and row 2: table names over their stamp formulas. */
export function stampSheetRows(): { headers: string[]; formulas: string[] } {
  return { headers: [...TABLE_NAMES], formulas: TABLE_NAMES.map(stampFormula) };
}

/** The range of the stamp sheet that set up writes and a read loads: "A1:I2" for the nine tables. */
export const STAMP_RANGE = `A1:${String.fromCharCode(64 + TABLE_NAMES.length)}2`;

export function stampFormula(table: TableName): string {
  const front = Array.from({ length: SAMPLED }, (_, i) => `IFERROR(UNICODE(MID(t,${i + 1},1)),0)*${2 * i + 3}`);
  const back = Array.from({ length: SAMPLED }, (_, i) => `IFERROR(UNICODE(MID(t,L-${i},1)),0)*${i * i + 5}`);
  return (
    `=LET(_lotbookStamp,1,d,${table}[#Data],B,${STAMP_BLOCK_ROWS},P,${CELL_FOLD},n,ROWS(d),t,d&"",L,LEN(t),` +
    `x,IF(ISNUMBER(d),ROUND(d*1000,0),L*1009+${[...front, ...back].join('+')}),` +
    `h,IFERROR(x-INT(x/P)*P,7),r,MMULT(h,SEQUENCE(COLUMNS(d),1,3,2)),s,r*(MOD(SEQUENCE(n)-1,B)+1),` +
    `k,BYROW(SEQUENCE(ROUNDUP(n/B,0)),LAMBDA(i,SUM(TAKE(DROP(s,(i-1)*B),B)))),` +
    `n&":"&TEXTJOIN(",",FALSE,BASE(k-INT(k/${STAMP_FOLD})*${STAMP_FOLD},36)))`
  );
}

export interface TableStamp {
  readonly rows: number;
  /** One stamp per block of STAMP_BLOCK_ROWS rows, in sheet order. */
  readonly blocks: readonly string[];
}

/** A stamp cell's value; null when it is not a stamp (an error, a formula someone changed, the sheet emptied). */
export function parseStamp(value: unknown): TableStamp | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d+):([0-9A-Z,]*)$/.exec(value);
  if (!m) return null;
  const rows = Number(m[1]);
  const blocks = m[2] === '' ? [] : m[2]!.split(',');
  return blocks.length === Math.ceil(rows / STAMP_BLOCK_ROWS) ? { rows, blocks } : null;
}
