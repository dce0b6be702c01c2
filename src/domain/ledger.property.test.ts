import fc from 'fast-check';
import { lotKey } from './codec';
import { onHandByLot, onHandByLotLocation } from './ledger';
import type { IsoDate, Movement, MovementType, Qty } from './types';

const movement = fc.record({
  type: fc.constantFrom<MovementType>('RECEIVE', 'CONSUME', 'ADJUST', 'SHIP'),
  sku: fc.constantFrom('A', 'B'),
  lot: fc.constantFrom('1', '2', '3'),
  location: fc.constantFrom('', 'X', 'Y'),
  qty: fc.integer({ min: -1e9, max: 1e9 }).filter((q) => q !== 0),
});

function toMovements(rows: readonly { type: MovementType; sku: string; lot: string; location: string; qty: number }[]): Movement[] {
  return rows.map((r, i) => ({ ...r, id: `M${i}`, date: '2026-01-01' as IsoDate, qty: r.qty as Qty, ref: '', unitCost: null, user: '', note: '' }));
}

describe('ledger properties', () => {
  it('the locations of a lot add up to the lot', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 40 }), (rows) => {
        const ms = toMovements(rows);
        const byLot = onHandByLot(ms);
        const byLoc = onHandByLotLocation(ms);
        expect([...byLoc.keys()].sort()).toEqual([...byLot.keys()].sort());
        for (const [k, locations] of byLoc) expect([...locations.values()].reduce((a, b) => a + b, 0)).toBe(byLot.get(k));
      }),
      { numRuns: 200 },
    );
  });

  it('a transfer (a -q row and a +q row) changes locations but not the lot', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 20 }), fc.integer({ min: 1, max: 1e6 }), (rows, q) => {
        const ms = toMovements(rows);
        const base = { id: 'T', date: '2026-01-02' as IsoDate, type: 'TRANSFER' as const, sku: 'A', lot: '1', ref: 'TR-1', unitCost: null, user: '', note: '' };
        const moved = [...ms, { ...base, id: 'T1', location: 'X', qty: -q as Qty }, { ...base, id: 'T2', location: 'Y', qty: q as Qty }];
        const before = onHandByLot(ms).get(lotKey('A', '1')) ?? 0;
        expect(onHandByLot(moved).get(lotKey('A', '1'))).toBe(before);
        const locBefore = onHandByLotLocation(ms).get(lotKey('A', '1'));
        const locAfter = onHandByLotLocation(moved).get(lotKey('A', '1'));
        expect(locAfter?.get('X')).toBe((locBefore?.get('X') ?? 0) - q);
        expect(locAfter?.get('Y')).toBe((locBefore?.get('Y') ?? 0) + q);
      }),
      { numRuns: 200 },
    );
  });
});
