/**
 * The one family of worksheet formulas the fake evaluates besides plain arithmetic: Lotbook's table stamps
 * (src/excel/stamps.ts explains them). The fake reads the formula's parameters from its text (table, block size,
 * fold, the sampled character positions and their weights, the column weights) and computes what Excel's
 * documented functions give for them:
 * - `ISNUMBER`, `ROUND(x,0)` (halves away from zero), `INT` (rounds down), `LEN` and `MID` count UTF-16 code units,
 *   `UNICODE` of one unit, `MID` past the end is "" and `UNICODE("")` and `MID` from a position under 1 are
 *   #VALUE! (caught by IFERROR), an error cell makes `d&""` an error (IFERROR gives 7);
 *   https://support.microsoft.com/office/mid-midb-functions-d5f9e25c-d7d6-472e-b568-4ecb12433028
 * - `SEQUENCE(0)` is #CALC! (an empty table has no stamp), `BASE(n,36)` is upper case;
 *   https://support.microsoft.com/office/sequence-function-57467a98-57e0-4817-9f14-2eb78519ca90
 * Anything else, or a stamp formula whose text does not parse, is #NAME? as before. How Excel recalculates is the
 * model's business (WorkbookModel.formulaValue): in manual calculation a stamp keeps its last value.
 */
import type { Scalar, Stored } from './cells';
import { RichCell } from './cells';

interface StampParams {
  table: string;
  block: number;
  cellFold: number;
  lengthWeight: number;
  front: Array<[position: number, weight: number]>;
  back: Array<[offset: number, weight: number]>;
  columnStart: number;
  columnStep: number;
  stampFold: number;
}

const HEAD = /^=LET\(_lotbookStamp,1,d,([A-Za-z_][\w.]*)\[#Data\],B,(\d+),P,(\d+),n,ROWS\(d\),t,d&"",L,LEN\(t\),x,IF\(ISNUMBER\(d\),ROUND\(d\*1000,0\),L\*(\d+)\+(.*)\),h,IFERROR\(x-INT\(x\/P\)\*P,7\),r,MMULT\(h,SEQUENCE\(COLUMNS\(d\),1,(\d+),(\d+)\)\),s,r\*\(MOD\(SEQUENCE\(n\)-1,B\)\+1\),k,BYROW\(SEQUENCE\(ROUNDUP\(n\/B,0\)\),LAMBDA\(i,SUM\(TAKE\(DROP\(s,\(i-1\)\*B\),B\)\)\)\),n&":"&TEXTJOIN\(",",FALSE,BASE\(k-INT\(k\/(\d+)\)\*(\d+),36\)\)\)$/;
const TERM = /^IFERROR\(UNICODE\(MID\(t,(L-)?(\d+),1\)\),0\)\*(\d+)$/;

const parsed = new Map<string, StampParams | null>();

function parse(formula: string): StampParams | null {
  if (parsed.has(formula)) return parsed.get(formula)!;
  let out: StampParams | null = null;
  const m = HEAD.exec(formula);
  if (m && m[8] === m[9]) {
    const front: Array<[number, number]> = [];
    const back: Array<[number, number]> = [];
    let ok = true;
    for (const term of m[5]!.split('+')) {
      const t = TERM.exec(term);
      if (!t) ok = false;
      else (t[1] ? back : front).push([Number(t[2]), Number(t[3])]);
    }
    if (ok) {
      out = {
        table: m[1]!,
        block: Number(m[2]),
        cellFold: Number(m[3]),
        lengthWeight: Number(m[4]),
        front,
        back,
        columnStart: Number(m[6]),
        columnStep: Number(m[7]),
        stampFold: Number(m[8]),
      };
    }
  }
  parsed.set(formula, out);
  return out;
}

export function isStampFormula(formula: string | null): boolean {
  return formula !== null && formula.startsWith('=LET(_lotbookStamp,');
}

/** The stamp's table, or null when the text is not one the fake can evaluate. */
export function stampTable(formula: string): string | null {
  return parse(formula)?.table ?? null;
}

const excelRound = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

function cellHash(s: Stored, p: StampParams): number {
  if (s instanceof RichCell && s.isError) return 7;
  const v: Scalar | null | undefined = s instanceof RichCell ? s.value : s;
  let x: number;
  if (typeof v === 'number') x = excelRound(v * 1000);
  else {
    const t = v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v;
    const L = t.length;
    x = L * p.lengthWeight;
    for (const [pos, w] of p.front) if (pos >= 1 && pos <= L) x += t.charCodeAt(pos - 1) * w;
    for (const [off, w] of p.back) {
      const pos = L - off;
      if (pos >= 1 && pos <= L) x += t.charCodeAt(pos - 1) * w;
    }
  }
  return x - Math.floor(x / p.cellFold) * p.cellFold;
}

/** The stamp of a table body given as rows of stored cells; an Excel error text when Excel would give one. */
export function evaluateStamp(formula: string, body: (row: number, col: number) => Stored, rows: number, cols: number): { value: Scalar; isError: boolean } {
  const p = parse(formula);
  if (!p) return { value: '#NAME?', isError: true };
  if (rows === 0) return { value: '#CALC!', isError: true };
  const stamps: string[] = [];
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    let r = 0;
    for (let c = 0; c < cols; c++) r += cellHash(body(i, c), p) * (p.columnStart + c * p.columnStep);
    sum += r * ((i % p.block) + 1);
    if ((i + 1) % p.block === 0 || i === rows - 1) {
      stamps.push((sum - Math.floor(sum / p.stampFold) * p.stampFold).toString(36).toUpperCase());
      sum = 0;
    }
  }
  return { value: `${rows}:${stamps.join(',')}`, isError: false };
}
