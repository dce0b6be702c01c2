import fc from 'fast-check';
import { fingerprintRows, planTableSync } from './mirror-sync';
import type { IsoDate, Movement, Qty } from '../domain/types';

const movement = fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), qty: fc.integer({ min: -5000, max: 5000 }), note: fc.string({ maxLength: 4 }) }).map(
  (r): Movement => ({ id: r.id, date: '2026-11-30' as IsoDate, type: 'ADJUST', sku: 'S', lot: 'L', qty: r.qty as Qty, location: '', ref: '', unitCost: null, user: '', note: r.note }),
);

describe('planTableSync (properties)', () => {
  it('recognises any append-only change as an append of exactly the new rows', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 20 }), fc.array(movement, { minLength: 1, maxLength: 10 }), (old, added) => {
        const stored = { rows: old.length, fingerprint: fingerprintRows('Movements', old).full };
        const plan = planTableSync('Movements', stored, [...old, ...added]);
        return plan.kind === 'append' && plan.from === old.length && plan.rows === old.length + added.length;
      }),
      { numRuns: 200 },
    );
  });
  it('never calls a changed row unchanged or appended', () => {
    fc.assert(
      fc.property(fc.array(movement, { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 999 }), (old, at, delta) => {
        const i = at % old.length;
        const edited = old.map((r, j) => (j === i ? { ...r, qty: (r.qty + delta) as Qty } : r));
        const stored = { rows: old.length, fingerprint: fingerprintRows('Movements', old).full };
        return planTableSync('Movements', stored, edited).kind === 'rebuild';
      }),
      { numRuns: 200 },
    );
  });
});
