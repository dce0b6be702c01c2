import fc from 'fast-check';
import { costLots, lotCostReport, type CostInput, type CostMovement } from './costing';
import { MOVEMENT_TYPES, type IsoDate, type Money, type MovementType, type Qty } from './types';

const date = (day: number) => `2025-01-${String(day).padStart(2, '0')}` as IsoDate;

/**
 * A plausible ledger, played forward in time: receipts at random costs, runs that consume part of what is in
 * stock and produce one to three new lots, shipments, destruction, adjustments, returns and transfer pairs. Stock
 * never goes negative, and runs only use lots that exist, so there is no cycle.
 */
const stepArb = fc.record({
  kind: fc.constantFrom('receive', 'receive', 'run', 'run', 'ship', 'destroy', 'adjust', 'return', 'transfer'),
  pick: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  qty: fc.integer({ min: 1, max: 5_000 }),
  cost: fc.integer({ min: 0, max: 99_999 }),
  outputs: fc.array(fc.integer({ min: 1, max: 4_000 }), { minLength: 1, maxLength: 3 }),
  conversion: fc.integer({ min: 0, max: 50_000 }),
  day: fc.integer({ min: 0, max: 2 }),
});
const ledgerArb = fc.array(stepArb, { maxLength: 40 }).map((steps): CostInput => {
  const movements: CostMovement[] = [];
  const runs: { id: string; conversionCost: Money }[] = [];
  const stock = new Map<string, number>();
  let day = 1;
  let n = 0;
  const add = (type: MovementType, lot: string, qty: number, ref = '', unitCost: number | null = null) => {
    movements.push({ id: `M${n++}`, date: date(day), type, sku: lot.slice(0, 1), lot, qty: qty as Qty, ref, unitCost: unitCost as Money | null });
    stock.set(lot, (stock.get(lot) ?? 0) + qty);
  };
  const inStock = () => [...stock].filter(([, q]) => q > 0);
  steps.forEach((s, i) => {
    day = Math.min(28, day + s.day);
    const have = inStock();
    const any = have[s.pick[0]! % Math.max(1, have.length)];
    if (s.kind === 'receive' || !any) return add('RECEIVE', `R${s.pick[0]! % 5}`, s.qty, `PO${i}`, s.cost);
    const [lot, q] = any;
    const part = Math.min(q, s.qty);
    switch (s.kind) {
      case 'run': {
        const id = `RUN${i}`;
        runs.push({ id, conversionCost: s.conversion as Money });
        add('CONSUME', lot, -part, id);
        const second = have[s.pick[1]! % have.length]!;
        if (second[0] !== lot) add('CONSUME', second[0], -Math.min(second[1], s.qty), id);
        s.outputs.forEach((o, k) => add('PRODUCE', `P${i}-${k}`, o, id));
        return;
      }
      case 'ship':
        return add('SHIP', lot, -part, `S${i}`);
      case 'destroy':
        return add('DESTROY', lot, -part, `D${i}`);
      case 'adjust':
        return add('ADJUST', lot, s.pick[2]! % 2 === 0 ? -part : s.qty, `A${i}`);
      case 'return':
        return add('RETURN', lot, s.qty, `S${i}`);
      case 'transfer':
        add('TRANSFER', lot, -part, `T${i}`);
        return add('TRANSFER', lot, part, `T${i}`);
    }
  });
  return { movements, runs, lots: [] };
});

/** Anything at all: random signs, runs shared at random, missing costs, unknown runs; cycles happen. */
const wildArb = fc
  .array(
    fc.record({
      type: fc.constantFrom(...MOVEMENT_TYPES),
      lot: fc.constantFrom('A1', 'A2', 'B1', 'B2', 'C1'),
      qty: fc.integer({ min: -3_000, max: 3_000 }),
      ref: fc.constantFrom('', 'R1', 'R2', 'R3', 'R4'),
      cost: fc.option(fc.integer({ min: -10, max: 99_999 }), { nil: null }),
      day: fc.integer({ min: 1, max: 9 }),
    }),
    { maxLength: 30 },
  )
  .map((rows): CostInput => ({
    movements: rows.map((r, i) => ({ id: `M${i}`, date: date(r.day), type: r.type, sku: r.lot.slice(0, 1), lot: r.lot, qty: r.qty as Qty, ref: r.ref, unitCost: r.cost as Money | null })),
    runs: [{ id: 'R1', conversionCost: 1_234 as Money }, { id: 'R2', conversionCost: 0 as Money }, { id: 'R3', conversionCost: 7 as Money }],
    // Table costs, so that stock drawn before (or without) any receipt still carries value.
    lots: ['A1', 'A2', 'B1', 'B2'].map((lot, i) => ({ sku: lot.slice(0, 1), lot, unitCost: (5_555 * (i + 1)) as Money })),
  }));

const anyLedger = fc.oneof(ledgerArb, wildArb);

