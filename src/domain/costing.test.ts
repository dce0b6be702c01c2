import { generateWorkbook } from '../demo/synthetic';
import { costLots, costLotsOf, lotCostReport, type CostInput, type CostMovement, type LotCost } from './costing';
import { addDays } from './dates';
import type { IsoDate, LotKey, Money, MovementType, Qty } from './types';

// Qty: thousandths of a unit. Money: ten-thousandths. Unit cost: Money per whole unit.
const key = (sku: string, lot: string) => `${sku}\u0000${lot}` as LotKey;
let seq = 0;
function mv(type: MovementType, sku: string, lot: string, qty: number, extra: { ref?: string; unitCost?: number; date?: string } = {}): CostMovement {
  return { id: `M${++seq}`, date: (extra.date ?? '2025-03-01') as IsoDate, type, sku, lot, qty: qty as Qty, ref: extra.ref ?? '', unitCost: extra.unitCost === undefined ? null : (extra.unitCost as Money) };
}
const run = (id: string, conversionCost: number) => ({ id, conversionCost: conversionCost as Money });
function lotOf(input: CostInput, sku: string, lot: string): LotCost {
  const r = costLots(input);
  if (!r.ok) throw new Error(r.message);
  return r.lots.get(key(sku, lot))!;
}

// 10 kg of vitamin C powder at $5.00/kg and 1,000 capsule shells at $0.02; run R1 fills 100 capsules from 2 kg
// of powder and 100 shells with $3.00 of labour.
function capsules(): CostInput {
  return {
    movements: [
      mv('RECEIVE', 'POWDER', 'P1', 10_000, { ref: 'PO-1', unitCost: 50_000, date: '2025-01-10' }),
      mv('RECEIVE', 'SHELL', 'S1', 1_000_000, { ref: 'PO-2', unitCost: 200, date: '2025-01-10' }),
      mv('CONSUME', 'POWDER', 'P1', -2_000, { ref: 'R1', date: '2025-02-01' }),
      mv('CONSUME', 'SHELL', 'S1', -100_000, { ref: 'R1', date: '2025-02-01' }),
      mv('PRODUCE', 'CAPS', 'C1', 100_000, { ref: 'R1', date: '2025-02-01' }),
    ],
    runs: [run('R1', 30_000)],
    lots: [],
  };
}

describe('costLots: received lots', () => {
  it('takes the unit cost of the receipt', () => {
    const p1 = lotOf(capsules(), 'POWDER', 'P1');
    expect(p1).toMatchObject({ qtyIn: 10_000, totalValueIn: 500_000, unitCost: 50_000, conversionCost: 0, onHandQty: 8_000, onHandValue: 400_000 });
    expect(p1.layers).toEqual([{ kind: 'receipt', movementId: expect.any(String), ref: 'PO-1', qty: 10_000, cost: 500_000 }]);
  });

  it('averages several receipts into one lot by quantity', () => {
    // 3 units at $1.00 and 1 unit at $2.00: $5.00 for 4 units, $1.25 each.
    const input: CostInput = { movements: [mv('RECEIVE', 'A', '1', 3_000, { unitCost: 10_000 }), mv('RECEIVE', 'A', '1', 1_000, { unitCost: 20_000 })], runs: [], lots: [] };
    expect(lotOf(input, 'A', '1')).toMatchObject({ qtyIn: 4_000, totalValueIn: 50_000, unitCost: 12_500 });
  });

  it("falls back to the Lots table's unit cost, and says so when there is none", () => {
    const input: CostInput = {
      movements: [mv('RECEIVE', 'A', '1', 2_000), mv('RECEIVE', 'B', '1', 2_000)],
      runs: [],
      lots: [{ sku: 'A', lot: '1', unitCost: 7_000 as Money }],
    };
    const r = costLots(input);
    expect(r.ok && r.lots.get(key('A', '1'))).toMatchObject({ unitCost: 7_000, totalValueIn: 14_000 });
    expect(r.ok && r.lots.get(key('B', '1'))).toMatchObject({ unitCost: 0, totalValueIn: 0 });
    expect(r.ok && r.issues).toEqual([{ code: 'missing-unit-cost', movementId: input.movements[1]!.id, sku: 'B', lot: '1' }]);
  });

  it('lists a lot of the Lots table without movements at its table cost', () => {
    const r = costLots({ movements: [], runs: [], lots: [{ sku: 'A', lot: '9', unitCost: 123 as Money }] });
    expect(r.ok && r.lots.get(key('A', '9'))).toMatchObject({ qtyIn: 0, unitCost: 123, onHandQty: 0, onHandValue: 0, layers: [] });
  });
});

