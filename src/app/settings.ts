/**
 * The Settings pane's use cases (issue 18 §3): read the rules kept in the workbook with every hand-typed value that
 * cannot be used, and save one rule. The rules themselves are read by domain/rules.ts, the one home every command
 * asks.
 */
import type { TableProblem } from '../domain/codec';
import { keyText, sameKey } from '../domain/keys';
import {
  lotFormatKey,
  parseLotFormat,
  parseLotFormatKey,
  parseRule,
  readRules,
  RULE_IDS,
  RULE_KEYS,
  type LotCodeFormat,
  type RuleEntry,
  type RuleId,
  type Rules,
} from '../domain/rules';
import type { Setting } from '../domain/types';
import type { TableSnapshot, WorkbookPort } from './ports';

export interface SettingsView {
  readonly rules: Rules;
  /** What each rule's Value cell holds as typed (blank when the rule has no row), and its cell. */
  readonly entries: { readonly [K in RuleId]: RuleEntry };
  /** Lot code format rows, also those that cannot be used (they are in `problems`). */
  readonly formats: readonly RuleEntry[];
  /** Hand-typed values that cannot be used, each naming its cell; bad Settings rows (a blank key) too. */
  readonly problems: readonly TableProblem[];
}

/** The rules from a Settings snapshot, with problems naming their cells. */
export function rulesReading(settings: TableSnapshot<'Settings'>) {
  return readRules({ rows: settings.rows, rowNumbers: settings.rowNumbers, origin: settings.origin, headers: settings.headers });
}

export async function loadSettings(workbook: WorkbookPort): Promise<SettingsView> {
  const t = await workbook.transact((tx) => tx.read(['Settings']));
  const reading = rulesReading(t.Settings);
  const entries = {} as Record<RuleId, RuleEntry>;
  for (const id of RULE_IDS) entries[id] = reading.entries.get(keyText(RULE_KEYS[id])) ?? { key: RULE_KEYS[id], text: '' };
  const formats = [...reading.entries.values()].filter((e) => parseLotFormatKey(e.key) !== null);
  return { rules: reading.rules, entries, formats, problems: [...t.Settings.problems, ...reading.problems] };
}

export type SaveSettingInput =
  | { readonly rule: RuleId; readonly value: string }
  | { readonly format: { readonly scope: LotCodeFormat['scope']; readonly name: string }; readonly value: string }
  /** A lot code format row as it is keyed in the workbook (to change or clear one that is there). */
  | { readonly formatKey: string; readonly value: string };

export type SaveSettingResult =
  | { readonly ok: true; readonly key: string; readonly value: string; readonly written: 'appended' | 'updated' | 'unchanged' }
  | { readonly ok: false; readonly code: 'bad-value' | 'bad-key'; readonly message: string };

/**
 * Saves one rule: its row is updated (found by Key in the write's own read) or appended when there is none. A value
 * the rule cannot use is refused, never written, so that the workbook holds only rules that work; blank clears a
 * rule (back to the default). Saving the same value twice writes nothing the second time.
 */
export async function saveSetting(workbook: WorkbookPort, input: SaveSettingInput): Promise<SaveSettingResult> {
  let key: string;
  const value = input.value.trim();
  if ('rule' in input) {
    key = RULE_KEYS[input.rule];
    const parsed = parseRule(input.rule, value);
    if (!parsed.ok) return { ok: false, code: 'bad-value', message: `${capital(parsed.why)}.` };
  } else {
    if ('format' in input) {
      if (input.format.name.trim() === '') return { ok: false, code: 'bad-key', message: input.format.scope === 'sku' ? 'Enter the SKU the format is for.' : 'Enter the supplier the format is for.' };
      key = lotFormatKey(input.format.scope, input.format.name);
    } else {
      const scoped = parseLotFormatKey(input.formatKey);
      if (scoped === null || scoped === 'bad') return { ok: false, code: 'bad-key', message: `"${input.formatKey}" is not a lot code format key.` };
      key = input.formatKey.trim();
    }
    if (value !== '') {
      const parsed = parseLotFormat(value);
      if (!parsed.ok) return { ok: false, code: 'bad-value', message: `${capital(parsed.why)}.` };
    }
  }
  return workbook.transact(async (tx) => {
    const t = await tx.read(['Settings']);
    const existing = t.Settings.rows.find((s) => sameKey(s.key, key));
    if (existing && existing.value === value) return { ok: true as const, key: existing.key, value, written: 'unchanged' as const };
    const row: Setting = { key: existing?.key ?? key, value };
    await tx.write(existing ? { update: { Settings: [row] } } : { append: { Settings: [row] } });
    return { ok: true as const, key: row.key, value, written: existing ? ('updated' as const) : ('appended' as const) };
  });
}

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
