/**
 * Rules kept in the workbook (issue 18 §3): what a brand changes without code lives in the Settings table, one
 * rule a row (Key, Value), and this module is the one place that reads them. Every pane and command asks here, so
 * a rule means the same thing everywhere, and a value a person typed by hand that cannot be used is reported with
 * its cell (`Settings!B7`) and what Lotbook uses instead: a bad rule never stops work, it falls back to the
 * default, which is what Lotbook did before the rule existed.
 *
 * Keys are matched ignoring case and outer spaces (domain/keys.ts). Rows Lotbook keeps for itself in Settings
 * (`pickList:<id>`, `count:<id>`, the workbook id) are not rules and are left alone.
 */
import { cellAddress, findColumns, type TableOrigin, type TableProblem } from './codec';
import { parseGs1 } from './gs1';
import { keyText, sameKey } from './keys';
import { LABEL_STOCKS, type LabelStockId } from './label';
import { DEFAULT_LOT_PATTERN, nextLotCode } from './lot-code';
import { TABLES } from './schema';
import type { IsoDate, Setting } from './types';

export type ReceiptStatusRule = 'quarantine' | 'released';

/** A pattern for the lot codes of one SKU or one supplier; see lotFormatMatches. */
export interface LotCodeFormat {
  readonly scope: 'sku' | 'supplier';
  /** The SKU or supplier, as written in the key. */
  readonly name: string;
  readonly pattern: string;
  /** The Settings key, e.g. `lotFormat:sku:RM-ASH`. */
  readonly key: string;
}

export interface Rules {
  /** Days before expiry at which a lot is flagged, ascending, e.g. [30, 60, 90]. */
  readonly expiryWarningDays: readonly number[];
  /** The status a newly received lot starts in. */
  readonly receiptStatus: ReceiptStatusRule;
  /** Releasing a lot needs a COA reference (given then or already on the lot). */
  readonly releaseNeedsCoa: boolean;
  /** Minimum shelf life left at shipping, in days, for a customer and product that give none; null for none. */
  readonly defaultMinShelfLifeDays: number | null;
  readonly lotCodeFormats: readonly LotCodeFormat[];
  /** The pattern production runs make output lot codes from (domain/lot-code.ts). */
  readonly productionLotPattern: string;
  readonly labelStock: LabelStockId;
  /** The character (or key name such as F8) a handheld scanner types for the GS1 separator; '' for none. */
  readonly scannerGsSubstitute: string;
  /** This business's name and address for the FSMA 204 sheet; '' when not given. */
  readonly facility: string;
}

export type RuleId = Exclude<keyof Rules, 'lotCodeFormats'>;

export const DEFAULT_RULES: Rules = {
  expiryWarningDays: [30, 60, 90],
  receiptStatus: 'quarantine',
  releaseNeedsCoa: true,
  defaultMinShelfLifeDays: null,
  lotCodeFormats: [],
  productionLotPattern: DEFAULT_LOT_PATTERN,
  labelStock: '4x6',
  scannerGsSubstitute: '',
  facility: '',
};

/** The Settings key of each rule. `facility`, `lotPattern` and `expiryWarningDays` are the keys earlier versions read. */
export const RULE_KEYS: Readonly<Record<RuleId, string>> = {
  expiryWarningDays: 'expiryWarningDays',
  receiptStatus: 'receiptStatus',
  releaseNeedsCoa: 'releaseNeedsCoa',
  defaultMinShelfLifeDays: 'defaultMinShelfLifeDays',
  productionLotPattern: 'lotPattern',
  labelStock: 'labelStock',
  scannerGsSubstitute: 'scannerGsSubstitute',
  facility: 'facility',
};

/** The order the Settings pane shows the rules in. */
export const RULE_IDS: readonly RuleId[] = ['receiptStatus', 'releaseNeedsCoa', 'expiryWarningDays', 'defaultMinShelfLifeDays', 'productionLotPattern', 'labelStock', 'scannerGsSubstitute', 'facility'];

export const LOT_FORMAT_PREFIX = 'lotFormat:';

