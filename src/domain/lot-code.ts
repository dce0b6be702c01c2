/**
 * Output lot codes from a pattern (the Settings key `lotPattern`), e.g. `{yy}{mm}{dd}-{sku}-{seq}` on 2026-11-30
 * for FG-ASH60 gives `261130-FG-ASH60-001`.
 *
 * Tokens: `{yyyy}` `{yy}` `{mm}` `{dd}` (the manufacture date), `{sku}` (the SKU as written in Products), `{seq}`
 * (a sequence of 3 digits) or `{seq:N}` (N digits, 1 to 6). Everything else is copied as is.
 *
 * The sequence is per SKU and per rendered prefix: it is one more than the highest sequence among the SKU's lots
 * whose code is the pattern with a number in place of `{seq}`, so a deleted lot leaves a gap rather than a reused
 * code. Lot codes are compared ignoring case and surrounding spaces, as the workbook adapter matches keys: two
 * codes that differ only in case would be the same row to it.
 */
import type { IsoDate } from './types';

export const DEFAULT_LOT_PATTERN = '{yy}{mm}{dd}-{sku}-{seq}';

export type LotCodeErrorCode = 'bad-pattern' | 'lot-code-taken';

export type LotCodeResult =
  | { readonly ok: true; readonly lot: string; readonly seq: number | null }
  | { readonly ok: false; readonly code: LotCodeErrorCode; readonly message: string };

export interface LotCodeInput {
  readonly pattern: string;
  readonly sku: string;
  readonly date: IsoDate;
  /** Lot codes the SKU already has (Lots rows, and lots that only have movements). */
  readonly existing: Iterable<string>;
}

type Part = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'seq'; readonly width: number };

const TOKEN = /\{([^{}]*)\}/g;

function parsePattern(pattern: string, sku: string, date: IsoDate): Part[] | { readonly error: string } {
  if (pattern.trim() === '') return { error: 'The lot pattern is empty.' };
  // A stray brace means a token was mistyped, e.g. `{yy{mm}`: say so rather than copy it into every lot code.
  const values: Record<string, string> = { yyyy: date.slice(0, 4), yy: date.slice(2, 4), mm: date.slice(5, 7), dd: date.slice(8, 10), sku };
  const parts: Part[] = [];
  let last = 0;
  let seqCount = 0;
  for (const m of pattern.matchAll(TOKEN)) {
    const before = pattern.slice(last, m.index);
    if (/[{}]/.test(before)) return { error: `The lot pattern "${pattern}" has a brace that does not close a token.` };
    if (before) parts.push({ kind: 'text', text: before });
    const name = m[1] ?? '';
    const seq = /^seq(?::([1-6]))?$/.exec(name);
    if (seq) {
      seqCount += 1;
      parts.push({ kind: 'seq', width: seq[1] ? Number(seq[1]) : 3 });
    } else if (name in values) {
      parts.push({ kind: 'text', text: values[name] as string });
    } else {
      return { error: `The lot pattern "${pattern}" has an unknown token {${name}}; use {yyyy}, {yy}, {mm}, {dd}, {sku}, {seq} or {seq:N}.` };
    }
    last = (m.index ?? 0) + m[0].length;
  }
  const tail = pattern.slice(last);
  if (/[{}]/.test(tail)) return { error: `The lot pattern "${pattern}" has a brace that does not close a token.` };
  if (tail) parts.push({ kind: 'text', text: tail });
  if (seqCount > 1) return { error: `The lot pattern "${pattern}" has {seq} more than once.` };
  return parts;
}

const norm = (s: string): string => s.trim().toLowerCase();

/** The next lot code for `sku` on `date`; pure. */
export function nextLotCode(input: LotCodeInput): LotCodeResult {
  const parts = parsePattern(input.pattern, input.sku, input.date);
  if (!Array.isArray(parts)) return { ok: false, code: 'bad-pattern', message: parts.error };
  const taken = new Set<string>();
  for (const e of input.existing) taken.add(norm(e));
  const seqAt = parts.findIndex((p) => p.kind === 'seq');
  const textOf = (from: number, to: number): string => parts.slice(from, to).map((p) => (p.kind === 'text' ? p.text : '')).join('');

  if (seqAt < 0) {
    const lot = textOf(0, parts.length).trim();
    if (/[\x00-\x1f\x7f]/.test(lot)) return { ok: false, code: 'bad-pattern', message: 'The lot pattern makes a code with a control character.' };
    if (taken.has(norm(lot))) {
      return { ok: false, code: 'lot-code-taken', message: `Lot ${lot} of ${input.sku} exists already, and the lot pattern "${input.pattern}" has no {seq} to tell lots apart: add {seq} to it in Settings, or type the lot code.` };
    }
    return { ok: true, lot, seq: null };
  }

  const width = (parts[seqAt] as { width: number }).width;
  const prefix = textOf(0, seqAt);
  const suffix = textOf(seqAt + 1, parts.length);
  const np = prefix.toLowerCase().replace(/^\s+/, '');
  const ns = suffix.toLowerCase().replace(/\s+$/, '');
  let highest = 0;
  for (const t of taken) {
    if (t.length <= np.length + ns.length || !t.startsWith(np) || !t.endsWith(ns)) continue;
    const middle = t.slice(np.length, t.length - ns.length);
    if (/^\d+$/.test(middle)) highest = Math.max(highest, Number(middle));
  }
  let seq = highest + 1;
  let lot = `${prefix}${String(seq).padStart(width, '0')}${suffix}`.trim();
  // A code such as `...-01` next to `...-001` can still collide after trimming; step on until it is free.
  while (taken.has(norm(lot))) {
    seq += 1;
    lot = `${prefix}${String(seq).padStart(width, '0')}${suffix}`.trim();
  }
  if (/[\x00-\x1f\x7f]/.test(lot)) return { ok: false, code: 'bad-pattern', message: 'The lot pattern makes a code with a control character.' };
  return { ok: true, lot, seq };
}