describe('costLots: produced lots', () => {
  it('costs a run as inputs consumed plus conversion, over the output quantity', () => {
    // Powder: 2 kg of $50.00 = $10.00. Shells: 100 of $20.00 = $2.00. Labour $3.00. 100 capsules: $15.00, $0.15 each.
    const c1 = lotOf(capsules(), 'CAPS', 'C1');
    expect(c1).toMatchObject({ qtyIn: 100_000, totalValueIn: 150_000, unitCost: 1_500, conversionCost: 30_000 });
    expect(c1.layers).toEqual([
      { kind: 'input', runId: 'R1', fromSku: 'POWDER', fromLot: 'P1', qty: 2_000, cost: 100_000 },
      { kind: 'input', runId: 'R1', fromSku: 'SHELL', fromLot: 'S1', qty: 100_000, cost: 20_000 },
      { kind: 'conversion', runId: 'R1', cost: 30_000 },
    ]);
  });

  it('rolls costs up through several levels, costing produced inputs first whatever the row order', () => {
    const base = capsules();
    // Bottling is booked before the capsule run in the table (same day), and still gets the capsules' cost.
    const input: CostInput = {
      movements: [
        mv('RECEIVE', 'BOTTLE', 'B1', 10_000, { unitCost: 5_000, date: '2025-02-02' }),
        mv('CONSUME', 'CAPS', 'C1', -60_000, { ref: 'R2', date: '2025-02-02' }),
        mv('CONSUME', 'BOTTLE', 'B1', -2_000, { ref: 'R2', date: '2025-02-02' }),
        mv('PRODUCE', 'JAR', 'J1', 2_000, { ref: 'R2', date: '2025-02-02' }),
        ...base.movements,
      ],
      runs: [...base.runs, run('R2', 10_000)],
      lots: [],
    };
    // 60 capsules at $0.15 = $9.00; 2 bottles at $0.50 = $1.00; labour $1.00; 2 jars: $11.00, $5.50 each.
    expect(lotOf(input, 'JAR', 'J1')).toMatchObject({ totalValueIn: 110_000, unitCost: 55_000 });
  });

  it('splits a run over several output lots by quantity, exactly', () => {
    const input: CostInput = {
      movements: [mv('RECEIVE', 'A', '1', 1_000, { unitCost: 10_000 }), mv('CONSUME', 'A', '1', -1_000, { ref: 'R1' }), mv('PRODUCE', 'B', '1', 1_000, { ref: 'R1' }), mv('PRODUCE', 'B', '2', 1_000, { ref: 'R1' }), mv('PRODUCE', 'B', '3', 1_000, { ref: 'R1' })],
      runs: [run('R1', 1)],
      lots: [],
    };
    const r = costLots(input);
    if (!r.ok) throw new Error(r.message);
    const values = ['1', '2', '3'].map((l) => r.lots.get(key('B', l))!.totalValueIn);
    // $1.0001 over three equal lots: 3334 + 3334 + 3333 (largest remainder, ties to the earlier row).
    expect(values).toEqual([3_334, 3_334, 3_333]);
    expect(r.runs.get('R1')).toEqual({ runId: 'R1', inputValue: 10_000, conversionCost: 1, outputValue: 10_001, outputQty: 3_000 });
  });

  it('lowers the output quantity for a negative PRODUCE correction without moving value', () => {
    const input: CostInput = {
      movements: [mv('RECEIVE', 'A', '1', 1_000, { unitCost: 9_000 }), mv('CONSUME', 'A', '1', -1_000, { ref: 'R1' }), mv('PRODUCE', 'B', '1', 1_000, { ref: 'R1' }), mv('PRODUCE', 'B', '1', -100, { ref: 'R1' })],
      runs: [run('R1', 0)],
      lots: [],
    };
    expect(lotOf(input, 'B', '1')).toMatchObject({ qtyIn: 900, totalValueIn: 9_000, unitCost: 10_000, onHandValue: 9_000 });
  });

  it('reports value that went into a run with no output, and runs missing from the Runs table', () => {
    const input: CostInput = { movements: [mv('RECEIVE', 'A', '1', 1_000, { unitCost: 9_000 }), mv('CONSUME', 'A', '1', -500, { ref: 'WIP' })], runs: [], lots: [] };
    const r = costLots(input);
    expect(r.ok && r.issues).toEqual([
      { code: 'unknown-run', runId: 'WIP' },
      { code: 'run-without-output', runId: 'WIP', value: 4_500 },
    ]);
  });
});

