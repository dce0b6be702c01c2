/**
 * Keeping the IndexedDB mirror in step with the workbook, the truth. The mirror remembers, per table, how many
 * rows it was built from and a running fingerprint of them in sheet order. Given a fresh snapshot it recomputes
 * the fingerprint: when the first `rows` rows still hash the same, only rows were added (by Lotbook or by hand)
 * and the new ones are appended; anything else (an edit, a deletion, a sort) rebuilds that table.
 */
import { sameKey } from '../domain/keys';
import { TABLES } from '../domain/schema';
import type { EntityByTable } from '../domain/types';
import { newId } from '../domain/ids';
import { MIRROR_TABLES, type CacheFailure, type MirrorPort, type MirrorRows, type MirrorTable, type MirrorTableMeta } from './cache-port';
import { WorkbookError, type WorkbookPort } from './ports';

// Two 32-bit FNV-1a lanes with different offsets: 64 bits make an accidental match of two different tables
// negligible, and the state after any prefix is the fingerprint of that prefix.
const FNV_PRIME = 0x01000193;
const LANE_A = 0x811c9dc5;
const LANE_B = 0x2f2a1b37;

function hex(a: number, b: number): string {
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The fingerprint of no rows. */
export const EMPTY_FINGERPRINT = hex(LANE_A, LANE_B);

/** A row as the mirror hashes it: its schema fields in column order, so object key order does not matter. */
export function encodeForFingerprint<N extends MirrorTable>(table: N, row: EntityByTable[N]): string {
  const r = row as unknown as Record<string, unknown>;
  return JSON.stringify(TABLES[table].columns.map((c) => r[c.field] ?? null));
}

/**
 * The fingerprint after every row, computed in one pass; `at[n]` is the fingerprint of the first n rows for the
 * n asked for in `prefixes`.
 */
export function fingerprintRows<N extends MirrorTable>(table: N, rows: readonly EntityByTable[N][], prefixes: readonly number[] = []): { full: string; at: ReadonlyMap<number, string> } {
  let a = LANE_A;
  let b = LANE_B;
  const wanted = new Set(prefixes);
  const at = new Map<number, string>();
  if (wanted.has(0)) at.set(0, hex(a, b));
  for (let i = 0; i < rows.length; i++) {
    const s = encodeForFingerprint(table, rows[i]!);
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ c, FNV_PRIME) ^ (b >>> 15);
    }
    // A row separator that no JSON text contains, so that ["a"]["b"] and ["a","b"] differ.
    a = Math.imul(a ^ 0x1e, FNV_PRIME);
    b = Math.imul(b ^ 0x1e, FNV_PRIME) ^ (b >>> 15);
    if (wanted.has(i + 1)) at.set(i + 1, hex(a, b));
  }
  return { full: hex(a, b), at };
}

export type TablePlan =
  | { readonly kind: 'unchanged'; readonly fingerprint: string }
  | { readonly kind: 'append'; readonly from: number; readonly expected: string; readonly rows: number; readonly fingerprint: string }
  | { readonly kind: 'rebuild'; readonly rows: number; readonly fingerprint: string; readonly why: 'new' | 'changed' };

/** What to do with one table, given what the mirror was built from and the workbook's rows now. Pure. */
export function planTableSync<N extends MirrorTable>(table: N, stored: Pick<MirrorTableMeta, 'rows' | 'fingerprint'> | undefined, rows: readonly EntityByTable[N][]): TablePlan {
  if (!stored) return { kind: 'rebuild', rows: rows.length, fingerprint: fingerprintRows(table, rows).full, why: 'new' };
  const prefix = stored.rows <= rows.length ? [stored.rows] : [];
  const { full, at } = fingerprintRows(table, rows, prefix);
  if (stored.rows === rows.length && stored.fingerprint === full) return { kind: 'unchanged', fingerprint: full };
  if (stored.rows < rows.length && at.get(stored.rows) === stored.fingerprint) {
    return { kind: 'append', from: stored.rows, expected: stored.fingerprint, rows: rows.length, fingerprint: full };
  }
  return { kind: 'rebuild', rows: rows.length, fingerprint: full, why: 'changed' };
}

export interface TableSyncOutcome {
  readonly table: MirrorTable;
  readonly action: 'unchanged' | 'appended' | 'rebuilt';
  /** Rows written to the mirror. */
  readonly written: number;
}

