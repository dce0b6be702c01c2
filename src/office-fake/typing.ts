/**
 * Writing through `Range.values` is like typing into the cell (docs/excel-facts.md): Excel parses the text. This module is
 * the fake's version of that parser, for the US English locale.
 */
import { RichCell, type Stored } from './cells';
import { KIND_VARIANTS, type FakeVariants } from './variants';
import { isStampFormula } from './stamp-formula';

export const TEXT_FORMAT = '@';
export const GENERAL_FORMAT = 'General';
export const DATE_FORMAT = 'm/d/yyyy';
export const DAY_MONTH_FORMAT = 'd-mmm';

const ERROR_LITERALS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);

/** The stored cell, and the number format Excel would give a General cell as a side effect (dates, %). */
export interface Typed {
  readonly stored: Stored;
  readonly format?: string;
}

/**
 * Parse one input value as Excel does when it is written through `values` or `formulas` into a cell whose
 * number format is `format`. `null` never reaches here (it means "leave the cell alone").
 */
export function typeInput(input: unknown, format: string, variants: FakeVariants = KIND_VARIANTS): Typed {
  if (typeof input === 'number') return { stored: Number.isFinite(input) ? input : '#NUM!' };
  if (typeof input === 'boolean') return { stored: input };
  const s = typeof input === 'string' ? input : String(input);
  if (s === '') return { stored: null };
  // The apostrophe is a prefix that forces text and is not part of the value (office-js #6687).
  // In a text-formatted cell nobody documents what the apostrophe does (variants.ts).
  if (s.startsWith("'")) return format === TEXT_FORMAT && variants.apostropheInTextCell === 'kept' ? { stored: s } : { stored: s.slice(1) === '' ? null : s.slice(1) };
  if (format === TEXT_FORMAT) return s.length > 1 && s.startsWith('=') && variants.formulaInTextCell === 'formula' ? { stored: formulaCell(s) } : { stored: s };
  if (s.length > 1 && s.startsWith('=')) return { stored: formulaCell(s) };
  if (s.length > 1 && s.startsWith('@')) return { stored: formulaCell(`=${s.slice(1)}`) };
  if (s.length > 1 && s.startsWith('+')) return { stored: formulaCell(`=${s}`) };
  const num = parseNumberLike(s);
  if (num) return { stored: num.value, ...(format === GENERAL_FORMAT && num.format ? { format: num.format } : {}) };
  if (s.length > 1 && s.startsWith('-')) return { stored: formulaCell(`=${s}`) };
  const upper = s.trim().toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { stored: upper === 'TRUE' };
  if (ERROR_LITERALS.has(upper)) return { stored: new RichCell(null, upper, true) };
  const date = parseDateLike(s);
  if (date) {
    const keepFormat = format !== GENERAL_FORMAT;
    return { stored: date.serial, ...(keepFormat ? {} : { format: date.format }) };
  }
  return { stored: s };
}

export function formulaCell(formula: string): RichCell {
  // Its value depends on other cells: the model computes it when it is read (WorkbookModel.formulaValue).
  if (isStampFormula(formula)) return new RichCell(formula, '', false);
  const result = evaluateFormula(formula);
  return new RichCell(formula, result.value, result.isError);
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

const NUMBER_LIKE = /^(-)?(\$)?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%)?$/;

/** '000123', '1E5', '1,234', '-2.5', '12%', '$120' to a number (15 significant digits, the rest cut). */
export function parseNumberLike(text: string): { value: number; format?: string } | null {
  const m = NUMBER_LIKE.exec(text.trim());
  if (!m) return null;
  const [, minus, dollar, body, exponent, percent] = m;
  if (dollar && exponent) return null;
  const mantissa = (body as string).replace(/,/g, '');
  let value = cutTo15Digits(mantissa, exponent === undefined ? 0 : Number(exponent));
  if (percent) value = value / 100;
  if (minus) value = -value;
  let format: string | undefined;
  const decimals = mantissa.includes('.') && !mantissa.endsWith('.');
  if (percent) format = decimals ? '0.00%' : '0%';
  else if (dollar) format = decimals ? '$#,##0.00' : '$#,##0';
  else if (exponent !== undefined) format = '0.00E+00';
  else if ((body as string).includes(',')) format = '#,##0';
  return format === undefined ? { value } : { value, format };
}

