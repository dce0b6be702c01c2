/**
 * Table values to typed entities and back.
 *
 * Decoding reads cells as `range.values` returns them (numbers, strings, booleans, '' for blank) and refuses
 * any row with a problem: the row is left out of `rows`, its key (when readable) goes to `badKeys`, and every
 * problem names the sheet, the row number Excel shows, the column and the cell address, so that a user can go
 * and fix it. Operations that need a refused row refuse in turn; nothing is guessed.
 *
 * Written for speed (a million movement rows in well under two seconds): the header -> column plan is built
 * once, each cell goes through one switch without allocating, and failures are reported through a module-level
 * slot instead of a result object per cell.
 */
import { isoDate, isoDateTime, isoDateTimeToSerial, isoDateToSerial, serialToIsoDate, serialToIsoDateTime } from './dates';
import { safeCellText } from './cell-text';
import { moneyToNumber, qtyToNumber, scaledFromNumber, MONEY_SCALE, QTY_SCALE } from './fixed';
import type { ColumnDef, ColumnType, TableDef } from './schema';
import type { EntityByTable, IsoDate, IsoDateTime, LotKey, Money, MovementType, Qty, TableName } from './types';

export type CellValue = string | number | boolean;

export type ProblemCode =
  | 'missing-column'
  | 'too-large'
  | 'required'
  | 'not-a-number'
  | 'not-an-integer'
  | 'too-many-decimals'
  | 'negative'
  | 'wrong-sign'
  | 'unknown-value'
  | 'not-a-date'
  | 'ambiguous-date'
  | 'cell-error'
  | 'duplicate-key'
  // Cross-table checks (validate.ts):
  | 'unknown-sku'
  | 'unknown-lot'
  | 'decimals-exceeded'
  | 'on-hand-mismatch'
  // A Settings value a rule cannot use (rules.ts):
  | 'bad-setting';

export interface TableProblem {
  readonly sheet: string;
  /** The row number Excel shows. */
  readonly row: number;
  /** The column's header. */
  readonly column: string;
  /** e.g. "Lots!C7"; for a missing column, the header row, e.g. "Lots!B3:N3". */
  readonly address: string;
  readonly value: unknown;
  readonly code: ProblemCode;
  /** Plain words: what is wrong and what is expected. */
  readonly message: string;
  /** The row's key fields joined with ' / ', when readable. */
  readonly key?: string;
  /** When the row's SKU and lot are readable. */
  readonly lotKey?: LotKey;
}

export interface TableOrigin {
  readonly sheet: string;
  /** 1-based Excel row of the header. */
  readonly headerRow: number;
  /** 0-based sheet column of the table's first column (A = 0). */
  readonly firstColumn: number;
}

export interface Decoded<E> {
  rows: E[];
  /** The Excel row of each decoded row. */
  rowNumbers: number[];
  problems: TableProblem[];
  /** `rowKey`s of rows refused (only when their key fields were readable). */
  badKeys: Set<string>;
}

export const KEY_SEPARATOR = '\u0000';

export function lotKey(sku: string, lot: string): LotKey {
  return `${sku}${KEY_SEPARATOR}${lot}` as LotKey;
}