/** `lotFormat:sku:RM-ASH` or `lotFormat:supplier:Ashwa Farms`. */
export function lotFormatKey(scope: LotCodeFormat['scope'], name: string): string {
  return `${LOT_FORMAT_PREFIX}${scope}:${name.trim()}`;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const no = <T>(why: string): Parsed<T> => ({ ok: false, why });

const YES = new Set(['yes', 'y', 'true', '1', 'on']);
const NO = new Set(['no', 'n', 'false', '0', 'off']);

function parseYesNo(text: string): Parsed<boolean> {
  const t = text.trim().toLowerCase();
  if (YES.has(t)) return ok(true);
  if (NO.has(t)) return ok(false);
  return no(`"${text}" is neither yes nor no`);
}

function parseDays(text: string, max: number): Parsed<number> {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return no(`"${text}" is not a whole number of days`);
  const n = Number(t);
  if (n > max) return no(`${t} days is more than ${max}`);
  return ok(n);
}

/** A scanner's GS substitute: one character outside GS1 character set 82 (the GS1 parser's own check), or F1 to F24. */
function parseGsSubstitute(text: string): Parsed<string> {
  if (text === '') return ok('');
  if (/^F([1-9]|1\d|2[0-4])$/i.test(text.trim())) return ok(text.trim().toUpperCase());
  const probe = parseGs1('', { fnc1Substitute: text });
  if (!probe.ok && probe.code === 'bad-option') {
    return no(`"${text}" cannot stand for the GS separator: use one character that a GS1 barcode never holds (such as | or ~), or a key name such as F8`);
  }
  return ok(text);
}

/** Each rule's reading of a Value cell. Blank means "not set": the default, with no problem. */
const PARSERS: { readonly [K in RuleId]: (text: string) => Parsed<Rules[K]> } = {
  expiryWarningDays: (text) => {
    const parts = text.split(/[,;\s]+/).filter((p) => p !== '');
    const days: number[] = [];
    for (const p of parts) {
      if (!/^\d+$/.test(p)) return no(`"${text}" is not whole numbers of days separated by commas (e.g. 30, 60, 90)`);
      const d = Number(p);
      if (d < 1 || d > 3650) return no(`${d} is not between 1 and 3650 days`);
      days.push(d);
    }
    if (days.length === 0) return no(`"${text}" holds no number of days`);
    return ok([...new Set(days)].sort((a, b) => a - b));
  },
  receiptStatus: (text) => {
    const t = text.trim().toLowerCase();
    if (t === 'quarantine' || t === 'released') return ok(t);
    return no(`"${text}" is neither quarantine nor released`);
  },
  releaseNeedsCoa: parseYesNo,
  defaultMinShelfLifeDays: (text) => parseDays(text, 3650),
  productionLotPattern: (text) => {
    const probe = nextLotCode({ pattern: text.trim(), sku: 'SKU', date: '2026-01-01' as IsoDate, existing: [] });
    if (!probe.ok && probe.code === 'bad-pattern') return no(probe.message.replace(/\.$/, ''));
    return ok(text.trim());
  },
  labelStock: (text) => {
    const t = text.trim().toLowerCase().replace(/\s+/g, '').replace(/[×*]/g, 'x').replace(/in$/, '');
    if (t in LABEL_STOCKS) return ok(t as LabelStockId);
    return no(`"${text}" is not a label size Lotbook prints; use ${Object.keys(LABEL_STOCKS).join(' or ')}`);
  },
  scannerGsSubstitute: parseGsSubstitute,
  facility: (text) => ok(text.trim()),
};

/** How a rule's value is written in its Value cell (and shown as "using ..."). */
export function ruleText<K extends RuleId>(id: K, value: Rules[K]): string {
  switch (id) {
    case 'expiryWarningDays':
      return (value as readonly number[]).join(', ');
    case 'releaseNeedsCoa':
      return value ? 'yes' : 'no';
    case 'defaultMinShelfLifeDays':
      return value === null ? '' : String(value);
    default:
      return String(value);
  }
}

/** What a default looks like in a problem ("using 30, 60, 90"). */
export function defaultWords(id: RuleId): string {
  const t = ruleText(id, DEFAULT_RULES[id]);
  if (id === 'defaultMinShelfLifeDays') return 'no minimum';
  if (id === 'scannerGsSubstitute') return 'no substitute (GS only)';
  if (id === 'facility') return 'none (the FSMA 204 sheet says it is not set)';
  if (id === 'labelStock') return LABEL_STOCKS[DEFAULT_RULES.labelStock].name;
  return t;
}

/** Reads one rule's value as typed; blank is the default. */
export function parseRule<K extends RuleId>(id: K, text: string): Parsed<Rules[K]> {
  if (text.trim() === '' && id !== 'scannerGsSubstitute') return ok(DEFAULT_RULES[id]);
  return PARSERS[id](text);
}

// ------------------------------------------------------------------------------------------------ lot code formats

/**
 * Lot code formats are masks a person can write without knowing regular expressions: `#` a digit, `@` a letter,
 * `?` a letter or a digit, `*` any run of characters (also none); anything else stands for itself. Letters match
 * in either case, and the whole code must match (outer spaces aside). `ASH-####-@` matches `ASH-2407-A`.
 */
export function lotFormatRegex(pattern: string): RegExp {
  let src = '';
  for (const ch of pattern.trim()) {
    if (ch === '#') src += '\\d';
    else if (ch === '@') src += '[A-Za-z]';
    else if (ch === '?') src += '[A-Za-z0-9]';
    else if (ch === '*') src += '.*';
    else src += ch.replace(/[\\^$.|+()[\]{}/-]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'i');
}

export function lotFormatMatches(pattern: string, lot: string): boolean {
  return lotFormatRegex(pattern).test(lot.trim());
}

export function parseLotFormat(text: string): Parsed<string> {
  const t = text.trim();
  if (t === '') return no('the format is blank');
  if (t.length > 60) return no(`the format is ${t.length} characters long; a lot code format has at most 60`);
  if (/[\x00-\x1f\x7f]/.test(t)) return no('the format holds a control character');
  if (/^\*+$/.test(t)) return no('"*" alone lets every lot code through');
  return ok(t);
}

/** The key's scope and name, or null when the key is not a lot code format key. */
export function parseLotFormatKey(key: string): { readonly scope: LotCodeFormat['scope']; readonly name: string } | 'bad' | null {
  const k = key.trim();
  if (!k.toLowerCase().startsWith(LOT_FORMAT_PREFIX.toLowerCase())) return null;
  const m = /^(sku|supplier):(.+)$/i.exec(k.slice(LOT_FORMAT_PREFIX.length));
  if (!m || (m[2] ?? '').trim() === '') return 'bad';
  return { scope: (m[1] ?? '').toLowerCase() as LotCodeFormat['scope'], name: (m[2] ?? '').trim() };
}

/** The format a receipt's lot code is checked against: the SKU's when it has one, else the supplier's. */
export function lotFormatFor(rules: Pick<Rules, 'lotCodeFormats'>, sku: string, supplier: string): LotCodeFormat | undefined {
  const bySku = rules.lotCodeFormats.find((f) => f.scope === 'sku' && sameKey(f.name, sku));
  if (bySku) return bySku;
  return supplier.trim() === '' ? undefined : rules.lotCodeFormats.find((f) => f.scope === 'supplier' && sameKey(f.name, supplier));
}

// ------------------------------------------------------------------------------------------------ reading

/** The Settings table as read: rows, their Excel rows, and where the table is (for the cell of a problem). */
export interface SettingsInput {
  readonly rows: readonly Setting[];
  readonly rowNumbers?: readonly number[];
  readonly origin?: TableOrigin;
  readonly headers?: readonly unknown[];
}

/** One rule as the workbook holds it: the text in its Value cell and the cell, for the Settings pane. */
export interface RuleEntry {
  readonly key: string;
  readonly text: string;
  /** e.g. `Settings!B7`; absent when the rule has no row yet. */
  readonly address?: string;
}

export interface RulesReading {
  readonly rules: Rules;
  /** Hand-typed values that cannot be used: each names its cell, what is wrong and what is used instead. */
  readonly problems: readonly TableProblem[];
  /** The rows that hold rules, by Settings key in identity form (keys.ts keyText). */
  readonly entries: ReadonlyMap<string, RuleEntry>;
}

const KEY_OF_RULE = new Map<string, RuleId>(RULE_IDS.map((id) => [keyText(RULE_KEYS[id]), id]));

/** Reads every rule from the Settings rows: defaults where a rule is blank or missing, problems where it is bad. */
export function readRules(input: SettingsInput): RulesReading {
  const origin: TableOrigin = input.origin ?? { sheet: 'Settings', headerRow: 1, firstColumn: 0 };
  const columns = findColumns(TABLES.Settings, input.headers ?? TABLES.Settings.columns.map((c) => c.header));
  const valueColumn = Math.max(0, columns[1] ?? 1);
  const problems: TableProblem[] = [];
  const entries = new Map<string, RuleEntry>();
  const rules: { -readonly [K in keyof Rules]: Rules[K] } = { ...DEFAULT_RULES };
  const formats: LotCodeFormat[] = [];

  input.rows.forEach((row, i) => {
    const excelRow = input.rowNumbers?.[i];
    const address = excelRow !== undefined ? cellAddress(origin, valueColumn, excelRow) : undefined;
    const report = (why: string, using: string) =>
      problems.push({
        sheet: origin.sheet,
        row: excelRow ?? 0,
        column: 'Value',
        address: address ?? `${origin.sheet}!B1`,
        value: row.value,
        code: 'bad-setting',
        message: `${row.key.trim()}: ${why}; Lotbook uses ${using} until it is fixed.`,
        key: row.key.trim(),
      });
    const id = KEY_OF_RULE.get(keyText(row.key));
    if (id !== undefined) {
      entries.set(keyText(row.key), { key: row.key.trim(), text: row.value, ...(address ? { address } : {}) });
      const parsed = parseRule(id, row.value);
      if (parsed.ok) (rules as Record<RuleId, unknown>)[id] = parsed.value;
      else report(parsed.why, defaultWords(id));
      return;
    }
    const scoped = parseLotFormatKey(row.key);
    if (scoped === null) return;
    entries.set(keyText(row.key), { key: row.key.trim(), text: row.value, ...(address ? { address } : {}) });
    if (scoped === 'bad') {
      report(`the key does not say whose lot codes the format is for: write ${LOT_FORMAT_PREFIX}sku:<SKU> or ${LOT_FORMAT_PREFIX}supplier:<supplier>`, 'no format for it');
      return;
    }
    if (row.value.trim() === '') return;
    const parsed = parseLotFormat(row.value);
    if (!parsed.ok) {
      report(parsed.why, 'no format for it');
      return;
    }
    formats.push({ scope: scoped.scope, name: scoped.name, pattern: parsed.value, key: row.key.trim() });
  });
  rules.lotCodeFormats = formats;
  return { rules, problems, entries };
}

/** The rules alone, from Settings rows (for a use case that has no use for the problems). */
export function rulesOf(settings: readonly Setting[] | undefined): Rules {
  return settings === undefined ? DEFAULT_RULES : readRules({ rows: settings }).rules;
}
