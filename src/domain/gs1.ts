/**
 * GS1 barcode data: parse what a scanner sends, build what a label printer needs.
 *
 * Written here instead of taken from npm: the npm GS1 parsers we looked at (gs1-barcode-parser among them)
 * accept bad check digits and impossible dates such as February 30, and a wrong GTIN or expiry on a lot record
 * is exactly what a recall trace cannot afford. The rules follow the GS1 General Specifications (AI table in
 * gs1-ai-table.ts) and the GS1 Digital Link URI syntax.
 *
 * Accepted forms (see parseGs1):
 * - element strings with FNC1 sent as GS (ASCII 29) or as a configured substitute character, with or without
 *   a symbology identifier (`]C1`, `]d2`, `]Q3`, `]e0`), with a leading GS (quagga2's code_128 reader turns
 *   the leading FNC1 into GS) and with redundant or trailing GS (quagga2 appends one now and then);
 * - the human-readable form `(01)09506000134352(10)LOT-A1`; a `(` inside a value is written `\(` as the GS1
 *   Syntax Engine does, and an unescaped `(` that does not start `(NN)`..`(NNNN)` is read as data;
 * - plain EAN-13, UPC-A, EAN-8 and GTIN-14 digits (returned as AI 01, padded to 14 digits);
 * - GS1 Digital Link URIs on any domain, with numeric AIs or the 1.0/1.1 short names (`/gtin/…/lot/…`).
 *
 * Repeated AIs: the General Specifications allow the same element string to appear more than once (several
 * carriers, or a scanner that sends one twice) as long as the values agree. An exact repeat is dropped (the first
 * one is kept); the same AI with a different value is a 'duplicate-ai' error. AIs that must not be combined
 * (GTIN with CONTENT, two net weights in kg with different decimals, ...) are a 'conflicting-ai' error.
 */
import { countryByNumeric } from './countries';
import {
  DL_SHORT_NAMES,
  GS1_AI_TABLE,
  aiMatchesPattern,
  lookupAiAt,
  type Gs1AiDefinition,
  type Gs1Component,
  type Gs1Cset,
} from './gs1-ai-table';

export type Gs1ErrorCode =
  | 'empty'
  | 'not-gs1'
  | 'unknown-ai'
  | 'bad-check-digit'
  | 'bad-date'
  | 'bad-time'
  | 'too-long'
  | 'too-short'
  | 'bad-character'
  | 'missing-separator'
  | 'duplicate-ai'
  | 'conflicting-ai'
  | 'bad-country'
  | 'bad-digital-link'
  | 'bad-option';

export interface Gs1Element {
  readonly ai: string;
  /** The characters as encoded (a GTIN always as 14 digits). */
  readonly raw: string;
  /** `YYYY-MM-DD` for date AIs (11-17 with DD=00 as the month's last day, 7003, 7006, ...). */
  readonly date?: string;
  /** For decimal AIs (31nn-36nn, 390n-395n): the number with the implied decimals applied. */
  readonly value?: number;
}

export interface Gs1ParseError {
  readonly ok: false;
  readonly code: Gs1ErrorCode;
  /** Names the AI and the character position, for the person holding the scanner. */
  readonly message: string;
  readonly ai?: string;
  /** 1-based character position in the input as given (as in the message). */
  readonly position?: number;
}

export type Gs1ParseResult = { readonly ok: true; readonly elements: Gs1Element[] } | Gs1ParseError;

export interface Gs1ParseOptions {
  /** `YYYY-MM-DD`; fixes the century window for two-digit years (default: the clock's year). */
  readonly today?: string;
  /** A character that a handheld scanner's keyboard layout types instead of GS, e.g. `|` or `~`. */
  readonly fnc1Substitute?: string;
}

export type Gs1FormatStyle = 'gs' | 'hri' | 'digital-link';

const GS = '\x1d';
const CSET_PATTERNS: Readonly<Record<Gs1Cset, RegExp>> = {
  N: /^[0-9]$/,
  X: /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]$/,
  Y: /^[#\-/0-9A-Z]$/,
  Z: /^[-0-9A-Z_a-z=]$/,
};
const CSET_NAMES: Readonly<Record<Gs1Cset, string>> = {
  N: 'digits only',
  X: 'GS1 character set 82',
  Y: 'GS1 character set 39',
  Z: 'GS1 character set 64',
};
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DL_DEFAULT_DOMAIN = 'https://id.gs1.org';