describe('costLots: value is carried per lot, never lost to rounding', () => {
  // 1 unit at $0.3333 and 2 at $0.3334: $1.0001 for 3 units, a unit cost that no integer represents.
  const receipts = () => [mv('RECEIVE', 'A', '1', 1_000, { unitCost: 3_333 }), mv('RECEIVE', 'A', '1', 2_000, { unitCost: 3_334 })];

  it('draws a lot down to zero with exactly its value', () => {
    const ships = [mv('SHIP', 'A', '1', -1_000), mv('SHIP', 'A', '1', -1_000), mv('SHIP', 'A', '1', -1_000)];
    const r = costLots({ movements: [...receipts(), ...ships], runs: [], lots: [] });
    if (!r.ok) throw new Error(r.message);
    // The rounded unit cost ($0.3334) would have shipped $1.0002; cumulative rounding ships exactly $1.0001.
    expect(r.lots.get(key('A', '1'))).toMatchObject({ totalValueIn: 10_001, unitCost: 3_334, onHandQty: 0, onHandValue: 0 });
    expect(ships.map((m) => r.movementValues.get(m.id))).toEqual([-3_334, -3_333, -3_334]);
  });

  it('passes the exact value of a part-consumed lot into the runs that use it', () => {
    const uses = [mv('CONSUME', 'A', '1', -1_500, { ref: 'R1' }), mv('PRODUCE', 'B', '1', 1_000, { ref: 'R1' }), mv('CONSUME', 'A', '1', -1_500, { ref: 'R2' }), mv('PRODUCE', 'C', '1', 1_000, { ref: 'R2' })];
    const r = costLots({ movements: [...receipts(), ...uses], runs: [run('R1', 0), run('R2', 0)], lots: [] });
    if (!r.ok) throw new Error(r.message);
    expect([r.lots.get(key('B', '1'))!.totalValueIn, r.lots.get(key('C', '1'))!.totalValueIn]).toEqual([5_000, 5_001]); // 5000.5 rounds half to even; the rest follows
  });

  it('nets a transfer out and back in, and a shipment and its return, to exactly zero', () => {
    const out = mv('TRANSFER', 'A', '1', -1_000);
    const back = mv('TRANSFER', 'A', '1', 1_000);
    const ship = mv('SHIP', 'A', '1', -1_000);
    const ret = mv('RETURN', 'A', '1', 1_000);
    const r = costLots({ movements: [...receipts(), out, back, ship, ret], runs: [], lots: [] });
    if (!r.ok) throw new Error(r.message);
    expect(r.movementValues.get(out.id)! + r.movementValues.get(back.id)!).toBe(0);
    expect(r.movementValues.get(ship.id)! + r.movementValues.get(ret.id)!).toBe(0);
    expect(r.lots.get(key('A', '1'))).toMatchObject({ onHandQty: 3_000, onHandValue: 10_001 });
  });

  it('averages a receipt that arrives after stock has left with what is left', () => {
    const movements = [mv('RECEIVE', 'A', '1', 2_000, { unitCost: 10_000 }), mv('SHIP', 'A', '1', -1_000), mv('RECEIVE', 'A', '1', 1_000, { unitCost: 20_000 }), mv('SHIP', 'A', '1', -1_000)];
    const r = costLots({ movements, runs: [], lots: [] });
    if (!r.ok) throw new Error(r.message);
    // Left: 1 at $1.00 + 1 at $2.00 = $3.00 for 2, so the second shipment costs $1.50.
    expect(r.movementValues.get(movements[3]!.id)).toBe(-15_000);
    expect(r.lots.get(key('A', '1'))).toMatchObject({ unitCost: 13_333, onHandValue: 15_000 });
  });

  it('stays exact when qty × unit cost is beyond floating point', () => {
    // 9,000,000 units at $99,999.9999: the product of the integers is about 9e18, past 2^53.
    const input: CostInput = { movements: [mv('RECEIVE', 'A', '1', 9_000_000_000, { unitCost: 999_999_999 })], runs: [], lots: [] };
    expect(lotOf(input, 'A', '1').totalValueIn).toBe(8_999_999_991_000_000);
  });
});