export type SyncOutcome = { readonly ok: true; readonly tables: readonly TableSyncOutcome[] } | CacheFailure;

/**
 * Brings the mirror up to the given rows (fresh snapshots of the workbook), table by table, each in its own
 * IndexedDB transaction. Safe with two windows at once: an append only lands on the state it was planned from,
 * and a rebuild writes a table and its meta together, so meta and rows always agree.
 */
export async function syncMirror(mirror: MirrorPort, tables: MirrorRows, now: () => Date = () => new Date()): Promise<SyncOutcome> {
  const out: TableSyncOutcome[] = [];
  for (const name of MIRROR_TABLES) {
    const rows = tables[name] as readonly EntityByTable[MirrorTable][] | undefined;
    if (!rows) continue;
    const r = await syncTable(mirror, name, rows, now);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, tables: out };
}

async function syncTable<N extends MirrorTable>(mirror: MirrorPort, table: N, rows: readonly EntityByTable[N][], now: () => Date) {
  // A conflict means another window moved the table on between our read and our write: plan again once, then
  // rebuild, which is always correct.
  for (let attempt = 0; attempt < 2; attempt++) {
    const stored = await mirror.readMeta(table);
    if (!stored.ok) return stored;
    const plan = planTableSync(table, stored.value, rows);
    const at = now().toISOString();
    if (plan.kind === 'unchanged') {
      const t = await mirror.touch(table, plan.fingerprint, at);
      return t.ok ? ok<TableSyncOutcome>({ table, action: 'unchanged', written: 0 }) : t;
    }
    if (plan.kind === 'append') {
      const meta: MirrorTableMeta = { table, rows: plan.rows, fingerprint: plan.fingerprint, builtAt: stored.value!.builtAt, refreshedAt: at };
      const r = await mirror.appendRows(table, rows.slice(plan.from), plan.expected, meta);
      if (!r.ok) return r;
      if (r.value === 'applied') return ok<TableSyncOutcome>({ table, action: 'appended', written: rows.length - plan.from });
      continue;
    }
    break;
  }
  const { full } = fingerprintRows(table, rows);
  const at = now().toISOString();
  const r = await mirror.replaceTable(table, rows, { table, rows: rows.length, fingerprint: full, builtAt: at, refreshedAt: at });
  return r.ok ? ok<TableSyncOutcome>({ table, action: 'rebuilt', written: rows.length }) : r;
}

function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Reads the mirrored tables from the workbook (one read, nothing written) and brings the mirror up to them. */
export async function refreshMirror(workbook: WorkbookPort, mirror: MirrorPort, now?: () => Date): Promise<SyncOutcome> {
  const tables = await workbook.transact((tx) => tx.read(MIRROR_TABLES));
  const rows: { [N in MirrorTable]?: readonly EntityByTable[N][] } = {};
  for (const name of MIRROR_TABLES) (rows as Record<string, unknown>)[name] = tables[name].rows;
  return syncMirror(mirror, rows, now);
}

export const WORKBOOK_ID_SETTING = 'workbookId';

/**
 * The workbook's identity, which names its IndexedDB database (IndexedDB is shared by every workbook the add-in
 * opens on this computer, so the cache and the outbox of one must never meet another). It is the Settings row
 * `workbookId`; a set-up workbook without one gets one, written in the same transaction. A copy of the file
 * carries the same id, which is harmless: the mirror rebuilds from its fingerprints, and replayed rows are
 * skipped by key. Returns `null` when the workbook is not set up (no Settings table): then there is no cache.
 */
export async function ensureWorkbookId(workbook: WorkbookPort, makeId: () => string = () => newId('WB')): Promise<string | null> {
  return workbook.transact(async (tx) => {
    let settings;
    try {
      settings = (await tx.read(['Settings'])).Settings;
    } catch (e) {
      if (e instanceof WorkbookError && e.code === 'table-missing') return null;
      throw e;
    }
    const found = settings.rows.find((r) => sameKey(r.key, WORKBOOK_ID_SETTING) && r.value.trim() !== '');
    if (found) return found.value.trim();
    const id = makeId();
    await tx.write({ append: { Settings: [{ key: WORKBOOK_ID_SETTING, value: id }] } });
    return id;
  });
}
