/**
 * Why LOTBOOK cells are never stale, without being volatile.
 *
 * A custom function is recalculated by Excel only when its arguments change (or on every recalculation if it is
 * volatile, which would read the workbook on every keystroke anywhere). Lotbook's answers depend on tables, not on
 * the arguments, so each LOTBOOK function is a *streaming* function: it answers at once, and answers again whenever
 * the tables change. The entry point tells this source about changes (Excel's table onChanged / onAdded / onDeleted
 * events, src/excel/table-changes.ts; the fake's change feed in the playground); each change bumps a version number.
 * After a burst of changes settles (one scheduled notification per burst, so a 500-row write is one recompute,
 * not 500) every live LOTBOOK cell asks for the tables again; the first ask of a version reads the workbook once
 * and all the others share that read. Cells whose formula is deleted are cancelled by Excel and stop listening.
 */
import { readOpenPickLists } from '../app/pick';
import type { WorkbookPort } from '../app/ports';
import { FUNCTION_TABLES, type FunctionTables } from './evaluate';

export interface TableSource {
  /** The tables as they are now: one workbook read per version, shared by every caller. */
  read(): Promise<FunctionTables>;
  /** The workbook changed: bump the version and, once the burst settles, tell every listener. */
  changed(): void;
  /** Called after changes settle; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  readonly version: number;
  /** Workbook reads made so far (for tests and the playground's counters). */
  readonly reads: number;
}

/** Runs `fn` later; the default waits for a burst of change events to end. Tests pass one they flush by hand. */
export type Schedule = (fn: () => void) => void;
const AFTER_BURST: Schedule = (fn) => void setTimeout(fn, 300);

export function createTableSource(workbook: WorkbookPort, schedule: Schedule = AFTER_BURST): TableSource {
  let version = 0;
  let reads = 0;
  let cached: { version: number; tables: Promise<FunctionTables> } | null = null;
  let pending = false;
  const listeners = new Set<() => void>();
  return {
    read() {
      if (cached && cached.version === version) return cached.tables;
      reads++;
      const tables = workbook.transact(async (tx) => {
        const t = await tx.read(FUNCTION_TABLES);
        return { tables: t, openLists: await readOpenPickLists(tx, t.Settings.rows) };
      });
      const entry = { version, tables };
      cached = entry;
      // A failed read (Excel busy, offline) is not kept: the next ask tries again.
      tables.catch(() => {
        if (cached === entry) cached = null;
      });
      return tables;
    },
    changed() {
      version++;
      if (pending) return;
      pending = true;
      schedule(() => {
        pending = false;
        for (const l of [...listeners]) l();
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get version() {
      return version;
    },
    get reads() {
      return reads;
    },
  };
}