/** 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index0: number): string {
  let n = index0 + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = (n - 1 - r) / 26;
  }
  return s;
}

/** A sheet name as it appears in an address: quoted when it is not a plain word. */
export function sheetRef(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

export function cellAddress(origin: TableOrigin, columnIndex: number, row: number): string {
  return `${sheetRef(origin.sheet)}!${columnLetter(origin.firstColumn + columnIndex)}${row}`;
}

/** The key of an entity: its key fields joined with U+0000. For Lots it equals `lotKey(sku, lot)`. */
export function rowKey<N extends TableName>(def: TableDef<N>, entity: EntityByTable[N]): string {
  const e = entity as unknown as Record<string, unknown>;
  return def.key.map((f) => String(e[f])).join(KEY_SEPARATOR);
}

/** The key from decoded values at `at`, or undefined when one of them failed to decode. */
function keyOf(at: readonly number[], vals: readonly unknown[], sep: string): string | undefined {
  if (at.length === 1) {
    const v = vals[at[0] as number];
    return v === undefined ? undefined : String(v);
  }
  let s = '';
  for (let i = 0; i < at.length; i++) {
    const v = vals[at[i] as number];
    if (v === undefined) return undefined;
    s = i === 0 ? String(v) : s + sep + String(v);
  }
  return s;
}

/** The fields that name a lot, per table (Runs name the lot they produce). */
const LOT_FIELDS: { readonly [N in TableName]?: readonly [string, string] } = {
  Lots: ['sku', 'lot'],
  Movements: ['sku', 'lot'],
  Shipments: ['sku', 'lot'],
  Runs: ['outputSku', 'outputLot'],
};

export function normalizeHeader(h: unknown): string {
  return String(h ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Where each column of `def` is in `headers` (-1 when absent), found by header: case-insensitive, trimmed.
 * When a header appears twice the first one counts.
 */
export function findColumns<N extends TableName>(def: TableDef<N>, headers: readonly unknown[]): number[] {
  const at = new Map<string, number>();
  for (let i = 0; i < headers.length; i++) {
    const h = normalizeHeader(headers[i]);
    if (h !== '' && !at.has(h)) at.set(h, i);
  }
  return def.columns.map((c) => at.get(normalizeHeader(c.header)) ?? -1);
}

// ---------------------------------------------------------------------------------------------- decoding

const T_ID = 0;
const T_TEXT = 1;
const T_INT = 2;
const T_QTY = 3;
const T_MONEY = 4;
const T_DATE = 5;
const T_DATETIME = 6;
const T_ENUM = 7;
const TYPE_CODES: Readonly<Record<ColumnType, number>> = { id: T_ID, text: T_TEXT, int: T_INT, qty: T_QTY, money: T_MONEY, date: T_DATE, datetime: T_DATETIME, enum: T_ENUM };

interface ColumnPlan {
  readonly field: string;
  readonly header: string;
  readonly type: number;
  readonly required: boolean;
  readonly nonNegative: boolean;
  /** Index in the row's cells; -1 when the table has no such column. */
  readonly index: number;
  /** Lower-cased allowed value -> canonical value, for enums. */
  readonly values: ReadonlyMap<string, string> | null;
  readonly allowed: string;
  /** What a blank cell of an optional column decodes to. */
  readonly blank: '' | null;
}

const ERROR_TEXTS: ReadonlySet<string> = new Set(['#N/A', '#DIV/0!', '#REF!', '#VALUE!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!']);

// A decoder returns FAIL and leaves the problem here, so that no result object is allocated per cell.
const FAIL: unique symbol = Symbol('fail');
let failCode: ProblemCode = 'required';
let failMessage = '';

function fail(code: ProblemCode, message: string): typeof FAIL {
  failCode = code;
  failMessage = message;
  return FAIL;
}

function shown(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}

const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}(?:$|[T ])/;
const DATE_LIKE_NUMERIC = /^\d{1,4}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{1,4})?\.?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?$/i;
const MONTH_NAME = /(?:^|[^a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:$|[^a-z])/i;
const HAS_DIGIT = /\d/;
const TIME_PART = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A number typed as text ("12.5", "-3"); anything else (including "", " ", "0x10", "1,5") is not one. */
function numberFromText(s: string): number | null {
  const t = s.trim();
  return NUMERIC_TEXT.test(t) ? Number(t) : null;
}

function looksLikeDate(s: string): boolean {
  return DATE_LIKE_NUMERIC.test(s) || (HAS_DIGIT.test(s) && MONTH_NAME.test(s));
}

const EXPECT_DATE = 'use yyyy-mm-dd, for example 2026-12-31, or a date cell';

/** Quantities and money are counted in exact integers of their smallest unit; past 2^53 units they are not. */
function beyondExact(n: number, scale: number): boolean {
  return Math.abs(n) * scale > Number.MAX_SAFE_INTEGER;
}

function tooLargeMessage(p: ColumnPlan, raw: unknown): string {
  return `${p.header} ${shown(raw)} is too large to count exactly; check the cell for a typing slip (a missing decimal point, an extra digit).`;
}

/** The number in a numeric cell, or in a text cell holding a number; FAIL with 'not-a-number' otherwise. */
function numberOf(p: ColumnPlan, v: string | number | boolean, raw: unknown, expected: string): number | typeof FAIL {
  if (typeof v === 'number') return v;
  const n = typeof v === 'string' ? numberFromText(v) : null;
  if (n === null || !Number.isFinite(n)) return fail('not-a-number', `${p.header} ${shown(raw)} is not a number; expected ${expected}.`);
  return n;
}

function decodeDateText(p: ColumnPlan, s: string, withTime: boolean): IsoDate | IsoDateTime | typeof FAIL {
  if (ISO_DATE_PREFIX.test(s)) {
    const date = isoDate(s.slice(0, 10));
    if (date === null) return fail('not-a-date', `${p.header} "${s}" is not a day of the calendar; ${EXPECT_DATE}.`);
    const rest = s.slice(11);
    if (s.length === 10 || rest === '') return withTime ? (`${date}T00:00:00` as IsoDateTime) : date;
    const t = TIME_PART.exec(rest);
    const dt = t ? isoDateTime(`${date}T${t[1]}:${t[2]}:${t[3] ?? '00'}`) : null;
    if (dt === null) return fail('not-a-date', `${p.header} "${s}" is not a date and time Excel can read; use yyyy-mm-dd or yyyy-mm-dd hh:mm:ss.`);
    return withTime ? dt : date;
  }
  if (looksLikeDate(s)) {
    // Never guessed (DESIGN.md): 03/04 is March 4th in one country and April 3rd in the next.
    return fail('ambiguous-date', `${p.header} "${s}" looks like a date typed as text, which is read differently from country to country; ${EXPECT_DATE}.`);
  }
  return fail('not-a-date', `${p.header} "${s}" is not a date; ${EXPECT_DATE}.`);
}

function decodeSerial(p: ColumnPlan, n: number, withTime: boolean): IsoDate | IsoDateTime | typeof FAIL {
  const r = withTime ? serialToIsoDateTime(n) : serialToIsoDate(n);
  if (r !== null) return r;
  const why = Math.floor(n) === 60 ? ' (Excel counts a 1900-02-29 that never existed)' : ' Excel can show (1900-01-01 to 9999-12-31)';
  return fail('not-a-date', `${p.header} ${n} is not a date${why}; ${EXPECT_DATE}.`);
}

/** Decodes one non-blank, non-error cell: `v` is the cell, trimmed when text; `raw` the cell as read. */
function decodeCell(p: ColumnPlan, v: string | number | boolean, raw: unknown): unknown {
  switch (p.type) {
    case T_ID:
    case T_TEXT:
      // A lot typed as 123 comes back as the number 123 unless its cell was text-formatted: read '123'.
      return typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
    case T_ENUM: {
      const s = typeof v === 'string' ? v : String(v);
      const values = p.values as ReadonlyMap<string, string>;
      const canonical = values.get(s) ?? values.get(s.toLowerCase());
      return canonical ?? fail('unknown-value', `${p.header} ${shown(raw)} is not allowed; use one of: ${p.allowed}.`);
    }
    case T_INT: {
      const n = numberOf(p, v, raw, 'a whole number such as 30');
      if (n === FAIL) return FAIL;
      if (beyondExact(n, 1)) return fail('too-large', tooLargeMessage(p, raw));
      const i = scaledFromNumber(n, 1);
      return i ?? fail('not-an-integer', `${p.header} ${shown(raw)} is not a whole number; expected a whole number such as 30.`);
    }
    case T_QTY: {
      const n = numberOf(p, v, raw, 'a quantity such as 12.5');
      if (n === FAIL) return FAIL;
      if (beyondExact(n, QTY_SCALE)) return fail('too-large', tooLargeMessage(p, raw));
      const q = scaledFromNumber(n, QTY_SCALE);
      if (q === null) return fail('too-many-decimals', `${p.header} ${shown(raw)} has more than 3 decimals; use at most 3 (0.001 is the smallest quantity).`);
      if (q < 0 && p.nonNegative) return fail('negative', `${p.header} ${shown(raw)} is negative; it must be 0 or more.`);
      return q;
    }
    case T_MONEY: {
      const n = numberOf(p, v, raw, 'an amount such as 12.50');
      if (n === FAIL) return FAIL;
      if (beyondExact(n, MONEY_SCALE)) return fail('too-large', tooLargeMessage(p, raw));
      const m = scaledFromNumber(n, MONEY_SCALE);
      return m ?? fail('too-many-decimals', `${p.header} ${shown(raw)} has more than 4 decimals; use at most 4 (0.0001 is the smallest amount).`);
    }
    case T_DATE:
    case T_DATETIME: {
      const withTime = p.type === T_DATETIME;
      if (typeof v === 'number') return decodeSerial(p, v, withTime);
      if (typeof v === 'string') return decodeDateText(p, v, withTime);
      return fail('not-a-date', `${p.header} ${shown(raw)} is not a date; ${EXPECT_DATE}.`);
    }
    default:
      throw new Error(`codec: unknown column type ${p.type}`);
  }
}

/** `s` trimmed; the common case (printable ASCII at both ends) returns `s` itself without scanning. */
function trimmed(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(n - 1);
  return a > 32 && a < 127 && b > 32 && b < 127 ? s : s.trim();
}

function isBlank(v: unknown): boolean {
  return typeof v === 'string' ? trimmed(v) === '' : v === undefined || v === null;
}

const MOVEMENT_SIGN: Readonly<Record<MovementType, { sign: 1 | -1 | 0; what: string }>> = {
  RECEIVE: { sign: 1, what: 'a receipt' },
  PRODUCE: { sign: 1, what: 'production output' },
  RETURN: { sign: 1, what: 'a return' },
  CONSUME: { sign: -1, what: 'a consumption' },
  SHIP: { sign: -1, what: 'a shipment' },
  DESTROY: { sign: -1, what: 'a destruction' },
  ADJUST: { sign: 0, what: 'an adjustment' },
  TRANSFER: { sign: 0, what: 'a transfer' },
};

/** The Movements sign rule for a decoded row, or null when it holds. `raw` is the cell as read. */
function movementSignMessage(type: MovementType, qty: number, raw: unknown): string | null {
  const rule = MOVEMENT_SIGN[type];
  if (qty === 0) {
    const expected = rule.sign === 1 ? 'positive' : rule.sign === -1 ? 'negative' : '+ in, - out';
    return `Qty ${String(raw)}: ${rule.what} of 0 changes nothing; enter the quantity that moved (${expected}).`;
  }
  if (rule.sign === 1 && qty < 0) return `Qty ${String(raw)}: ${rule.what} must be positive (${type} adds stock; to take stock out use another type, such as ADJUST).`;
  if (rule.sign === -1 && qty > 0) return `Qty ${String(raw)}: ${rule.what} must be negative (${type} takes stock out; enter -${String(raw)}).`;
  return null;
}

function missingColumnMessage(header: string, table: string): string {
  return `The ${table} table has no "${header}" column; add a column with that header (in any position).`;
}

/**
 * Decodes a table read from the workbook. `headers` is the header row, `body` the data rows, both as
 * `range.values` returns them; `valueTypes` (from `range.valueTypes`) makes error detection exact.
 * Blank rows (every column of `def` blank; users' own columns may hold formulas) are skipped silently.
 */
export function decodeTable<N extends TableName>(
  def: TableDef<N>,
  headers: readonly unknown[],
  body: readonly (readonly unknown[])[],
  origin: TableOrigin,
  valueTypes?: readonly (readonly string[])[],
  /**
   * Where only some columns were read: the fields to decode. The others are neither checked nor decoded, and
   * reading one of them from an entity throws (a command that reads a field it did not ask for is a bug, found by
   * its first test rather than answered with undefined).
   */
  fields?: ReadonlySet<string>,
): Decoded<EntityByTable[N]> {
  const problems: TableProblem[] = [];
  const badKeys = new Set<string>();
  const rows: EntityByTable[N][] = [];
  const rowNumbers: number[] = [];
  const found = findColumns(def, headers);
  const indexes = found.map((i, c) => (fields && !fields.has(def.columns[c]!.field) ? -1 : i));

  const plans: ColumnPlan[] = def.columns.map((c: ColumnDef<EntityByTable[N]>, i) => ({
    field: c.field,
    header: c.header,
    type: TYPE_CODES[c.type],
    required: c.required && (!fields || fields.has(c.field)),
    nonNegative: c.nonNegative === true,
    index: indexes[i] as number,
    values: c.values ? new Map([...c.values.map((x): [string, string] => [x, x]), ...c.values.map((x): [string, string] => [x.toLowerCase(), x])]) : null,
    allowed: c.values ? c.values.join(', ') : '',
    blank: c.type === 'id' || c.type === 'text' ? '' : null,
  }));

  // A required column gone is reported whether or not it was read: the table is not what Lotbook writes into.
  const missing = plans.filter((p, i) => def.columns[i]!.required && found[i]! < 0);
  if (missing.length > 0) {
    const last = columnLetter(origin.firstColumn + Math.max(0, headers.length - 1));
    const address = `${sheetRef(origin.sheet)}!${columnLetter(origin.firstColumn)}${origin.headerRow}:${last}${origin.headerRow}`;
    for (const p of missing) {
      problems.push({ sheet: origin.sheet, row: origin.headerRow, column: p.header, address, value: '', code: 'missing-column', message: missingColumnMessage(p.header, def.name) });
    }
    return { rows, rowNumbers, problems, badKeys };
  }
  // An essential column that is gone: the rows still decode (a person can read them), but every feature that checks
  // for missing columns refuses to decide on them, and the problem names the column to add back.
  for (const c of def.columns) {
    if (!c.essential || found[def.columns.indexOf(c)]! >= 0) continue;
    const address = `${sheetRef(origin.sheet)}!${columnLetter(origin.firstColumn)}${origin.headerRow}`;
    problems.push({ sheet: origin.sheet, row: origin.headerRow, column: c.header, address, value: '', code: 'missing-column', message: `${missingColumnMessage(c.header, def.name)} Without it, Lotbook cannot tell which lots have expired.` });
  }

  const present = plans.filter((p) => p.index >= 0).map((p) => p.index);
  const letters = plans.map((p) => (p.index >= 0 ? columnLetter(origin.firstColumn + p.index) : ''));
  const sheetPrefix = `${sheetRef(origin.sheet)}!`;
  const planOf = (field: string): number => plans.findIndex((p) => p.field === field);
  const keyAt = def.key.map(planOf);
  const keyNames = keyAt.map((k) => (plans[k] as ColumnPlan).header).join(' / ');
  const lotFields = LOT_FIELDS[def.name];
  const lotAt = lotFields ? lotFields.map(planOf) : null;
  // The sign rule needs both cells (a read of some columns may have neither).
  const typeAt = def.name === 'Movements' && (!fields || (fields.has('type') && fields.has('qty'))) ? planOf('type') : -1;
  const qtyAt = def.name === 'Movements' ? planOf('qty') : -1;
  const build = (fields ? partialBuilder(def as unknown as TableDef, fields) : BUILDERS[def.name]) as unknown as (v: readonly unknown[]) => EntityByTable[N];
  const seen = new KeyIndex(body.length);
  const nPlans = plans.length;
  // Cells are read left to right as the sheet shows them, so a row's problems come in that order.
  const position = (c: number): number => {
    const i = (plans[c] as ColumnPlan).index;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const order = plans.map((_, c) => c).sort((a, b) => position(a) - position(b));
  // Decoded values of the current row, in column order (undefined where a cell failed); reused across rows.
  const vals: unknown[] = new Array<unknown>(nPlans).fill(undefined);

  for (let r = 0; r < body.length; r++) {
    const cells = body[r] as readonly unknown[];
    let blank = true;
    for (let k = 0; k < present.length; k++) {
      if (!isBlank(cells[present[k] as number])) {
        blank = false;
        break;
      }
    }
    if (blank) continue;

    const excelRow = origin.headerRow + 1 + r;
    const types = valueTypes ? valueTypes[r] : undefined;
    let rowProblems: TableProblem[] | null = null;

    for (let o = 0; o < nPlans; o++) {
      const c = order[o] as number;
      const p = plans[c] as ColumnPlan;
      const idx = p.index;
      const raw = idx >= 0 ? cells[idx] : '';
      let value: unknown;
      if (typeof raw === 'string') {
        const t = trimmed(raw);
        if (t === '') value = p.required ? fail('required', `${p.header} is blank; it is required.`) : p.blank;
        else if (types !== undefined ? types[idx] === 'Error' : t.charCodeAt(0) === 35 /* # */ && ERROR_TEXTS.has(t)) {
          value = fail('cell-error', `${p.header} holds the error ${t}; fix the formula or type a value.`);
        } else if (p.type === T_ID || p.type === T_TEXT) value = t;
        else value = decodeCell(p, t, raw);
      } else if (typeof raw === 'number' || typeof raw === 'boolean') {
        value = decodeCell(p, raw, raw);
      } else if (raw === undefined || raw === null) {
        value = p.required ? fail('required', `${p.header} is blank; it is required.`) : p.blank;
      } else {
        value = fail('not-a-number', `${p.header} holds a value that is neither text, a number nor TRUE/FALSE.`);
      }
      if (value === FAIL) {
        (rowProblems ??= []).push(cellProblem(origin.sheet, excelRow, p.header, sheetPrefix + (letters[c] as string) + excelRow, raw, failCode, failMessage));
        vals[c] = undefined;
      } else {
        vals[c] = value;
      }
    }

    if (typeAt >= 0 && vals[typeAt] !== undefined && vals[qtyAt] !== undefined) {
      const raw = cells[(plans[qtyAt] as ColumnPlan).index];
      const message = movementSignMessage(vals[typeAt] as MovementType, vals[qtyAt] as number, raw);
      if (message !== null) {
        (rowProblems ??= []).push(cellProblem(origin.sheet, excelRow, (plans[qtyAt] as ColumnPlan).header, sheetPrefix + (letters[qtyAt] as string) + excelRow, raw, 'wrong-sign', message));
      }
    }

    const key = keyOf(keyAt, vals, KEY_SEPARATOR);
    if (key !== undefined) {
      const first = seen.addOrGet(key, excelRow);
      if (first >= 0) {
        const c0 = keyAt[0] as number;
        const p0 = plans[c0] as ColumnPlan;
        const message = `${keyNames} "${keyOf(keyAt, vals, ' / ') as string}" is already used in row ${first}; each row needs its own ${keyNames}.`;
        (rowProblems ??= []).push(cellProblem(origin.sheet, excelRow, p0.header, sheetPrefix + (letters[c0] as string) + excelRow, cells[p0.index], 'duplicate-key', message));
      }
    }

    if (rowProblems === null) {
      rows.push(build(vals));
      rowNumbers.push(excelRow);
      continue;
    }
    if (key !== undefined) badKeys.add(key);
    const readableKey = keyOf(keyAt, vals, ' / ');
    const sku = lotAt ? vals[lotAt[0] as number] : undefined;
    const lot = lotAt ? vals[lotAt[1] as number] : undefined;
    const lk = typeof sku === 'string' && typeof lot === 'string' && sku !== '' && lot !== '' ? lotKey(sku, lot) : undefined;
    for (const problem of rowProblems) {
      problems.push({ ...problem, ...(readableKey !== undefined ? { key: readableKey } : {}), ...(lk !== undefined ? { lotKey: lk } : {}) });
    }
  }
  return { rows, rowNumbers, problems, badKeys };
}

/**
 * The first row of each key, to find duplicates. A JS Set or Map of a million fresh strings spends most of its
 * time growing and rehashing (about half a second here); this open-addressing table is sized once from the
 * number of rows and hashes each key once (FNV-1a), which is several times faster.
 */
class KeyIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly keys: string[];
  private readonly hashes: Int32Array;
  private readonly rows: Int32Array;
  private count = 0;

  /** `capacity`: the most keys that will be added (the number of rows). */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.keys = new Array<string>(capacity);
    this.hashes = new Int32Array(capacity);
    this.rows = new Int32Array(capacity);
  }

  /** Records `key` at `row` and returns -1, or returns the row where `key` was first recorded. */
  addOrGet(key: string, row: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    let slot = h & this.mask;
    for (;;) {
      const entry = this.slots[slot] as number;
      if (entry === 0) {
        const e = this.count++;
        this.keys[e] = key;
        this.hashes[e] = h;
        this.rows[e] = row;
        this.slots[slot] = e + 1;
        return -1;
      }
      // Comparing the stored hash first avoids touching the other key's string on most collisions.
      if (this.hashes[entry - 1] === h && this.keys[entry - 1] === key) return this.rows[entry - 1] as number;
      slot = (slot + 1) & this.mask;
    }
  }
}

function cellProblem(sheet: string, row: number, column: string, address: string, value: unknown, code: ProblemCode, message: string): TableProblem {
  return { sheet, row, column, address, value, code, message };
}

/**
 * One object literal per table, so that every decoded entity of a table has the same shape and is built
 * without per-field keyed stores (three times faster on a million rows). `v` holds the decoded values in
 * the order of the table's columns in schema.ts; codec.test.ts checks that each builder matches it.
 */
export const BUILDERS: { readonly [N in TableName]: (v: readonly any[]) => EntityByTable[N] } = {
  Products: (v) => ({ sku: v[0], gtin: v[1], description: v[2], unit: v[3], decimals: v[4], shelfLifeDays: v[5], minShipLifeDays: v[6], kind: v[7] }),
  Lots: (v) => ({
    sku: v[0], lot: v[1], supplier: v[2], supplierLot: v[3], origin: v[4], manufactured: v[5], expiry: v[6],
    received: v[7], status: v[8], unitCost: v[9], location: v[10], coaRef: v[11], onHand: v[12],
  }),
  Movements: (v) => ({ id: v[0], date: v[1], type: v[2], sku: v[3], lot: v[4], qty: v[5], location: v[6], ref: v[7], unitCost: v[8], user: v[9], note: v[10] }),
  Shipments: (v) => ({ id: v[0], line: v[1], orderId: v[2], date: v[3], customerId: v[4], sku: v[5], lot: v[6], qty: v[7], carrier: v[8], tracking: v[9] }),
  Customers: (v) => ({
    id: v[0], name: v[1], contact: v[2], email: v[3], phone: v[4], address: v[5], city: v[6], region: v[7],
    postalCode: v[8], country: v[9], minShelfLifeDays: v[10],
  }),
  Orders: (v) => ({ orderId: v[0], line: v[1], customerId: v[2], sku: v[3], qty: v[4], dueDate: v[5], status: v[6] }),
  Runs: (v) => ({ id: v[0], date: v[1], outputSku: v[2], outputLot: v[3], plannedQty: v[4], actualQty: v[5], conversionCost: v[6], user: v[7], note: v[8] }),
  Log: (v) => ({ id: v[0], when: v[1], user: v[2], action: v[3], table: v[4], key: v[5], from: v[6], to: v[7], why: v[8] }),
  Settings: (v) => ({ key: v[0], value: v[1] }),
};

/**
 * Builds entities of `def` that hold only `fields`, on a prototype whose getters for every other field throw. Kept
 * per table and set of fields, so that every such entity shares one prototype (and one shape).
 */
function partialBuilder(def: TableDef, fields: ReadonlySet<string>): (v: readonly unknown[]) => object {
  const id = `${def.name}\u0000${[...fields].sort().join(',')}`;
  let builder = partialBuilders.get(id);
  if (builder) return builder;
  const proto: object = {};
  for (const c of def.columns) {
    if (fields.has(c.field)) continue;
    Object.defineProperty(proto, c.field, {
      get() {
        throw new Error(`Lotbook bug: ${def.name}.${c.field} was read, but this command did not ask for the ${c.header} column (ReadOptions.columns).`);
      },
    });
  }
  const known = def.columns.flatMap((c, i) => (fields.has(c.field) ? [[c.field, i] as const] : []));
  builder = (v) => {
    const e = Object.create(proto) as Record<string, unknown>;
    for (const [field, i] of known) e[field] = v[i];
    return e;
  };
  partialBuilders.set(id, builder);
  return builder;
}
const partialBuilders = new Map<string, (v: readonly unknown[]) => object>();

// ---------------------------------------------------------------------------------------------- encoding

/** Column of `def` for each header (undefined for users' own columns), cached per headers array. */
const encodePlans = new WeakMap<readonly string[], Map<TableDef, readonly (ColumnDef<any> | undefined)[]>>();

function encodePlan(def: TableDef, headers: readonly string[]): readonly (ColumnDef<any> | undefined)[] {
  let byDef = encodePlans.get(headers);
  if (byDef === undefined) {
    byDef = new Map();
    encodePlans.set(headers, byDef);
  }
  let plan = byDef.get(def);
  if (plan === undefined) {
    const byHeader = new Map<string, ColumnDef<any>>();
    for (const c of def.columns as readonly ColumnDef<any>[]) byHeader.set(normalizeHeader(c.header), c);
    const seen = new Set<string>();
    plan = headers.map((h) => {
      const n = normalizeHeader(h);
      // Only the first of two same-named headers is ours, as in decoding.
      if (seen.has(n)) return undefined;
      seen.add(n);
      return byHeader.get(n);
    });
    byDef.set(def, plan);
  }
  return plan;
}

/**
 * The cells of one row in the order of the table's actual `headers` ('' under users' own columns). Text,
 * ids and enums go through `text`: by default safeCellText (safeText, and a leading apostrophe of the value
 * itself is kept); the Excel adapter passes its stricter textCell, which also guards numbers and dates;
 * dates are serial numbers; quantities and money are decimal numbers; null is ''.
 */
export function encodeRow<N extends TableName>(def: TableDef<N>, entity: EntityByTable[N], headers: readonly string[], text: (s: string) => string = safeCellText): CellValue[] {
  const plan = encodePlan(def as unknown as TableDef, headers);
  const e = entity as unknown as Record<string, unknown>;
  const out: CellValue[] = new Array<CellValue>(plan.length);
  for (let i = 0; i < plan.length; i++) {
    const c = plan[i];
    const v = c === undefined ? null : e[c.field];
    if (c === undefined || v === null || v === undefined) {
      out[i] = '';
      continue;
    }
    switch (c.type) {
      case 'id':
      case 'text':
      case 'enum':
        out[i] = text(String(v));
        break;
      case 'int':
        out[i] = v as number;
        break;
      case 'qty':
        out[i] = qtyToNumber(v as Qty);
        break;
      case 'money':
        out[i] = moneyToNumber(v as Money);
        break;
      case 'date':
        out[i] = isoDateToSerial(v as IsoDate);
        break;
      case 'datetime':
        out[i] = isoDateTimeToSerial(v as IsoDateTime);
        break;
    }
  }
  return out;
}
