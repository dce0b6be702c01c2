import { createExcelWorkbook } from '../excel/excel-workbook';
import { FakeExcel, FakeOfficeError } from '../office-fake/fake-excel';
import { NUMBER_FORMATS, TABLES, type TableDef } from '../domain/schema';
import { demoWorkbook } from '../demo/demo-data';
import { isoDate, todayIso } from '../domain/dates';
import type { WorkbookPort, WorkbookTx } from '../app/ports';
import type { IsoDate } from '../domain/types';

export interface PlaygroundEnv {
  readonly fake: FakeExcel;
  readonly workbook: WorkbookPort;
  readonly today: IsoDate;
  readonly start: 'demo' | 'empty';
  /** "Workbook offline": while on, every call to the workbook fails as a dropped connection does. */
  readonly offline: { readonly on: boolean; set(on: boolean): void; subscribe(listener: () => void): () => void };
  /** True when the workbook came back from sessionStorage (`?persist=1`). */
  readonly restored: boolean;
  /**
   * "Slow workbook": while held, calls to the workbook wait (as a big workbook on a slow connection makes them wait)
   * until released. For seeing, and testing without timings, what a pane shows while it reads.
   */
  readonly hold: { readonly on: boolean; set(on: boolean): void };
  /**
   * "Slow Movements": while on, a read that includes Movements waits until released, while the other tables
   * answer at once: what a big ledger (a million rows, 116 MB from Excel) does to a pane that reads it.
   */
  readonly holdMovements: { readonly on: boolean; set(on: boolean): void };
}

const PERSIST_KEY = 'lotbook.playground.workbook';

interface PersistedWorkbook {
  readonly tables: ReadonlyArray<{ sheet: string; name: string; headers: string[]; rows: unknown[][] }>;
  readonly offline: boolean;
}

/**
 * `?persist=1`: the fake workbook is in memory and rebuilt on reload; to let a test reload the page as a person
 * would while Excel keeps its file, the tables' values (and the offline switch) are saved to sessionStorage after
 * every change and restored on load. Only tables are kept (not report sheets, formats beyond the schema's
 * column formats, filters or selection): enough for Lotbook's own tables, and said here so nobody expects more.
 */
/** "Reset demo data" and "Empty workbook" start over, also in persist mode. */
export function forgetPersistedWorkbook(): void {
  sessionStorage.removeItem(PERSIST_KEY);
}

function savedWorkbook(): PersistedWorkbook | null {
  try {
    const raw = sessionStorage.getItem(PERSIST_KEY);
    return raw ? (JSON.parse(raw) as PersistedWorkbook) : null;
  } catch {
    return null;
  }
}

function saveWorkbook(fake: FakeExcel, offline: boolean): void {
  const tables = fake.tableNames().flatMap((name) => {
    const t = fake.table(name);
    if (!t) return [];
    // An empty table shows one blank row, which is not data.
    const rows = t.rows.filter((r) => r.some((v) => v !== '' && v !== null));
    return [{ sheet: t.sheet, name, headers: t.headers, rows }];
  });
  sessionStorage.setItem(PERSIST_KEY, JSON.stringify({ tables, offline } satisfies PersistedWorkbook));
}

function restoreWorkbook(fake: FakeExcel, saved: PersistedWorkbook): void {
  for (const t of saved.tables) {
    const def = (TABLES as Record<string, TableDef | undefined>)[t.name];
    const formats: Record<string, string> = {};
    for (const h of t.headers) {
      const column = def?.columns.find((c) => c.header.toLowerCase() === h.toLowerCase());
      if (column) formats[h] = NUMBER_FORMATS[column.type];
    }
    fake.seedTable(t.sheet, t.name, t.headers, t.rows.length ? t.rows : [t.headers.map(() => '')], formats);
  }
}

/**
 * A fake workbook, seeded through Lotbook's own adapter (set up, then one write), so the demo data is exactly
 * what the add-in would have written in Excel.
 */
export async function createPlaygroundWorkbook(start: 'demo' | 'empty', today?: string, options: { persist?: boolean } = {}): Promise<PlaygroundEnv> {
  const fake = new FakeExcel();
  const day = (today && isoDate(today)) || todayIso();
  fake.user.addSheet('Welcome');
  fake.user.setValues('Welcome', 'A1:A2', [['Lotbook playground'], ['A workbook in your browser. Use the task pane on the left.']]);
  const saved = options.persist ? savedWorkbook() : null;
  let offlineOn = saved?.offline ?? false;
  const listeners = new Set<() => void>();
  // Excel.run itself fails while "offline", as it does when Excel on the web loses its connection; the fake's
  // semantics are untouched.
  const hold = switchOf();
  const excel = createExcelWorkbook(async (batch) => {
    await hold.wait();
    return offlineOn ? Promise.reject(new FakeOfficeError('ConnectionFailure', 'The workbook is offline (playground switch).')) : fake.run(batch);
  });
  const holdMovements = switchOf();
  // Tables are named only above the adapter, so the Movements hold wraps the port's reads.
  const slowMovements = (tx: WorkbookTx): WorkbookTx => ({
    ...tx,
    read: async (names, options) => {
      if ((names as readonly string[]).includes('Movements')) await holdMovements.wait();
      return tx.read(names, options);
    },
  });
  const workbook: WorkbookPort = { ...excel, transact: (work) => excel.transact((tx) => work(slowMovements(tx))) };
  if (saved) restoreWorkbook(fake, saved);
  else if (start === 'demo') {
    await workbook.setUp();
    await workbook.transact((tx) => tx.write({ append: demoWorkbook(day) }));
  }
  const offline = {
    get on() {
      return offlineOn;
    },
    set(on: boolean) {
      offlineOn = on;
      if (options.persist) saveWorkbook(fake, offlineOn);
      for (const l of listeners) l();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  if (options.persist) {
    saveWorkbook(fake, offlineOn);
    fake.subscribe(() => saveWorkbook(fake, offlineOn));
  }
  fake.resetStats();
  return { fake, workbook, today: day, start, offline, restored: saved !== null, hold, holdMovements };
}

/** A switch that, while on, makes `wait()` wait until it is switched off. */
function switchOf() {
  let held: { promise: Promise<void>; release: () => void } | null = null;
  return {
    get on() {
      return held !== null;
    },
    set(on: boolean) {
      if (on && !held) {
        let release = () => undefined as void;
        const promise = new Promise<void>((resolve) => {
          release = resolve;
        });
        held = { promise, release };
      } else if (!on && held) {
        const { release } = held;
        held = null;
        release();
      }
    },
    wait: async () => {
      if (held) await held.promise;
    },
  };
}
