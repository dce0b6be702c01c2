import fc from 'fast-check';
import { buildRecallIndex, traceRecall, type RecallData, type RecallMovement, type RecallShipment } from './recall';
import { MOVEMENT_TYPES, type IsoDate, type Qty } from './types';

// Small pools so that random ledgers are densely linked: long chains, diamonds and cycles all occur.
const skuArb = fc.constantFrom('A', 'B', 'C');
const lotArb = fc.constantFrom('1', '2', '3', '4');
const movementArb = fc.record({
  type: fc.constantFrom(...MOVEMENT_TYPES, 'CONSUME', 'PRODUCE', 'CONSUME', 'PRODUCE'),
  sku: skuArb,
  lot: lotArb,
  qty: fc.integer({ min: -50, max: 50 }),
  ref: fc.constantFrom('R1', 'R2', 'R3', 'R4', 'R5', ''),
  day: fc.integer({ min: 1, max: 28 }),
});
const shipmentArb = fc.record({ sku: skuArb, lot: lotArb, customer: fc.constantFrom('C1', 'C2', 'C3', 'C4'), qty: fc.integer({ min: 1, max: 20 }), day: fc.integer({ min: 1, max: 28 }) });
const dataArb = fc.record({ movements: fc.array(movementArb, { maxLength: 40 }), shipments: fc.array(shipmentArb, { maxLength: 15 }) }).map(
  ({ movements, shipments }): RecallData => ({
    movements: movements.map((m, i): RecallMovement => ({ id: `M${i}`, date: `2025-01-${String(m.day).padStart(2, '0')}` as IsoDate, type: m.type, sku: m.sku, lot: m.lot, qty: m.qty as Qty, ref: m.ref })),
    shipments: shipments.map((s, i): RecallShipment => ({ id: `S${i}`, date: `2025-02-${String(s.day).padStart(2, '0')}` as IsoDate, customerId: s.customer, sku: s.sku, lot: s.lot, qty: s.qty as Qty })),
  }),
);
const startArb = fc.array(fc.record({ sku: skuArb, lot: lotArb }), { minLength: 1, maxLength: 3 });
const id = (l: { sku: string; lot: string }) => `${l.sku}/${l.lot}`;

/** The obvious fixpoint over the raw movements: no index, no graph, no cleverness. */
function naiveReach(data: RecallData, starts: readonly string[], way: 'forward' | 'backward'): Set<string> {
  const from = way === 'forward' ? 'CONSUME' : 'PRODUCE';
  const to = way === 'forward' ? 'PRODUCE' : 'CONSUME';
  const reached = new Set(starts);
  for (let changed = true; changed; ) {
    changed = false;
    const runs = new Set(data.movements.filter((m) => m.type === from && m.ref && reached.has(id(m))).map((m) => m.ref));
    for (const m of data.movements) {
      if (m.type === to && m.ref && runs.has(m.ref) && !reached.has(id(m))) {
        reached.add(id(m));
        changed = true;
      }
    }
  }
  return reached;
}

const known = (data: RecallData, l: { sku: string; lot: string }) => data.movements.some((m) => id(m) === id(l)) || data.shipments.some((s) => id(s) === id(l));

describe('traceRecall properties', () => {
  it('a forward trace reaches every descendant lot and every shipment of those lots, and nothing else', () => {
    fc.assert(
      fc.property(dataArb, startArb, (data, start) => {
        const r = traceRecall(buildRecallIndex(data), start, 'forward');
        const starts = [...new Set(start.filter((s) => known(data, s)).map(id))];
        const expected = naiveReach(data, starts, 'forward');
        expect(new Set(r.lots.map(id))).toEqual(expected);
        expect(r.lots.length).toBe(expected.size);
        expect(r.shipments.map((s) => s.id).sort()).toEqual(data.shipments.filter((s) => expected.has(id(s))).map((s) => s.id).sort());
        expect(r.customerIds).toEqual([...new Set(data.shipments.filter((s) => expected.has(id(s))).map((s) => s.customerId))].sort());
        expect(r.unknownStarts.map(id).sort()).toEqual([...new Set(start.filter((s) => !known(data, s)).map(id))].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('a backward trace reaches every ancestor lot', () => {
    fc.assert(
      fc.property(dataArb, startArb, (data, start) => {
        const r = traceRecall(data, start, 'backward');
        const starts = [...new Set(start.filter((s) => known(data, s)).map(id))];
        expect(new Set(r.lots.map(id))).toEqual(naiveReach(data, starts, 'backward'));
      }),
      { numRuns: 200 },
    );
  });

  it('depths are the fewest runs from a start lot', () => {
    fc.assert(
      fc.property(dataArb, startArb, (data, start) => {
        const r = traceRecall(data, start, 'forward');
        const starts = [...new Set(start.filter((s) => known(data, s)).map(id))];
        for (const l of r.lots) {
          // Reachable in `depth` steps, and not in fewer: check with the naive fixpoint bounded by steps.
          let frontier = new Set(starts);
          let steps = 0;
          while (!frontier.has(id(l))) {
            const next = new Set(frontier);
            const runs = new Set(data.movements.filter((m) => m.type === 'CONSUME' && m.ref && frontier.has(id(m))).map((m) => m.ref));
            data.movements.filter((m) => m.type === 'PRODUCE' && m.ref && runs.has(m.ref)).forEach((m) => next.add(id(m)));
            frontier = next;
            steps++;
          }
          expect(steps).toBe(l.depth);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the mass balance is exact when every SHIP movement has its shipment row', () => {
    fc.assert(
      fc.property(dataArb, startArb, (raw, start) => {
        const data: RecallData = {
          movements: raw.movements,
          shipments: raw.movements.filter((m) => m.type === 'SHIP').map((m) => ({ id: m.id, date: m.date, customerId: 'C', sku: m.sku, lot: m.lot, qty: -m.qty as Qty })),
        };
        for (const b of traceRecall(data, start, 'both').massBalance) {
          expect(b.unaccounted).toBe(0);
          const onHand = data.movements.filter((m) => id(m) === id(b)).reduce((s, m) => s + m.qty, 0);
          expect(b.onHand).toBe(onHand);
        }
      }),
      { numRuns: 200 },
    );
  });
});