describe('costLots properties', () => {
  it('cost layers of every lot sum to its total value in', () => {
    fc.assert(
      fc.property(anyLedger, (input) => {
        const r = costLots(input);
        if (!r.ok) return;
        for (const lot of r.lots.values()) {
          expect(lot.layers.reduce((s, l) => s + l.cost, 0)).toBe(lot.totalValueIn);
          expect(lot.layers.filter((l) => l.kind === 'conversion').reduce((s, l) => s + l.cost, 0)).toBe(lot.conversionCost);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('value out of a run’s inputs plus conversion equals value into its outputs', () => {
    fc.assert(
      fc.property(anyLedger, (input) => {
        const r = costLots(input);
        if (!r.ok) return;
        for (const run of r.runs.values()) {
          const consumed = input.movements.filter((m) => m.type === 'CONSUME' && m.ref === run.runId).reduce((s, m) => s - r.movementValues.get(m.id)!, 0);
          const produced = input.movements.filter((m) => m.type === 'PRODUCE' && m.ref === run.runId).reduce((s, m) => s + r.movementValues.get(m.id)!, 0);
          expect(run.inputValue).toBe(consumed);
          expect(produced).toBe(run.outputQty > 0 ? consumed + run.conversionCost : 0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('every movement value is an integer, and on hand value is the sum of the lot’s movement values', () => {
    fc.assert(
      fc.property(anyLedger, (input) => {
        const r = costLots(input);
        if (!r.ok) return;
        for (const v of r.movementValues.values()) expect(Number.isSafeInteger(v)).toBe(true);
        for (const lot of r.lots.values()) {
          const mine = input.movements.filter((m) => m.sku === lot.sku && m.lot === lot.lot);
          expect(lot.onHandValue).toBe(mine.reduce((s, m) => s + r.movementValues.get(m.id)!, 0));
          expect(lot.onHandQty).toBe(mine.reduce((s, m) => s + m.qty, 0));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a lot drawn down to nothing is worth exactly nothing, and no value is made or lost in a plausible ledger', () => {
    fc.assert(
      fc.property(ledgerArb, (input) => {
        const r = costLots(input);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        for (const lot of r.lots.values()) if (lot.onHandQty === 0) expect(lot.onHandValue).toBe(0);
        // All value in the system came from receipts and conversion; it is on hand or left with a movement.
        const receipts = input.movements.filter((m) => m.type === 'RECEIVE').reduce((s, m) => s + r.movementValues.get(m.id)!, 0);
        const conversion = [...r.runs.values()].reduce((s, x) => s + x.conversionCost, 0);
        const left = input.movements.filter((m) => !['RECEIVE', 'CONSUME', 'PRODUCE'].includes(m.type)).reduce((s, m) => s + r.movementValues.get(m.id)!, 0);
        const onHand = [...r.lots.values()].reduce((s, l) => s + l.onHandValue, 0);
        expect(onHand).toBe(receipts + conversion + left);
      }),
      { numRuns: 200 },
    );
  });
});

describe('lotCostReport properties', () => {
  const periodArb = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 10 })).map(([a, len]) => ({ from: date(a), to: date(Math.min(28, a + len)) }));

  it('reconciles every row and the totals exactly: opening + in - out = closing, in quantity and value', () => {
    fc.assert(
      fc.property(anyLedger, periodArb, (input, period) => {
        const r = lotCostReport({ ...input, ...period });
        if (!r.ok) return;
        for (const x of [...r.rows, r.totals]) {
          for (const k of ['qty', 'value'] as const) {
            const inflow = x.opening[k] + x.received[k] + x.produced[k] + x.returned[k] + x.adjusted[k] + x.transferred[k];
            expect(inflow - x.consumed[k] - x.shipped[k] - x.destroyed[k]).toBe(x.closing[k]);
          }
        }
        expect(r.rows.reduce((s, x) => s + x.closing.value, 0)).toBe(r.totals.closing.value);
      }),
      { numRuns: 200 },
    );
  });

  it('closes one period where the next one opens, and at the end agrees with the lot costs', () => {
    fc.assert(
      fc.property(anyLedger, fc.integer({ min: 1, max: 27 }), (input, split) => {
        const first = lotCostReport({ ...input, from: date(1), to: date(split) });
        const second = lotCostReport({ ...input, from: date(split + 1), to: date(28) });
        const costs = costLots(input);
        if (!first.ok || !second.ok || !costs.ok) return;
        const closing = new Map(first.rows.map((x) => [`${x.sku}/${x.lot}`, x.closing]));
        for (const x of second.rows) expect(x.opening).toEqual(closing.get(`${x.sku}/${x.lot}`) ?? { qty: 0, value: 0 });
        for (const x of second.rows) {
          const lot = [...costs.lots.values()].find((l) => l.sku === x.sku && l.lot === x.lot)!;
          expect(x.closing).toEqual({ qty: lot.onHandQty, value: lot.onHandValue });
        }
      }),
      { numRuns: 200 },
    );
  });
});
