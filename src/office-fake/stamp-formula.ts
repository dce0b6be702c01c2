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
  /** 3: the table's stamp (per superblock); 2: superblock `j` and its blocks. */
  kind: 2 | 3;
  table: string;
  block: number;
  cellFold: number;
  stampFold: number;
  superBlocks: number;
  j: number;
  lengthWeight: number;
  front: Array<[position: number, weight: number]>;
  back: Array<[offset: number, weight: number]>;
  columnStart: number;
  columnStep: number;
}

const CONSTANTS = /^=LET\(_lotbookStamp,([23]),d0?,([A-Za-z_][\w.]*)\[#Data\],B,(\d+),P,(\d+),F,(\d+),G,(\d+),(?:j,(\d+),)?/;
const PIPELINE = /n,ROWS\(d\),t,d&"",L,LEN\(t\),x,IF\(ISNUMBER\(d\),ROUND\(d\*1000,0\),L\*(\d+)\+(.*?)\),h,IFERROR\(x-INT\(x\/P\)\*P,7\),r,MMULT\(h,SEQUENCE\(COLUMNS\(d\),1,(\d+),(\d+)\)\),s,r\*\(MOD\(SEQUENCE\(n\)-1,B\)\+1\),k,BYROW\(SEQUENCE\(ROUNDUP\(n\/B,0\)\),LAMBDA\(i,SUM\(TAKE\(DROP\(s,\(i-1\)\*B\),B\)\)\)\),kf,k-INT\(k\/F\)\*F,/;
const TOP_TAIL = 'g,BYROW(SEQUENCE(ROUNDUP(ROWS(kf)/G,0)),LAMBDA(i,LET(q,TAKE(DROP(kf,(i-1)*G),G),SUM(q*SEQUENCE(ROWS(q)))))),n&":"&TEXTJOIN(",",FALSE,BASE(g-INT(g/F)*F,36)))';
const SUPER_HEAD = 'IF(j*G*B>=ROWS(d0),"",LET(d,TAKE(DROP(d0,j*G*B),G*B),';
const SUPER_TAIL = 'g,SUM(kf*SEQUENCE(ROWS(kf))),BASE(g-INT(g/F)*F,36)&"|"&TEXTJOIN(",",FALSE,BASE(kf,36)))))';
const TERM = /^IFERROR\(UNICODE\(MID\(t,(L-)?(\d+),1\)\),0\)\*(\d+)$/;

const parsed = new Map<string, StampParams | null>();

function parse(formula: string): StampParams | null {
  if (parsed.has(formula)) return parsed.get(formula)!;
  let out: StampParams | null = null;
  const c = CONSTANTS.exec(formula);
  const rest = c ? formula.slice(c[0].length) : '';
  const kind = c ? (Number(c[1]) as 2 | 3) : 3;
  const body = kind === 2 ? (rest.startsWith(SUPER_HEAD) ? rest.slice(SUPER_HEAD.length) : '') : rest;
  const p = c ? PIPELINE.exec(body) : null;
  const tail = p ? body.slice(p.index + p[0].length) : '';
  if (c && p && p.index === 0 && tail === (kind === 2 ? SUPER_TAIL : TOP_TAIL) && (kind === 3) === (c[7] === undefined)) {
    const front: Array<[number, number]> = [];
    const back: Array<[number, number]> = [];
    let ok = true;
    for (const term of p[2]!.split('+')) {
      const t = TERM.exec(term);
      if (!t) ok = false;
      else (t[1] ? back : front).push([Number(t[2]), Number(t[3])]);
    }
    if (ok) {
      out = {
        kind,
        table: c[2]!,
        block: Number(c[3]),
        cellFold: Number(c[4]),
        stampFold: Number(c[5]),
        superBlocks: Number(c[6]),
        j: c[7] === undefined ? 0 : Number(c[7]),
        lengthWeight: Number(p[1]),
        front,
        back,
        columnStart: Number(p[3]),
        columnStep: Number(p[4]),
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

const fold = (x: number, f: number) => x - Math.floor(x / f) * f;
const base36 = (x: number) => x.toString(36).toUpperCase();

/** Folded block stamps of body rows [from, to). */
function blockStamps(p: StampParams, body: (row: number, col: number) => Stored, from: number, to: number, cols: number): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let i = from; i < to; i++) {
    let r = 0;
    for (let c = 0; c < cols; c++) r += cellHash(body(i, c), p) * (p.columnStart + c * p.columnStep);
    sum += r * (((i - from) % p.block) + 1);
    if ((i - from + 1) % p.block === 0 || i === to - 1) {
      out.push(fold(sum, p.stampFold));
      sum = 0;
    }
  }
  return out;
}

/** SUM(q * SEQUENCE(ROWS(q))), folded. */
const superStamp = (q: readonly number[], p: StampParams) => fold(q.reduce((s, x, i) => s + x * (i + 1), 0), p.stampFold);

/** The value of a stamp cell over a table body; an Excel error text when Excel would give one. */
export function evaluateStamp(formula: string, body: (row: number, col: number) => Stored, rows: number, cols: number): { value: Scalar; isError: boolean } {
  const p = parse(formula);
  if (!p) return { value: '#NAME?', isError: true };
  const superRows = p.block * p.superBlocks;
  if (p.kind === 2) {
    const from = p.j * superRows;
    if (from >= rows) return { value: '', isError: false };
    const q = blockStamps(p, body, from, Math.min(rows, from + superRows), cols);
    return { value: `${base36(superStamp(q, p))}|${q.map(base36).join(',')}`, isError: false };
  }
  if (rows === 0) return { value: '#CALC!', isError: true };
  const all = blockStamps(p, body, 0, rows, cols);
  const supers: string[] = [];
  for (let i = 0; i < all.length; i += p.superBlocks) supers.push(base36(superStamp(all.slice(i, i + p.superBlocks), p)));
  return { value: `${rows}:${supers.join(',')}`, isError: false };
}