// ---------------------------------------------------------------------------------------------- check digits

/** The GS1 mod-10 check digit (weights 3, 1, 3, ... from the right) of a GTIN, GLN, SSCC, ... without its check digit. */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  if (!/^\d+$/.test(digitsWithoutCheck)) throw new RangeError(`gs1CheckDigit needs digits, got "${digitsWithoutCheck}"`);
  let sum = 0;
  for (let i = digitsWithoutCheck.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += Number(digitsWithoutCheck[i]) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

const KEY_LENGTHS = new Set([8, 12, 13, 14, 17, 18]);

/**
 * Whether `digits` is a GS1 key with a correct check digit: GTIN-8/12/13/14, GLN (13), GSIN (17), SSCC or
 * GSRN (18). Other lengths are not GS1 keys and are rejected.
 */
export function isValidGs1Key(digits: string): boolean {
  return /^\d+$/.test(digits) && KEY_LENGTHS.has(digits.length) && gs1CheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));
}

// ---------------------------------------------------------------------------------------------- dates

function fullYear(yy: number, currentYear: number): number {
  // General Specifications 7.12: from 49 years back to 50 years ahead of the current year.
  const currentYy = currentYear % 100;
  const century = currentYear - currentYy;
  const diff = yy - currentYy;
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

function daysInMonth(year: number, month: number): number {
  return [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------- validation

interface Ctx {
  readonly currentYear: number;
  /** 1-based position in the input of character `i` of the string being parsed. */
  readonly at: (i: number) => number;
}

type Step<T> = { readonly ok: true; readonly value: T } | Gs1ParseError;

function fail(code: Gs1ErrorCode, message: string, ai?: string, position?: number): Gs1ParseError {
  return { ok: false, code, message, ...(ai === undefined ? {} : { ai }), ...(position === undefined ? {} : { position }) };
}

const label = (def: Gs1AiDefinition): string => `AI ${def.ai} (${def.title})`;
const where = (position: number): string => `at character ${position}`;
const show = (s: string): string => JSON.stringify(s);

/** Checks one component's content; `pos` is the 1-based position of its first character. */
function lintComponent(def: Gs1AiDefinition, comp: Gs1Component, text: string, pos: number, ctx: Ctx): Gs1ParseError | undefined {
  for (const linter of comp.linters) {
    switch (linter) {
      case 'csum': {
        const expected = gs1CheckDigit(text.slice(0, -1));
        if (Number(text.slice(-1)) !== expected) {
          return fail('bad-check-digit', `${label(def)} ${where(pos)}: ${text} has check digit ${text.slice(-1)}, expected ${expected}.`, def.ai, pos);
        }
        break;
      }
      case 'yymmd0':
      case 'yymmdd':
      case 'yyyymmdd': {
        const long = linter === 'yyyymmdd';
        const year = long ? Number(text.slice(0, 4)) : fullYear(Number(text.slice(0, 2)), ctx.currentYear);
        const month = Number(text.slice(long ? 4 : 2, long ? 6 : 4));
        const day = Number(text.slice(long ? 6 : 4, long ? 8 : 6));
        if (month < 1 || month > 12) {
          return fail('bad-date', `${label(def)} ${where(pos)}: ${text} has month ${pad2(month)}; months run from 01 to 12.`, def.ai, pos);
        }
        const last = daysInMonth(year, month);
        if (day === 0 && linter !== 'yymmd0') {
          return fail('bad-date', `${label(def)} ${where(pos)}: ${text} has day 00, which this AI does not allow.`, def.ai, pos);
        }
        if (day > last) {
          return fail('bad-date', `${label(def)} ${where(pos)}: ${text} is not a real date; ${MONTHS[month - 1]} ${year} has ${last} days.`, def.ai, pos);
        }
        break;
      }
      case 'iso3166':
        if (!countryByNumeric(text)) {
          return fail('bad-country', `${label(def)} ${where(pos)}: ${text} is not an ISO 3166 country code.`, def.ai, pos);
        }
        break;
      case 'hhmi':
      case 'hh':
      case 'mi':
      case 'ss': {
        const first = Number(text.slice(0, 2));
        const bad = linter === 'hhmi' ? first > 23 || Number(text.slice(2, 4)) > 59 : linter === 'hh' ? first > 23 : first > 59;
        if (bad) return fail('bad-time', `${label(def)} ${where(pos)}: ${text} is not a valid time of day.`, def.ai, pos);
        break;
      }
    }
  }
  return undefined;
}

function dateOf(comp: Gs1Component, text: string, currentYear: number): string | undefined {
  if (comp.linters.includes('yyyymmdd')) return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  if (!comp.linters.includes('yymmd0') && !comp.linters.includes('yymmdd')) return undefined;
  const year = fullYear(Number(text.slice(0, 2)), currentYear);
  const month = Number(text.slice(2, 4));
  const day = Number(text.slice(4, 6)) || daysInMonth(year, month);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Validates `raw` as the data of `def`; `pos` is the 1-based position of its first character in the input. */
function validateValue(def: Gs1AiDefinition, raw: string, pos: number, ctx: Ctx): Step<Gs1Element> {
  if (raw.length === 0) return fail('too-short', `${label(def)} ${where(pos)} is empty.`, def.ai, pos);
  let offset = 0;
  let date: string | undefined;
  let lastText = '';
  for (const comp of def.components) {
    const remaining = raw.length - offset;
    if (remaining === 0 && comp.optional) break;
    const take = comp.min === comp.max ? comp.max : Math.min(remaining, comp.max);
    if (remaining < comp.min || (comp.min === comp.max && remaining < comp.max)) {
      return fail(
        'too-short',
        `${label(def)} ${where(pos)}: ${show(raw)} is too short; it needs ${lengthText(def)}.`,
        def.ai,
        pos,
      );
    }
    const text = raw.slice(offset, offset + take);
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] ?? '';
      if (!CSET_PATTERNS[comp.cset].test(ch)) {
        const p = pos + offset + i;
        const hint = comp.cset !== 'N' && /^[\x21-\x7e]$/.test(ch) && !/[0-9A-Za-z]/.test(ch)
          ? ' If the scanner types this character for the GS separator, set it as the FNC1 substitute.'
          : '';
        return fail(
          'bad-character',
          `${label(def)} ${where(p)}: ${show(ch)} is not allowed here (${CSET_NAMES[comp.cset]}).${hint}`,
          def.ai,
          p,
        );
      }
    }
    const lintError = lintComponent(def, comp, text, pos + offset, ctx);
    if (lintError) return lintError;
    date ??= dateOf(comp, text, ctx.currentYear);
    lastText = text;
    offset += take;
  }
  if (offset < raw.length) {
    return fail('too-long', `${label(def)} ${where(pos)}: ${show(raw)} is too long; it holds ${lengthText(def)}.`, def.ai, pos);
  }
  const element: { ai: string; raw: string; date?: string; value?: number } = { ai: def.ai, raw };
  if (date !== undefined) element.date = date;
  if (def.decimals !== undefined) element.value = withDecimals(lastText, def.decimals);
  return { ok: true, value: element };
}

function lengthText(def: Gs1AiDefinition): string {
  return def.minLength === def.maxLength ? `exactly ${def.maxLength} characters` : `${def.minLength} to ${def.maxLength} characters`;
}

function withDecimals(digits: string, decimals: number): number {
  if (decimals === 0) return Number(digits);
  const padded = digits.padStart(decimals + 1, '0');
  // Parsing the decimal text gives the nearest double to 0.5, 1.25, ...; dividing by 10^n can drift.
  return Number(`${padded.slice(0, -decimals)}.${padded.slice(-decimals)}`);
}

// ---------------------------------------------------------------------------------------------- parse

interface Located {
  readonly element: Gs1Element;
  readonly position: number;
}

/**
 * Parses what a scanner sends, or what a person types, into GS1 element strings in scan order. Never throws:
 * anything that is not valid GS1 data comes back as a coded error naming the AI and the position.
 */
export function parseGs1(input: string, options: Gs1ParseOptions = {}): Gs1ParseResult {
  const sub = options.fnc1Substitute;
  if (sub !== undefined && (sub.length !== 1 || CSET_PATTERNS.X.test(sub) || sub === '(' || sub === '\\')) {
    return fail('bad-option', `The FNC1 substitute must be one character outside GS1 character set 82 (such as | or ~), not ${show(sub)}.`);
  }
  let currentYear: number;
  if (options.today === undefined) currentYear = new Date().getFullYear();
  else if (/^\d{4}-\d{2}-\d{2}$/.test(options.today)) currentYear = Number(options.today.slice(0, 4));
  else return fail('bad-option', `today must be YYYY-MM-DD, not ${show(options.today)}.`);

  // Keyboard-wedge scanners end with CR or LF; people paste with spaces.
  let start = 0;
  let end = input.length;
  while (start < end && /[ \t\r\n]/.test(input[start] ?? '')) start++;
  while (end > start && /[ \t\r\n]/.test(input[end - 1] ?? '')) end--;
  let data = input.slice(start, end);
  let base = start;
  let symbology: string | undefined;
  const sym = /^\][A-Za-z][0-9A-Za-z]/.exec(data);
  if (sym) {
    symbology = sym[0].slice(1);
    data = data.slice(3);
    base += 3;
  }
  const ctx: Ctx = { currentYear, at: (i) => base + i + 1 };
  const isSeparator = (ch: string | undefined): boolean => ch === GS || (sub !== undefined && ch === sub);
  if ([...data].every((ch) => isSeparator(ch))) return fail('empty', 'The scan is empty.');

  let located: Step<Located[]>;
  if (/^https?:\/\//i.test(data)) located = parseDigitalLink(data, ctx);
  else if (data.startsWith('(')) located = parseHri(data, ctx);
  // Bare digits of a GTIN's length are an EAN/UPC (what quagga2's ean readers return), never an element string:
  // taking `17250230` as an expiry only when its EAN-8 check digit fails would turn misreads into data.
  else if ((symbology === undefined || symbology.startsWith('E')) && /^\d+$/.test(data) && [8, 12, 13, 14].includes(data.length)) {
    located = parsePlainGtin(data, ctx);
  } else located = parseElementString(data, ctx, isSeparator);
  if (!located.ok) return located;
  return checkCombination(located.value);
}

function parsePlainGtin(digits: string, ctx: Ctx): Step<Located[]> {
  const expected = gs1CheckDigit(digits.slice(0, -1));
  if (Number(digits.slice(-1)) !== expected) {
    const kind = { 8: 'EAN-8', 12: 'UPC-A', 13: 'EAN-13', 14: 'GTIN-14' }[digits.length] ?? 'GTIN';
    return fail('bad-check-digit', `AI 01 (GTIN) ${where(ctx.at(0))}: ${kind} ${digits} has check digit ${digits.slice(-1)}, expected ${expected}.`, '01', ctx.at(0));
  }
  return { ok: true, value: [{ element: { ai: '01', raw: digits.padStart(14, '0') }, position: ctx.at(0) }] };
}

function unknownAi(data: string, i: number, first: boolean, ctx: Ctx): Gs1ParseError {
  const head = data.slice(i, i + 4);
  if (!/^\d/.test(head)) {
    return fail(first ? 'not-gs1' : 'unknown-ai', `${where(ctx.at(i))}: expected a GS1 Application Identifier (digits), found ${show(head)}.`, undefined, ctx.at(i));
  }
  return fail('unknown-ai', `${where(ctx.at(i))}: no GS1 Application Identifier starts with ${show(head)}.`, undefined, ctx.at(i));
}

function parseElementString(data: string, ctx: Ctx, isSeparator: (ch: string | undefined) => boolean): Step<Located[]> {
  const out: Located[] = [];
  let i = 0;
  while (i < data.length) {
    if (isSeparator(data[i])) {
      i++;
      continue;
    }
    const def = lookupAiAt(data, i);
    if (!def) return unknownAi(data, i, out.length === 0, ctx);
    const valueStart = i + def.ai.length;
    let valueEnd = valueStart;
    if (def.predefinedLength) {
      while (valueEnd < data.length && valueEnd - valueStart < def.maxLength && !isSeparator(data[valueEnd])) valueEnd++;
    } else {
      while (valueEnd < data.length && !isSeparator(data[valueEnd])) valueEnd++;
      if (valueEnd - valueStart > def.maxLength && lookupAiAt(data, valueStart + def.maxLength)) {
        const p = ctx.at(valueStart + def.maxLength);
        return fail(
          'missing-separator',
          `${label(def)} ${where(ctx.at(valueStart))} holds at most ${def.maxLength} characters; a GS separator seems to be missing ${where(p)}.`,
          def.ai,
          p,
        );
      }
    }
    const step = validateValue(def, data.slice(valueStart, valueEnd), ctx.at(valueStart), ctx);
    if (!step.ok) return step;
    out.push({ element: step.value, position: ctx.at(i) });
    i = valueEnd;
  }
  return { ok: true, value: out };
}

function parseHri(data: string, ctx: Ctx): Step<Located[]> {
  const out: Located[] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] === ' ' || data[i] === '\t') {
      i++;
      continue;
    }
    const head = /^\((\d{2,4})\)/.exec(data.slice(i, i + 6));
    if (!head) {
      return fail('bad-character', `${where(ctx.at(i))}: expected an AI in brackets such as (01), found ${show(data.slice(i, i + 6))}.`, undefined, ctx.at(i));
    }
    const aiText = head[1] ?? '';
    const def = GS1_AI_TABLE.get(aiText);
    if (!def) return fail('unknown-ai', `AI ${aiText} ${where(ctx.at(i))} is not a GS1 Application Identifier.`, aiText, ctx.at(i));
    let valueStart = i + head[0].length;
    // Printed labels put spaces between elements; a space is never part of GS1 data.
    while (data[valueStart] === ' ' || data[valueStart] === '\t') valueStart++;
    let j = valueStart;
    let value = '';
    while (j < data.length) {
      if (data[j] === '\\' && data[j + 1] === '(') {
        value += '(';
        j += 2;
      } else if (data[j] === '(' && /^\(\d{2,4}\)/.test(data.slice(j, j + 6))) {
        break;
      } else {
        value += data[j];
        j++;
      }
    }
    const trimmed = value.replace(/[ \t]+$/, '');
    const step = validateValue(def, trimmed, ctx.at(valueStart), ctx);
    if (!step.ok) return step;
    out.push({ element: step.value, position: ctx.at(i) });
    i = j;
  }
  return { ok: true, value: out };
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function dlAiCode(segment: string): string | undefined {
  const decoded = decode(segment);
  if (decoded === undefined) return undefined;
  if (GS1_AI_TABLE.has(decoded)) return decoded;
  return Object.prototype.hasOwnProperty.call(DL_SHORT_NAMES, decoded) ? DL_SHORT_NAMES[decoded] : undefined;
}