describe('costLots: long chains', () => {
  it('costs a tank topped up daily for ten years, each day consuming the day before (3,650 levels)', () => {
    const movements: CostMovement[] = [mv('RECEIVE', 'TANK', 'D0', 1_000, { unitCost: 10_000, date: '2015-01-01' })];
    const runs = [];
    for (let d = 1; d <= 3_650; d++) {
      const date = addDays('2015-01-01' as IsoDate, d);
      movements.push(mv('CONSUME', 'TANK', `D${d - 1}`, -1_000, { ref: `R${d}`, date }), mv('PRODUCE', 'TANK', `D${d}`, 1_000, { ref: `R${d}`, date }));
      runs.push(run(`R${d}`, 1));
    }
    // Rows in reverse: the costing follows dates, not row order.
    const r = costLots({ movements: movements.reverse(), runs, lots: [] });
    expect(r.ok && r.lots.get(key('TANK', 'D3650'))).toMatchObject({ totalValueIn: 10_000 + 3_650, onHandValue: 13_650 });
  });
});

describe('costLots: cycles', () => {
  it('costs rework that goes back into an ancestor lot later in time', () => {
    const input: CostInput = {
      movements: [
        mv('RECEIVE', 'A', '1', 2_000, { unitCost: 10_000, date: '2025-01-01' }),
        mv('CONSUME', 'A', '1', -1_000, { ref: 'R1', date: '2025-01-02' }),
        mv('PRODUCE', 'B', '1', 1_000, { ref: 'R1', date: '2025-01-02' }),
        mv('CONSUME', 'B', '1', -1_000, { ref: 'R2', date: '2025-01-03' }),
        mv('PRODUCE', 'A', '1', 1_000, { ref: 'R2', date: '2025-01-03' }),
      ],
      runs: [run('R1', 500), run('R2', 500)],
      lots: [],
    };
    expect(lotOf(input, 'A', '1')).toMatchObject({ onHandQty: 2_000, onHandValue: 21_000 });
  });

  it('returns an error naming the runs when a run needs its own output to be costed', () => {
    const input: CostInput = {
      movements: [mv('PRODUCE', 'A', '1', 1_000, { ref: 'R2' }), mv('CONSUME', 'A', '1', -1_000, { ref: 'R1' }), mv('PRODUCE', 'B', '1', 1_000, { ref: 'R1' }), mv('CONSUME', 'B', '1', -1_000, { ref: 'R2' })],
      runs: [run('R1', 0), run('R2', 0)],
      lots: [],
    };
    expect(costLots(input)).toEqual({ ok: false, code: 'cycle', runs: ['R1', 'R2'], message: expect.stringContaining('R1, R2') });
    expect(lotCostReport({ ...input, from: '2025-01-01' as IsoDate, to: '2025-12-31' as IsoDate })).toMatchObject({ ok: false, code: 'cycle' });
  });
});

