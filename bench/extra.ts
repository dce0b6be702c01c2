/**
 * Benchmarks of the use cases (receive, produce, pick, ship, recall report) and of the IndexedDB mirror, kept apart
 * from run.ts so that each feature adds its measurement here.
 */
import type { WorkbookPort } from '../src/app/ports';
import type { SyntheticWorkbook } from '../src/demo/synthetic';
import type { FakeExcel } from '../src/office-fake/fake-excel';
import type { IsoDate, IsoDateTime } from '../src/domain/types';
import { newId } from '../src/domain/ids';
import { receive } from '../src/app/receive';
import { writeRecallReport } from '../src/app/recall';
import { produce } from '../src/app/produce';
import { orderLineKey, writePickList } from '../src/app/pick';
import { confirmShipment, loadPickList } from '../src/app/ship';
import { onHandByLot } from '../src/domain/ledger';
import { lotKey } from '../src/domain/codec';
import { createLotbookDb } from '../src/cache/db';
import { buildMirror, lotHistory, productByGtin, searchLots } from '../src/cache/mirror';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { Row } from './run';

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
  const { workbook, measure, today, workbookData: w } = ctx;
  const ids = () => ({ movement: newId('M'), log: newId('L') });
  const rawSku = w.Products.find((p) => p.kind === 'raw')!.sku;
  await measure('use case: receive (one read of Products, Lots, Movements, one write)', () =>
    receive(workbook, { sku: rawSku, lot: `RCV-${ctx.size}`, quantity: '12.5', expiry: '2028-06-30', poRef: 'PO-BENCH' }, { user: 'bench', today, ids: ids() }),
  );
  const now = `${today}T09:00:00` as IsoDateTime;
  // A run of a blend from the two fullest released raw lots of one SKU (inputs chosen as a person would: by stock).
  const onHand = onHandByLot(w.Movements);
  const stock = (l: { sku: string; lot: string }) => onHand.get(lotKey(l.sku, l.lot)) ?? 0;
  const rawLots = w.Lots.filter((l) => l.sku.startsWith('RM-') && l.status === 'released' && (l.expiry ?? '9999') > today && stock(l) >= 4000).sort((a, b) => stock(b) - stock(a));
  const blend = w.Products.find((p) => p.sku.startsWith('BL-'))!;
  const inputs = rawLots.slice(0, 2).map((l) => ({ sku: l.sku, lot: l.lot, quantity: '2' }));
  await measure('use case: produce (read, one write of run, movements, lot, batch record sheet)', () =>
    produce(workbook, { outputSku: blend.sku, plannedQuantity: '4', actualQuantity: '3.9', conversionCost: '12.5', inputs }, { user: 'bench', today, now, ids: { run: newId('R'), log: newId('L') } }),
  );
  const open = w.Orders.filter((o) => o.status === 'open').slice(0, 20).map((o) => orderLineKey(o.orderId, o.line));
  const pickId = newId('PL');
  await measure('use case: pick list for 20 order lines (FEFO on a fresh read, one write)', () => writePickList(workbook, { id: pickId, shipDate: today, lineKeys: open, user: 'bench' }));
  const loaded = await loadPickList(workbook, pickId);
  if (loaded.ok) {
    const rows = loaded.list.rows.map((r) => ({ index: r.index, lot: r.lot, qty: r.toPick }));
    await measure('use case: ship the pick list (Shipments, SHIP movements, order status)', () => confirmShipment(workbook, { pickListId: pickId, shipDate: today, user: 'bench', now, rows }));
  }
  const consumed = w.Movements.find((m) => m.type === 'CONSUME' && m.sku.startsWith('RM-'))!;
  await measure('use case: recall report (trace on a fresh read, write the report sheet)', () =>
    writeRecallReport(workbook, { starts: [{ sku: consumed.sku, lot: consumed.lot }], direction: 'forward', reason: 'Benchmark', recallClass: 'II', user: 'bench', now, reportId: newId('RR') }),
  );
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