function parseDigitalLink(data: string, ctx: Ctx): Step<Located[]> {
  const m = /^(https?:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?/i.exec(data);
  const authority = m?.[2] ?? '';
  if (!m || authority === '') return fail('bad-digital-link', `${where(ctx.at(0))}: the Digital Link URI has no domain.`, undefined, ctx.at(0));
  const pathStart = (m[1] ?? '').length + authority.length;
  const path = m[3] ?? '';
  const segments: { text: string; at: number }[] = [];
  let cursor = pathStart + 1;
  for (const text of path.split('/').slice(1)) {
    segments.push({ text, at: cursor });
    cursor += text.length + 1;
  }
  if (segments.length > 0 && segments[segments.length - 1]?.text === '') segments.pop();

  // The GS1 part is the end of the path: a primary key and its qualifiers, after any prefix of the resolver's.
  let keyIndex = -1;
  for (let k = 0; k + 1 < segments.length; k++) {
    const code = dlAiCode(segments[k]?.text ?? '');
    if (code === undefined || !GS1_AI_TABLE.get(code)?.dlQualifiers || (segments.length - k) % 2 !== 0) continue;
    let allAis = true;
    for (let q = k + 2; q < segments.length; q += 2) allAis &&= dlAiCode(segments[q]?.text ?? '') !== undefined;
    if (allAis) {
      keyIndex = k;
      break;
    }
  }
  if (keyIndex < 0) {
    return fail(
      'bad-digital-link',
      `${where(ctx.at(pathStart))}: the URI path has no GS1 primary key such as /01/{GTIN} (compressed Digital Links are not supported).`,
      undefined,
      ctx.at(pathStart),
    );
  }

  const out: Located[] = [];
  const pathAis: string[] = [];
  for (let k = keyIndex; k < segments.length; k += 2) {
    const codeSeg = segments[k];
    const valueSeg = segments[k + 1];
    if (!codeSeg || !valueSeg) break;
    const ai = dlAiCode(codeSeg.text) ?? '';
    const def = GS1_AI_TABLE.get(ai);
    const value = decode(valueSeg.text);
    if (!def || value === undefined) {
      return fail('bad-digital-link', `${where(ctx.at(valueSeg.at))}: malformed percent-encoding in the value of AI ${ai}.`, ai, ctx.at(valueSeg.at));
    }
    // Digital Link 1.0 allowed GTIN-8/12/13 in the path; the element keeps the 14-digit form.
    const raw = ai === '01' && /^\d+$/.test(value) && [8, 12, 13].includes(value.length) ? value.padStart(14, '0') : value;
    const step = validateValue(def, raw, ctx.at(valueSeg.at), ctx);
    if (!step.ok) return step;
    out.push({ element: step.value, position: ctx.at(codeSeg.at) });
    pathAis.push(ai);
  }
  const [keyAi = '', ...qualifiers] = pathAis;
  const alternatives = GS1_AI_TABLE.get(keyAi)?.dlQualifiers ?? [];
  if (!alternatives.some((alt) => isOrderedSubset(qualifiers, alt))) {
    const allowed = alternatives.map((alt) => (alt.length ? alt.join(', ') : 'none')).join(' or ');
    return fail(
      'bad-digital-link',
      `${where(ctx.at(segments[keyIndex]?.at ?? 0))}: after primary key AI ${keyAi} the path may only hold ${allowed} in that order, not ${qualifiers.join(', ')}.`,
      keyAi,
      ctx.at(segments[keyIndex]?.at ?? 0),
    );
  }

  const query = m[4];
  if (query !== undefined) {
    let paramAt = pathStart + path.length + 1;
    for (const param of query.slice(1).split('&')) {
      const at = paramAt;
      paramAt += param.length + 1;
      const eq = param.indexOf('=');
      const key = decode(eq < 0 ? param : param.slice(0, eq));
      // Non-numeric keys (linkType, context, ...) are for the resolver, not GS1 data.
      if (key === undefined || !/^\d+$/.test(key)) continue;
      const def = GS1_AI_TABLE.get(key);
      if (!def) return fail('unknown-ai', `AI ${key} ${where(ctx.at(at))} is not a GS1 Application Identifier.`, key, ctx.at(at));
      const value = eq < 0 ? '' : decode(param.slice(eq + 1));
      if (value === undefined) {
        return fail('bad-digital-link', `${where(ctx.at(at))}: malformed percent-encoding in the value of AI ${key}.`, key, ctx.at(at));
      }
      const step = validateValue(def, value, ctx.at(at + key.length + 1), ctx);
      if (!step.ok) return step;
      out.push({ element: step.value, position: ctx.at(at) });
    }
  }
  return { ok: true, value: out };
}

function isOrderedSubset(items: readonly string[], sequence: readonly string[]): boolean {
  let from = 0;
  for (const item of items) {
    const found = sequence.indexOf(item, from);
    if (found < 0) return false;
    from = found + 1;
  }
  return true;
}

function checkCombination(located: readonly Located[]): Gs1ParseResult {
  const kept: Located[] = [];
  const byAi = new Map<string, Located>();
  for (const item of located) {
    const previous = byAi.get(item.element.ai);
    if (previous) {
      if (previous.element.raw === item.element.raw) continue;
      return fail(
        'duplicate-ai',
        `AI ${item.element.ai} ${where(item.position)}: ${show(item.element.raw)} contradicts ${show(previous.element.raw)} ${where(previous.position)}.`,
        item.element.ai,
        item.position,
      );
    }
    byAi.set(item.element.ai, item);
    kept.push(item);
  }
  for (let a = 0; a < kept.length; a++) {
    for (let b = a + 1; b < kept.length; b++) {
      const first = kept[a];
      const second = kept[b];
      if (!first || !second) continue;
      const x = first.element.ai;
      const y = second.element.ai;
      const clash =
        GS1_AI_TABLE.get(x)?.excludes.some((p) => aiMatchesPattern(y, p)) ||
        GS1_AI_TABLE.get(y)?.excludes.some((p) => aiMatchesPattern(x, p));
      if (clash) {
        return fail('conflicting-ai', `AI ${y} ${where(second.position)} cannot appear together with AI ${x} ${where(first.position)}.`, y, second.position);
      }
    }
  }
  return { ok: true, elements: kept.map((item) => item.element) };
}

// ---------------------------------------------------------------------------------------------- format

function encodeDl(value: string): string {
  // encodeURIComponent leaves !'()* alone; the Digital Link grammar wants them percent-encoded.
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Builds the data for a barcode or a label from elements (it does not validate them; parse the result to check):
 * - 'gs': an element string as a scanner delivers it: GS for the leading FNC1 (as quagga2 sends it; without it
 *   8, 12, 13 or 14 digits such as `17271231` would read as a plain EAN/UPC), then GS only after
 *   variable-length AIs that are not last;
 * - 'hri': the human-readable `(01)…(10)…` form, with `(` inside values written `\(`;
 * - 'digital-link': a URI on https://id.gs1.org with the first primary key and its qualifiers in the path and
 *   every other element in the query. Throws when the elements hold no primary key (a caller's bug).
 */
export function formatGs1(elements: ReadonlyArray<{ readonly ai: string; readonly raw: string }>, style: Gs1FormatStyle): string {
  if (style === 'gs') {
    return GS + elements
      .map((el, i) => `${el.ai}${el.raw}${i < elements.length - 1 && !GS1_AI_TABLE.get(el.ai)?.predefinedLength ? GS : ''}`)
      .join('');
  }
  if (style === 'hri') return elements.map((el) => `(${el.ai})${el.raw.replace(/\(/g, '\\(')}`).join('');

  const keyIndex = elements.findIndex((el) => GS1_AI_TABLE.get(el.ai)?.dlQualifiers !== undefined);
  const key = elements[keyIndex];
  if (!key) throw new RangeError('formatGs1: a Digital Link needs a primary key such as AI 01 or 00');
  const alternatives = GS1_AI_TABLE.get(key.ai)?.dlQualifiers ?? [[]];
  const present = new Map<string, string>();
  elements.forEach((el, i) => {
    if (i !== keyIndex && !present.has(el.ai)) present.set(el.ai, el.raw);
  });
  let best: readonly string[] = [];
  for (const alt of alternatives) {
    const used = alt.filter((ai) => present.has(ai));
    if (used.length > best.length) best = used;
  }
  const inPath = new Set(best);
  const path = [key, ...best.map((ai) => ({ ai, raw: present.get(ai) ?? '' }))]
    .map((el) => `/${el.ai}/${encodeDl(el.raw)}`)
    .join('');
  const query = elements
    .filter((el, i) => i !== keyIndex && !inPath.has(el.ai))
    .map((el) => `${el.ai}=${encodeDl(el.raw)}`)
    .join('&');
  return `${DL_DEFAULT_DOMAIN}${path}${query ? `?${query}` : ''}`;
}

// ---------------------------------------------------------------------------------------------- summary

/**
 * What the receiving form needs from a scan. Units follow the AI family and are never converted: kilograms
 * (310n net, 330n gross), pounds (320n net, 340n gross), litres (315n), cubic metres (316n). Quantities are
 * decimal numbers here; the form turns them into integer thousandths (Qty) at its edge.
 */
export interface Gs1Summary {
  /** AI 01; on a logistic label without one, the contained GTIN (AI 02). */
  readonly gtin?: string;
  readonly sscc?: string;
  readonly lot?: string;
  readonly serial?: string;
  /** AI 17, else the date part of AI 7003. */
  readonly expiry?: string;
  readonly bestBefore?: string;
  readonly sellBy?: string;
  readonly productionDate?: string;
  readonly packDate?: string;
  readonly dueDate?: string;
  /** AI 30 (variable count of items), else AI 37 (count of trade items in a logistic unit). */
  readonly count?: number;
  readonly netWeightKg?: number;
  readonly netWeightLb?: number;
  readonly grossWeightKg?: number;
  readonly grossWeightLb?: number;
  readonly netVolumeL?: number;
  readonly netVolumeM3?: number;
  /** AI 20, internal product variant. */
  readonly variant?: string;
  /** AI 22, consumer product variant. */
  readonly consumerVariant?: string;
  /** AI 240. */
  readonly additionalId?: string;
  /** AI 241. */
  readonly customerPartNumber?: string;
  /** AI 400, the customer's purchase order number. */
  readonly purchaseOrder?: string;
  /** AI 422, ISO 3166 numeric country code of origin. */
  readonly countryOfOrigin?: string;
  /** AI 410. */
  readonly shipToGln?: string;
}

/**
 * The date a receipt takes as the lot's expiry: AI 17 (expiry) when the label has one, else AI 15 (best before),
 * as CSV import reads a "Best before" column into Expiry. `from` says which, so the form can say so. Products hold
 * no setting that treats best-before apart from expiry; should one be added, this is where it is decided.
 */
export function receiptExpiry(summary: Gs1Summary): { readonly date: string; readonly from: 'expiry' | 'best-before' } | undefined {
  if (summary.expiry !== undefined) return { date: summary.expiry, from: 'expiry' };
  if (summary.bestBefore !== undefined) return { date: summary.bestBefore, from: 'best-before' };
  return undefined;
}

export function summarizeGs1(elements: ReadonlyArray<Gs1Element>): Gs1Summary {
  const byAi = new Map<string, Gs1Element>();
  for (const el of elements) if (!byAi.has(el.ai)) byAi.set(el.ai, el);
  const raw = (ai: string): string | undefined => byAi.get(ai)?.raw;
  const date = (ai: string): string | undefined => byAi.get(ai)?.date;
  const family = (prefix: string): number | undefined => {
    for (const el of elements) if (el.ai.length === 4 && el.ai.startsWith(prefix) && el.value !== undefined) return el.value;
    return undefined;
  };
  const countText = raw('30') ?? raw('37');
  const fields: Gs1Summary = {
    gtin: raw('01') ?? raw('02'),
    sscc: raw('00'),
    lot: raw('10'),
    serial: raw('21'),
    expiry: date('17') ?? date('7003'),
    bestBefore: date('15'),
    sellBy: date('16'),
    productionDate: date('11'),
    packDate: date('13'),
    dueDate: date('12'),
    count: countText === undefined ? undefined : Number(countText),
    netWeightKg: family('310'),
    netWeightLb: family('320'),
    grossWeightKg: family('330'),
    grossWeightLb: family('340'),
    netVolumeL: family('315'),
    netVolumeM3: family('316'),
    variant: raw('20'),
    consumerVariant: raw('22'),
    additionalId: raw('240'),
    customerPartNumber: raw('241'),
    purchaseOrder: raw('400'),
    countryOfOrigin: raw('422'),
    shipToGln: raw('410'),
  };
  // Only the fields the scan had, so that `{ ...form, ...summary }` never blanks what a user typed.
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Gs1Summary;
}

/** True when a GTIN's last digit is the GS1 check digit of the others (any length: 8 to 14 digits). */
export function gtinCheckDigitOk(gtin: string): boolean {
  return gs1CheckDigit(gtin.slice(0, -1)) === Number(gtin.slice(-1));
}

/** A GTIN as 14 digits (GTIN-8/12/13 padded with zeros), or null when it is not one. The one GTIN normaliser. */
export function normalizeGtin(s: string): string | null {
  const d = s.trim();
  if (!/^\d+$/.test(d) || ![8, 12, 13, 14].includes(d.length)) return null;
  return d.padStart(14, '0');
}
