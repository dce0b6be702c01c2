/**
 * A seeded, deterministic workbook of any size (up to millions of movements) for tests and benchmarks:
 * raw-material receipts, production runs three levels deep (raw -> blend -> finished), shipments to customers,
 * adjustments, and open orders, in realistic proportions. The same seed always gives the same workbook.
 *
 * Stock never goes negative and the Lots table's On Hand agrees with the ledger, so a generated workbook reads
 * without problems; tests that want problems add them on purpose.
 */
import { addDays } from '../domain/dates';
import { gtin } from './demo-data';
import type { Customer, IsoDate, Lot, Money, Movement, Order, Product, Qty, Run, Shipment } from '../domain/types';

export interface SyntheticOptions {
  /** How many Movements rows to make (the other tables scale with it). */
  readonly movements: number;
  readonly seed?: number;
  /** The last day of the generated history. */
  readonly today?: IsoDate;
}

export interface SyntheticWorkbook {
  readonly Products: Product[];
  readonly Lots: Lot[];
  readonly Movements: Movement[];
  readonly Shipments: Shipment[];
  readonly Customers: Customer[];
  readonly Orders: Order[];
  readonly Runs: Run[];
}

/** mulberry32: tiny, fast and good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface LotState {
  lot: Lot;
  onHand: number;
  level: 0 | 1 | 2;
}

export function generateWorkbook(options: SyntheticOptions): SyntheticWorkbook {
  const random = rng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const target = Math.max(10, Math.floor(options.movements));
  const today = options.today ?? ('2026-11-30' as IsoDate);
  const days = 730;
  const start = addDays(today, -days);

  const nSku = Math.max(6, Math.min(2000, Math.round(target / 500)));
  const products: Product[] = [];
  const skusByLevel: string[][] = [[], [], []];
  for (let i = 0; i < nSku; i++) {
    const level = i % 3 === 0 ? 2 : i % 3 === 1 ? 1 : 0;
    const sku = `${['RM', 'BL', 'FG'][level]}-${String(i).padStart(5, '0')}`;
    skusByLevel[level]!.push(sku);
    products.push({
      sku,
      gtin: level === 2 ? gtin(`0950600${String(100000 + i).slice(-6)}`) : '',
      description: `${['Raw material', 'Blend', 'Finished good'][level]} ${i}`,
      unit: level === 2 ? 'ea' : 'kg',
      decimals: level === 2 ? 0 : 3,
      shelfLifeDays: 365 + (i % 4) * 180,
      minShipLifeDays: level === 2 ? 90 : null,
      kind: level === 2 ? 'finished' : 'raw',
    });
  }
  const productBySku = new Map(products.map((p) => [p.sku, p]));
  const nCustomers = Math.max(3, Math.min(5000, Math.round(target / 200)));
  const customers: Customer[] = Array.from({ length: nCustomers }, (_, i) => ({
    id: `C-${String(i).padStart(5, '0')}`,
    name: `Customer ${i}`,
    contact: `Buyer ${i}`,
    email: `buyer${i}@customer${i}.example`,
    phone: `+1 555 ${String(1000 + (i % 9000))}`,
    address: `${1 + (i % 900)} Market St`,
    city: pick(['Portland', 'Austin', 'Denver', 'Boston', 'Chicago']),
    region: pick(['OR', 'TX', 'CO', 'MA', 'IL']),
    postalCode: String(10000 + ((i * 7919) % 89999)),
    country: 'US',
    minShelfLifeDays: i % 5 === 0 ? 180 : null,
  }));

  const movements: Movement[] = [];
  const shipments: Shipment[] = [];
  const runs: Run[] = [];
  const states: LotState[] = [];
  const byLevel: LotState[][] = [[], [], []];
  let lotSeq = 0;
  let runSeq = 0;
  let shipSeq = 0;
  const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(7, '0')}`;
  const dateAt = (k: number) => addDays(start, Math.floor((k / target) * days));
  const qty = (n: number) => n as Qty;

  const newLot = (level: 0 | 1 | 2, sku: string, date: IsoDate, unitCost: Money | null): LotState => {
    const p = productBySku.get(sku)!;
    const lot: Lot = {
      sku,
      lot: `L${String(++lotSeq).padStart(7, '0')}`,
      supplier: level === 0 ? `Supplier ${lotSeq % 37}` : '',
      supplierLot: level === 0 ? `S${(lotSeq * 7) % 100000}` : '',
      origin: level === 0 ? pick(['US', 'IN', 'DE', 'CN']) : '',
      manufactured: date,
      expiry: addDays(date, p.shelfLifeDays ?? 365),
      received: date,
      status: 'released',
      unitCost,
      location: `${['RM', 'BL', 'FG'][level]}-${String(lotSeq % 40).padStart(2, '0')}`,
      coaRef: level === 0 ? `COA-${lotSeq}` : '',
      onHand: null,
    };
    const s: LotState = { lot, onHand: 0, level };
    states.push(s);
    byLevel[level]!.push(s);
    return s;
  };
  const move = (s: LotState, type: Movement['type'], q: number, date: IsoDate, ref: string, unitCost: Money | null = null) => {
    s.onHand += q;
    movements.push({ id: id('M', movements.length + 1), date, type, sku: s.lot.sku, lot: s.lot.lot, qty: qty(q), location: s.lot.location, ref, unitCost, user: 'synthetic', note: '' });
  };
  // The last lots of a level with stock: recent stock is what gets used, as in a real warehouse.
  const withStock = (level: 0 | 1 | 2, min: number): LotState | undefined => {
    const list = byLevel[level]!;
    for (let tries = 0; tries < 6 && list.length; tries++) {
      const s = list[list.length - 1 - Math.floor(random() * Math.min(list.length, 50))]!;
      if (s.onHand >= min) return s;
    }
    return undefined;
  };

  while (movements.length < target) {
    const k = movements.length;
    const date = dateAt(k);
    const r = random();
    if (r < 0.22 || byLevel[0]!.length < 3) {
      const s = newLot(0, pick(skusByLevel[0]!), date, (Math.round(random() * 500000) + 10000) as Money);
      move(s, 'RECEIVE', (1 + Math.floor(random() * 200)) * 1000, date, `PO-${1000 + lotSeq}`, s.lot.unitCost);
    } else if (r < 0.5) {
      // A run: two or three inputs of the level below, one output.
      const level = (random() < 0.5 ? 1 : 2) as 1 | 2;
      const inputs = [withStock((level - 1) as 0 | 1, 2000), withStock((level - 1) as 0 | 1, 2000), random() < 0.5 ? withStock((level - 1) as 0 | 1, 2000) : undefined].filter(
        (s, i, all): s is LotState => !!s && all.indexOf(s) === i,
      );
      if (inputs.length === 0 || movements.length + inputs.length + 1 > target) {
        const s = newLot(0, pick(skusByLevel[0]!), date, 100000 as Money);
        move(s, 'RECEIVE', 50000, date, `PO-${1000 + lotSeq}`, s.lot.unitCost);
        continue;
      }
      const runId = id('R', ++runSeq);
      let used = 0;
      for (const s of inputs) {
        const q = Math.max(1000, Math.floor((s.onHand * (0.2 + random() * 0.5)) / 1000) * 1000);
        used += q;
        move(s, 'CONSUME', -q, date, runId);
      }
      const out = newLot(level, pick(skusByLevel[level]!), date, null);
      const produced = level === 2 ? Math.max(1, Math.floor(used / 1000)) * 1000 * 4 : Math.floor(used * 0.97);
      move(out, 'PRODUCE', produced, date, runId);
      runs.push({ id: runId, date, outputSku: out.lot.sku, outputLot: out.lot.lot, plannedQty: qty(produced), actualQty: qty(produced), conversionCost: (Math.round(random() * 2000000) + 50000) as Money, user: 'synthetic', note: '' });
    } else if (r < 0.97) {
      const s = withStock(2, 1000);
      if (!s) continue;
      const q = Math.max(1000, Math.floor((s.onHand * random() * 0.3) / 1000) * 1000);
      const sid = id('S', ++shipSeq);
      move(s, 'SHIP', -q, date, sid);
      shipments.push({ id: sid, line: 1, orderId: `SO-${100000 + shipSeq}`, date, customerId: pick(customers).id, sku: s.lot.sku, lot: s.lot.lot, qty: qty(q), carrier: pick(['UPS', 'FedEx', 'USPS']), tracking: `T${shipSeq}` });
    } else {
      const s = states[Math.floor(random() * states.length)]!;
      if (s.onHand < 1000) continue;
      move(s, 'ADJUST', -1000, date, `CC-${k}`);
    }
  }

  const lots = states.map((s) => ({ ...s.lot, onHand: qty(s.onHand) }));
  const orders: Order[] = [];
  for (let i = 0; i < Math.max(5, Math.round(target / 100)); i++) {
    orders.push({ orderId: `SO-${900000 + Math.floor(i / 3)}`, line: (i % 3) + 1, customerId: pick(customers).id, sku: pick(skusByLevel[2]!), qty: qty((1 + Math.floor(random() * 50)) * 1000), dueDate: addDays(today, Math.floor(random() * 30)), status: 'open' });
  }
  return { Products: products, Lots: lots, Movements: movements, Shipments: shipments, Customers: customers, Orders: orders, Runs: runs };
}