/** Excel keeps 15 significant digits of a typed number and drops (does not round) the others. */
export function cutTo15Digits(mantissa: string, exponent: number): number {
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  const digits = intPart + fracPart;
  let first = 0;
  while (first < digits.length && digits[first] === '0') first++;
  if (first === digits.length) return 0;
  const significant = digits.slice(first, first + 15);
  return Number(`0.${significant}e${intPart.length - first + exponent}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

const MS_PER_DAY = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

/** Excel's serial number of a date: days since 1899-12-30, with the fictitious 1900-02-29 as serial 60. */
export function dateToSerial(year: number, month: number, day: number): number {
  if (year === 1900 && month === 2 && day === 29) return 60;
  const days = Math.round((Date.UTC(year, month - 1, day) - EPOCH) / MS_PER_DAY);
  // Before 1900-03-01 Excel counts from 1899-12-31, because it believes 1900 was a leap year.
  return days <= 60 ? days - 1 : days;
}

export function serialToDate(serial: number): { year: number; month: number; day: number } {
  const whole = Math.floor(serial);
  if (whole === 60) return { year: 1900, month: 2, day: 29 };
  const days = whole < 60 ? whole + 1 : whole;
  const d = new Date(EPOCH + days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  if (year === 1900 && month === 2 && day === 29) return true;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** ISO y-m-d, US m/d/y, and m/d or m-d (this year), as US Excel reads them. */
export function parseDateLike(text: string, now: Date = new Date()): { serial: number; format: string } | null {
  const s = text.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (m) return dateResult(Number(m[1]), Number(m[2]), Number(m[3]), DATE_FORMAT);
  m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4}|\d{2})$/.exec(s);
  if (m) {
    let year = Number(m[3]);
    if ((m[3] as string).length === 2) year += year < 30 ? 2000 : 1900;
    return dateResult(year, Number(m[1]), Number(m[2]), DATE_FORMAT);
  }
  m = /^(\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (m) return dateResult(now.getFullYear(), Number(m[1]), Number(m[2]), DAY_MONTH_FORMAT);
  return null;
}

function dateResult(year: number, month: number, day: number, format: string) {
  return validDate(year, month, day) ? { serial: dateToSerial(year, month, day), format } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Formulas

/**
 * Evaluate plain arithmetic on numbers (+ - * / ^ and parentheses). Anything else, names, references, text,
 * functions, is beyond the fake and gives #NAME?, so a test notices a formula where it expected data.
 */
export function evaluateFormula(formula: string): { value: number | string; isError: boolean } {
  const tokens = tokenize(formula.slice(1));
  if (!tokens) return { value: '#NAME?', isError: true };
  let pos = 0;
  let divByZero = false;
  const peek = () => tokens[pos];
  const expr = (): number | null => {
    let left = term();
    while (left !== null && (peek() === '+' || peek() === '-')) {
      const op = tokens[pos++];
      const right = term();
      if (right === null) return null;
      left = op === '+' ? left + right : left - right;
    }
    return left;
  };
  const term = (): number | null => {
    let left = power();
    while (left !== null && (peek() === '*' || peek() === '/')) {
      const op = tokens[pos++];
      const right = power();
      if (right === null) return null;
      if (op === '/' && right === 0) divByZero = true;
      left = op === '*' ? left * right : left / right;
    }
    return left;
  };
  const power = (): number | null => {
    const base = unary();
    if (base !== null && peek() === '^') {
      pos++;
      const exp = power();
      return exp === null ? null : base ** exp;
    }
    return base;
  };
  const unary = (): number | null => {
    if (peek() === '-' || peek() === '+') {
      const op = tokens[pos++];
      const v = unary();
      return v === null ? null : op === '-' ? -v : v;
    }
    return primary();
  };
  const primary = (): number | null => {
    const t = tokens[pos++];
    if (typeof t === 'number') return t;
    if (t === '(') {
      const v = expr();
      if (tokens[pos++] !== ')') return null;
      return v;
    }
    return null;
  };
  const value = expr();
  if (value === null || pos !== tokens.length) return { value: '#NAME?', isError: true };
  if (divByZero) return { value: '#DIV/0!', isError: true };
  if (!Number.isFinite(value)) return { value: '#NUM!', isError: true };
  return { value, isError: false };
}

function tokenize(text: string): (number | string)[] | null {
  const out: (number | string)[] = [];
  const re = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([-+*/^()]))/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return null;
    out.push(m[1] !== undefined ? Number(m[1]) : (m[2] as string));
    i = re.lastIndex;
  }
  return out;
}
