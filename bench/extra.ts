/**
 * Benchmarks of the commands, cold and warm (commands.ts), and of the IndexedDB mirror, kept apart from run.ts so that
 * each feature adds its measurement here.
 */
import type { WorkbookPort } from '../src/app/ports';
import type { SyntheticWorkbook } from '../src/demo/synthetic';
import type { FakeExcel } from '../src/office-fake/fake-excel';
import { createLotbookDb } from '../src/cache/db';
import { buildMirror, lotHistory, productByGtin, searchLots } from '../src/cache/mirror';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { Row } from './run';
import type { IsoDate } from '../src/domain/types';
import { commandBenchmarks } from './commands';

export interface BenchContext {
  readonly size: number;
  readonly workbookData: SyntheticWorkbook;
  readonly add: (row: Row) => void;
  readonly today: IsoDate;
}

export interface RoundTripContext extends BenchContext {
  readonly fake: FakeExcel;
  readonly workbook: WorkbookPort;
  readonly measure: (what: string, f: () => Promise<unknown>) => Promise<FakeExcel['stats']>;
}

export async function extraBenchmarks(ctx: RoundTripContext): Promise<void> {
  await commandBenchmarks(ctx);
  if (ctx.size <= 100_000) await mirrorBenchmarks(ctx);
}

/**
 * The IndexedDB mirror, in Node over fake-indexeddb (pure JavaScript: a real browser's IndexedDB is much faster, so
 * these figures compare runs, they do not predict Chromium).
 */
async function mirrorBenchmarks(ctx: RoundTripContext): Promise<void> {
  const { add, size, workbookData: w } = ctx;
  const db = createLotbookDb(`bench-${size}-${Date.now()}`, { indexedDB, IDBKeyRange });
  const tables = { Products: w.Products, Lots: w.Lots, Movements: w.Movements, Shipments: w.Shipments, Customers: w.Customers, Orders: w.Orders };
  let t = performance.now();
  await buildMirror(db, tables);
  add({ size, section: 'IndexedDB mirror', what: 'build from every table (fake-indexeddb)', value: `${Math.round(performance.now() - t)} ms` });
  const fg = w.Products.find((p) => p.gtin)!;
  const lot = w.Lots[Math.floor(w.Lots.length / 2)]!;
  const timeIt = async (what: string, f: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      await f();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    add({ size, section: 'IndexedDB mirror', what, value: `${times[10]!.toFixed(2)} ms (median of 20)` });
  };
  await timeIt('GTIN to product', () => productByGtin(db, fg.gtin));
  await timeIt(`lot history (${lot.lot})`, () => lotHistory(db, lot.sku, lot.lot));
  await timeIt('search lots as you type ("L00012")', () => searchLots(db, 'L00012', 20));
  db.close();
}