describe('lotCostReport', () => {
  const input = (): CostInput => {
    const base = capsules();
    return {
      ...base,
      movements: [
        ...base.movements,
        mv('SHIP', 'CAPS', 'C1', -40_000, { date: '2025-03-05' }),
        mv('DESTROY', 'POWDER', 'P1', -1_000, { date: '2025-03-06' }),
        mv('ADJUST', 'SHELL', 'S1', -1_000, { date: '2025-03-07' }),
        mv('RETURN', 'CAPS', 'C1', 5_000, { date: '2025-03-08' }),
        mv('SHIP', 'CAPS', 'C1', -10_000, { date: '2025-04-02' }),
      ],
    };
  };

  it('shows opening, movements and closing of each lot, in quantity and value', () => {
    const r = lotCostReport({ ...input(), from: '2025-02-01' as IsoDate, to: '2025-03-31' as IsoDate });
    if (!r.ok) throw new Error(r.message);
    expect(r.rows.map((x) => x.lot)).toEqual(['C1', 'P1', 'S1']);
    const [caps, powder, shells] = r.rows;
    expect(caps).toMatchObject({
      opening: { qty: 0, value: 0 },
      produced: { qty: 100_000, value: 150_000 },
      shipped: { qty: 40_000, value: 60_000 },
      returned: { qty: 5_000, value: 7_500 },
      closing: { qty: 65_000, value: 97_500 },
      unitCost: 1_500,
    });
    expect(caps!.layers.map((l) => l.kind)).toEqual(['input', 'input', 'conversion']);
    expect(powder).toMatchObject({ opening: { qty: 10_000, value: 500_000 }, consumed: { qty: 2_000, value: 100_000 }, destroyed: { qty: 1_000, value: 50_000 }, closing: { qty: 7_000, value: 350_000 } });
    expect(shells).toMatchObject({ adjusted: { qty: -1_000, value: -200 }, closing: { qty: 899_000, value: 179_800 } });
    expect(r.totals.closing.value).toBe(97_500 + 350_000 + 179_800);
  });

  it('leaves out what happens after the period and lots with nothing to show', () => {
    const r = lotCostReport({ ...input(), from: '2025-03-06' as IsoDate, to: '2025-03-06' as IsoDate });
    if (!r.ok) throw new Error(r.message);
    expect(r.rows.map((x) => [x.lot, x.closing.qty])).toEqual([['C1', 60_000], ['P1', 7_000], ['S1', 900_000]]);
    const empty = lotCostReport({ movements: [mv('RECEIVE', 'A', '1', 1_000, { unitCost: 1, date: '2025-06-01' })], runs: [], lots: [], from: '2025-01-01' as IsoDate, to: '2025-01-31' as IsoDate });
    expect(empty.ok && empty.rows).toEqual([]);
  });

  it('refuses a period that ends before it starts', () => {
    expect(lotCostReport({ ...input(), from: '2025-03-02' as IsoDate, to: '2025-03-01' as IsoDate })).toMatchObject({ ok: false, code: 'bad-period' });
  });
});

describe('costLotsOf', () => {
  it('gives the lots asked about exactly the costs that costing the whole ledger gives them, from far fewer movements', () => {
    const w = generateWorkbook({ movements: 20_000, seed: 7 });
    const input: CostInput = { movements: w.Movements, runs: w.Runs, lots: w.Lots };
    const full = costLots(input);
    if (!full.ok) throw new Error(full.message);
    // Finished lots made three levels deep, blends, and raw lots, spread over the ledger.
    const produced = w.Movements.filter((m) => m.type === 'PRODUCE');
    const picks = [...produced.filter((m) => m.sku.startsWith('FG-')).slice(-5), ...produced.filter((m) => m.sku.startsWith('BL-')).slice(0, 3), ...w.Lots.filter((l) => l.sku.startsWith('RM-')).slice(0, 2)];
    expect(picks.length).toBe(10);
    for (const p of picks) {
      const some = costLotsOf(input, [p]);
      if (!some.ok) throw new Error(some.message);
      expect(some.lots.get(key(p.sku, p.lot))).toEqual(full.lots.get(key(p.sku, p.lot)));
      // Every lot of the Lots table gets a line either way; the movements costed are the lot's ancestry only.
      expect(some.movementValues.size).toBeLessThan(input.movements.length / 20);
    }
  });

  it('uses the PRODUCE rows of every output of a run, so a split over several outputs is the same', () => {
    const input: CostInput = {
      movements: [
        mv('RECEIVE', 'RM', 'A', 10_000, { unitCost: 20_000 }),
        mv('CONSUME', 'RM', 'A', -10_000, { ref: 'R1' }),
        mv('PRODUCE', 'FG', 'X', 3_000, { ref: 'R1' }),
        mv('PRODUCE', 'FG', 'Y', 7_000, { ref: 'R1' }),
        mv('SHIP', 'FG', 'Y', -7_000),
      ],
      runs: [run('R1', 10_001)],
      lots: [],
    };
    const some = costLotsOf(input, [{ sku: 'FG', lot: 'X' }]);
    if (!some.ok) throw new Error(some.message);
    expect(some.lots.get(key('FG', 'X'))).toEqual(lotOf(input, 'FG', 'X'));
    // 3 of 10 units of 200,000 + 10,001: the split needs Y's quantity, though Y is no ancestor of X.
    expect(some.lots.get(key('FG', 'X'))!.totalValueIn).toBe(63_000);
  });
});
