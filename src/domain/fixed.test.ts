import {
  parseScaled,
  addMoney,
  addQty,
  allocateMoney,
  extendCost,
  formatMoney,
  formatQty,
  moneyFromNumber,
  moneyToNumber,
  mulDivHalfEven,
  negQty,
  qtyFromNumber,
  qtyToNumber,
  sumMoney,
  sumQty,
  unitCostOf,
} from './fixed';
import type { Money, Qty } from './types';

const q = (n: number): Qty => n as Qty;
const m = (n: number): Money => n as Money;

describe('quantities', () => {
  it('adds 0.1 kg ten thousand times to exactly 1000 kg, where floating point drifts', () => {
    const tenth = qtyFromNumber(0.1) as Qty;
    const total = sumQty(new Array<Qty>(10000).fill(tenth));
    expect(total).toBe(qtyFromNumber(1000));
    expect(qtyToNumber(total)).toBe(1000);

    let float = 0;
    for (let i = 0; i < 10000; i++) float += 0.1;
    expect(float).not.toBe(1000);
  });

  it('reads numbers with up to 3 decimals and refuses more', () => {
    expect(qtyFromNumber(12.5)).toBe(12500);
    expect(qtyFromNumber(1.234)).toBe(1234);
    expect(qtyFromNumber(-0.001)).toBe(-1);
    expect(qtyFromNumber(1.2345)).toBeNull();
    expect(qtyFromNumber(0.0001)).toBeNull();
  });

  it('removes float noise left by formulas but keeps real decimals', () => {
    expect(qtyFromNumber(0.1 + 0.2)).toBe(300);
    expect(qtyFromNumber(1.1 * 3)).toBe(3300);
    expect(qtyFromNumber(1.0000001)).toBeNull();
  });

  it('refuses what is not a finite, exactly representable quantity', () => {
    expect(qtyFromNumber(Number.NaN)).toBeNull();
    expect(qtyFromNumber(Number.POSITIVE_INFINITY)).toBeNull();
    expect(qtyFromNumber(1e20)).toBeNull();
  });

  it('never produces negative zero', () => {
    expect(Object.is(qtyFromNumber(-0), 0)).toBe(true);
    expect(Object.is(negQty(q(0)), 0)).toBe(true);
    expect(negQty(q(1500))).toBe(-1500);
  });

  it('adds with addQty and sumQty alike', () => {
    expect(addQty(q(1), q(2), q(-3))).toBe(0);
    expect(addQty()).toBe(0);
    expect(sumQty(new Set([q(100), q(250)]))).toBe(350);
  });
});

describe('money', () => {
  it('reads up to 4 decimals', () => {
    expect(moneyFromNumber(0.0035)).toBe(35);
    expect(moneyFromNumber(3.1416)).toBe(31416);
    expect(moneyFromNumber(1.23456)).toBeNull();
    expect(moneyToNumber(m(35))).toBe(0.0035);
  });

  it('adds exactly', () => {
    expect(addMoney(m(1), m(2))).toBe(3);
    expect(sumMoney(new Array<Money>(1000).fill(moneyFromNumber(0.01) as Money))).toBe(moneyFromNumber(10));
  });
});

describe('extendCost (qty x unit cost, half to even at the fourth decimal)', () => {
  it('multiplies exactly when the result fits in four decimals', () => {
    // 12.5 kg at 3.1416 a kg is 39.27
    expect(extendCost(q(12500), m(31416))).toBe(392700);
    expect(extendCost(q(3000), m(15))).toBe(45);
  });

  it('rounds a half to the even ten-thousandth', () => {
    expect(extendCost(q(500), m(1))).toBe(0); // 0.00005 -> 0.0000
    expect(extendCost(q(1500), m(1))).toBe(2); // 0.00015 -> 0.0002
    expect(extendCost(q(2500), m(35))).toBe(88); // 0.00875 -> 0.0088
    expect(extendCost(q(3500), m(35))).toBe(122); // 0.01225 -> 0.0122
    expect(extendCost(q(-1500), m(1))).toBe(-2);
  });

  it('rounds anything but a half to the nearest', () => {
    expect(extendCost(q(1001), m(5))).toBe(5); // 0.0005005
    expect(extendCost(q(1999), m(5))).toBe(10); // 0.0009995
  });
});

describe('unitCostOf', () => {
  it('divides and rounds half to even', () => {
    expect(unitCostOf(m(392700), q(12500))).toBe(31416);
    expect(unitCostOf(m(10000), q(3000))).toBe(3333);
    expect(unitCostOf(m(20000), q(3000))).toBe(6667);
    expect(unitCostOf(m(5), q(2000))).toBe(2); // 0.00025 -> 0.0002
    expect(unitCostOf(m(100), q(-1000))).toBe(-100);
  });

  it('throws for a zero quantity, which has no unit cost', () => {
    expect(() => unitCostOf(m(100), q(0))).toThrow(RangeError);
  });
});

