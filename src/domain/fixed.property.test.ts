import fc from 'fast-check';
import { allocateMoney, extendCost, formatMoney, moneyFromNumber, qtyFromNumber, qtyToNumber, sumMoney, sumQty, unitCostOf } from './fixed';
import type { Money, Qty } from './types';

const runs = { numRuns: 200 };
const qty = fc.integer({ min: -1e12, max: 1e12 }).map((n) => n as Qty);
// Realistic ranges for costing: up to a million units at up to 10,000 a unit.
const costQty = fc.integer({ min: -1e9, max: 1e9 }).map((n) => n as Qty);
const money = fc.integer({ min: -1e11, max: 1e11 }).map((n) => n as Money);

describe('fixed-point properties', () => {
  it('sums are commutative', () => {
    fc.assert(
      fc.property(fc.array(qty, { maxLength: 30 }), fc.nat(), (qs, seed) => {
        const shuffled = [...qs].sort((a, b) => ((a * 31 + seed) % 7) - ((b * 31 + seed) % 7));
        expect(sumQty(shuffled)).toBe(sumQty(qs));
      }),
      runs,
    );
  });

  it('sums are associative', () => {
    fc.assert(
      fc.property(fc.array(money, { maxLength: 30 }), fc.nat(), (ms, cut) => {
        const k = ms.length === 0 ? 0 : cut % ms.length;
        expect(sumMoney([sumMoney(ms.slice(0, k)), sumMoney(ms.slice(k))])).toBe(sumMoney(ms));
      }),
      runs,
    );
  });

  it('a quantity survives the trip to a cell number and back', () => {
    fc.assert(fc.property(qty, (q) => expect(qtyFromNumber(qtyToNumber(q))).toBe(q)), runs);
  });

  it('formatted money reads back as the same amount', () => {
    fc.assert(fc.property(money, (m) => expect(moneyFromNumber(Number(formatMoney(m)))).toBe(m)), runs);
  });

  it('allocateMoney parts sum to the total and each is within one unit of its exact share', () => {
    fc.assert(
      fc.property(money, fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        const parts = allocateMoney(total, weights);
        expect(parts).toHaveLength(weights.length);
        expect(sumMoney(parts)).toBe(total);
        const sumW = weights.reduce((a, b) => a + b, 0) || weights.length;
        parts.forEach((p, i) => {
          const w = weights.reduce((a, b) => a + b, 0) === 0 ? 1 : (weights[i] as number);
          // |p - total * w / sumW| < 1, checked exactly: |p * sumW - total * w| < sumW
          const diff = BigInt(p) * BigInt(sumW) - BigInt(total) * BigInt(w);
          expect(diff < 0n ? -diff : diff).toBeLessThan(BigInt(sumW));
        });
      }),
      runs,
    );
  });

  it('allocateMoney with fractional weights still sums to the total', () => {
    fc.assert(
      fc.property(money, fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        expect(sumMoney(allocateMoney(total, weights))).toBe(total);
      }),
      runs,
    );
  });

  it('extendCost is within half a ten-thousandth of the exact product', () => {
    fc.assert(
      fc.property(costQty, fc.integer({ min: -1e8, max: 1e8 }), (q, c) => {
        const exact = BigInt(q) * BigInt(c); // in 1e-7 units
        const diff = BigInt(extendCost(q, c as Money)) * 1000n - exact;
        expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(500n);
      }),
      runs,
    );
  });

  it('unitCostOf(extendCost(q, c), q) gives c back within the rounding of both steps', () => {
    fc.assert(
      fc.property(costQty.filter((q) => q !== 0), fc.integer({ min: -1e8, max: 1e8 }), (q, c) => {
        const back = unitCostOf(extendCost(q, c as Money), q);
        // |back - c| <= 0.5 + 500 / |q|, i.e. 2 |q| |back - c| <= |q| + 1000
        const d = BigInt(Math.abs(back - c));
        const aq = BigInt(Math.abs(q));
        expect(2n * aq * d).toBeLessThanOrEqual(aq + 1000n);
      }),
      runs,
    );
  });

  it('extendCost with whole units is exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e8, max: 1e8 }), (units, c) => {
        expect(extendCost((units * 1000) as Qty, c as Money)).toBe(units * c || 0);
      }),
      runs,
    );
  });
});