describe('mulDivHalfEven', () => {
  it('rounds a × b / d to the nearest integer, halves to even', () => {
    expect(mulDivHalfEven(10, 3, 4)).toBe(8); // 7.5 -> 8
    expect(mulDivHalfEven(10, 9, 4)).toBe(22); // 22.5 -> 22
    expect(mulDivHalfEven(100, 1, 3)).toBe(33); // 33.33 -> 33
    expect(mulDivHalfEven(200, 1, 3)).toBe(67); // 66.67 -> 67
    expect(mulDivHalfEven(7, 1, 2)).toBe(4); // 3.5 -> 4
  });

  it('follows the signs of ordinary arithmetic, rounding a negative half to even too', () => {
    expect(mulDivHalfEven(-10, 3, 4)).toBe(-8);
    expect(mulDivHalfEven(10, 9, -4)).toBe(-22);
    expect(mulDivHalfEven(-10, 9, -4)).toBe(22);
    expect(Object.is(mulDivHalfEven(-1, 1, 3), 0)).toBe(true); // no -0
  });

  it('stays exact when the product is beyond 2^53', () => {
    // 9e15 x 3 / 9 = 3e15 exactly; in doubles the product 2.7e16 would already have lost units.
    expect(mulDivHalfEven(9_000_000_000_000_001, 3, 9)).toBe(3_000_000_000_000_000);
    expect(mulDivHalfEven(4_503_599_627_370_497, 4_503_599_627_370_497, 4_503_599_627_370_497)).toBe(4_503_599_627_370_497);
  });

  it('throws for a zero divisor and a result out of the exact range (bugs, not data)', () => {
    expect(() => mulDivHalfEven(1, 1, 0)).toThrow(RangeError);
    expect(() => mulDivHalfEven(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(RangeError);
  });
});

describe('allocateMoney', () => {
  it('gives leftover units to the largest remainders, earlier parts first on ties', () => {
    expect(allocateMoney(m(1000000), [1, 1, 1])).toEqual([333334, 333333, 333333]);
    expect(allocateMoney(m(100), [1, 2])).toEqual([33, 67]);
    expect(allocateMoney(m(10), [3, 3, 4])).toEqual([3, 3, 4]);
  });

  it('splits by fractional weights and still sums exactly', () => {
    const parts = allocateMoney(m(10001), [0.5, 0.25, 0.25]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(10001);
    expect(parts).toEqual([5001, 2500, 2500]);
  });

  it('splits a negative total as the mirror of the positive one', () => {
    expect(allocateMoney(m(-100), [1, 2])).toEqual([-33, -67]);
  });

  it('splits evenly when every weight is zero, and nothing over no weights', () => {
    expect(allocateMoney(m(10), [0, 0, 0])).toEqual([4, 3, 3]);
    expect(allocateMoney(m(0), [])).toEqual([]);
    expect(() => allocateMoney(m(5), [])).toThrow(RangeError);
  });

  it('refuses negative or non-finite weights as bugs', () => {
    expect(() => allocateMoney(m(5), [1, -1])).toThrow(RangeError);
    expect(() => allocateMoney(m(5), [Number.NaN])).toThrow(RangeError);
  });
});

describe('formatting', () => {
  it('shows a quantity with the product decimals, rounding half away from zero like Excel', () => {
    expect(formatQty(q(12500), 2)).toBe('12.50');
    expect(formatQty(q(12500), 0)).toBe('13');
    expect(formatQty(q(-12500), 0)).toBe('-13');
    expect(formatQty(q(1), 3)).toBe('0.001');
    expect(formatQty(q(-1), 3)).toBe('-0.001');
    expect(formatQty(q(1234567), 1)).toBe('1234.6');
    expect(formatQty(q(400), 0)).toBe('0');
  });

  it('shows money with 2 decimals, or 3 or 4 when it has them', () => {
    expect(formatMoney(m(12500))).toBe('1.25');
    expect(formatMoney(m(10000))).toBe('1.00');
    expect(formatMoney(m(35))).toBe('0.0035');
    expect(formatMoney(m(12345))).toBe('1.2345');
    expect(formatMoney(m(12340))).toBe('1.234');
    expect(formatMoney(m(-5))).toBe('-0.0005');
    expect(formatMoney(m(0))).toBe('0.00');
  });
});

describe('parseScaled: the one decimal parser', () => {
  it('reads exact decimals and gives each refusal its own reason', () => {
    expect(parseScaled(' 12.50 ', 3, 3)).toEqual({ ok: true, value: 12500 });
    expect(parseScaled('1.2345', 3, 3)).toEqual({ ok: false, why: 'decimals' });
    expect(parseScaled('-1', 3, 3)).toEqual({ ok: false, why: 'negative' });
    expect(parseScaled('1,5', 3, 3)).toEqual({ ok: false, why: 'format' });
    expect(parseScaled('1e308', 3, 3)).toEqual({ ok: false, why: 'range' });
    expect(parseScaled('99999999999999999', 3, 3)).toEqual({ ok: false, why: 'range' });
  });
});
