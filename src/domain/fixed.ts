/**
 * Exact quantities and money: integers of the smallest unit (see types.ts), converted to and from decimal
 * numbers only at the edges (cells, forms, display).
 *
 * Rounding rules, in one place:
 * - Arithmetic that cannot stay exact (`extendCost`, `unitCostOf`, `mulDivHalfEven`) rounds half to even ("banker's rounding")
 *   to the nearest ten-thousandth, so that rounding errors do not drift one way over many lines.
 * - Display (`formatQty` with fewer decimals than the value has) rounds half away from zero, as Excel's number
 *   formats do, so that the pane shows what the cell shows.
 * - Reading a number never rounds a real decimal away: a value with more decimals than the scale holds is
 *   refused (null), after float noise such as 0.30000000000000004 has been removed.
 */
import type { Money, Qty } from './types';

/** A `Qty` counts thousandths of the SKU's unit. */
export const QTY_SCALE = 1000;
/** A `Money` amount counts ten-thousandths of the currency unit. */
export const MONEY_SCALE = 10000;

/**
 * `n * scale` as an integer, or null when `n` has more decimals than the scale holds or is not finite.
 * Float noise is removed by reading `n` to Excel's 15 significant digits, which is all a cell keeps.
 */
export function scaledFromNumber(n: number, scale: number): number | null {
  if (!Number.isFinite(n)) return null;
  let r = Math.round(n * scale);
  // Fast path: every decimal typed with at most log10(scale) decimals lands here, because r / scale is then
  // the correctly rounded double of that decimal, the very double `n` is.
  if (r / scale !== n) {
    const clean = Number(n.toPrecision(15));
    r = Math.round(clean * scale);
    if (r / scale !== clean) return null;
  }
  if (!Number.isSafeInteger(r)) return null;
  return r === 0 ? 0 : r; // no -0
}

export function qtyFromNumber(n: number): Qty | null {
  return scaledFromNumber(n, QTY_SCALE) as Qty | null;
}

export function qtyToNumber(q: Qty): number {
  return q / QTY_SCALE;
}

export function addQty(...qs: Qty[]): Qty {
  return sumQty(qs);
}

export function sumQty(qs: Iterable<Qty>): Qty {
  let s = 0;
  for (const q of qs) s += q;
  return checkedSum(s) as Qty;
}

export function negQty(q: Qty): Qty {
  return (q === 0 ? 0 : -q) as Qty;
}

export function moneyFromNumber(n: number): Money | null {
  return scaledFromNumber(n, MONEY_SCALE) as Money | null;
}

export function moneyToNumber(m: Money): number {
  return m / MONEY_SCALE;
}

export function addMoney(...ms: Money[]): Money {
  return sumMoney(ms);
}

export function sumMoney(ms: Iterable<Money>): Money {
  let s = 0;
  for (const m of ms) s += m;
  return checkedSum(s) as Money;
}

function checkedSum(s: number): number {
  // Integers add exactly below 2^53; beyond that a sum would silently lose units, which is a bug upstream.
  if (!Number.isSafeInteger(s)) throw new RangeError(`Sum out of the exact integer range: ${s}`);
  return s === 0 ? 0 : s;
}

/** n / d rounded half to even; d > 0. */
function divHalfEven(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const twice = (a % d) * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q += 1n;
  return neg ? -q : q;
}

function toSafe(b: bigint): number {
  const n = Number(b);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Amount out of the exact integer range: ${b}`);
  return n === 0 ? 0 : n;
}

/**
 * qty x unit cost. The exact product is in units of 1e-7 (thousandths x ten-thousandths); it is rounded half
 * to even to the nearest ten-thousandth: 0.0015 x 3 = 0.0045 exactly, 0.00015 cannot occur (Money has 4
 * decimals), 1.001 kg x 0.0005 = 0.0005005 -> 0.0005, 1.003 kg x 0.0005 = 0.0005015 -> 0.0005 (the 5 after
 * is not exactly half), 0.5 x 0.0001 = 0.00005 -> 0.0000 (half, to even).
 */
export function extendCost(qty: Qty, unitCost: Money): Money {
  return toSafe(divHalfEven(BigInt(qty) * BigInt(unitCost), BigInt(QTY_SCALE))) as Money;
}

/**
 * round(a × b / d), half to even, computed exactly (BigInt) however large the intermediate product: the general
 * multiply-divide behind proportional draws (costing's cumulative value drawn by c of Q units). Signs follow
 * ordinary arithmetic; d = 0 is a bug and throws, as does a result beyond the exact integer range.
 */
export function mulDivHalfEven(a: number, b: number, d: number): number {
  if (d === 0) throw new RangeError('mulDivHalfEven: division by zero');
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(d)) throw new RangeError(`mulDivHalfEven: not exact integers: ${a}, ${b}, ${d}`);
  let n = BigInt(a) * BigInt(b);
  let den = BigInt(d);
  if (den < 0n) {
    n = -n;
    den = -den;
  }
  return toSafe(divHalfEven(n, den));
}

/**
 * total / qty: the unit cost, rounded half to even to the nearest ten-thousandth.
 * A zero quantity has no unit cost: callers check for it first (calling with 0 is a bug and throws).
 */
export function unitCostOf(total: Money, qty: Qty): Money {
  if (qty === 0) throw new RangeError('unitCostOf: quantity is 0');
  let n = BigInt(total) * BigInt(QTY_SCALE);
  let d = BigInt(qty);
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  return toSafe(divHalfEven(n, d)) as Money;
}

/**
 * Splits `total` in proportion to `weights` (largest-remainder method): every part is the floor of its exact
 * share, and the units left over go one each to the parts with the largest remainders (ties: earlier part
 * first). The parts always add up to `total` exactly. All-zero weights split evenly. Integer weights (such as
 * quantities) are split exactly; fractional weights use floating-point shares, which can only change which
 * part gets a leftover unit, never the sum. A negative total is split as its magnitude, then negated.
 * Weights must be finite and not negative (anything else is a bug and throws).
 */
export function allocateMoney(total: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError('allocateMoney: no weights to allocate to');
  }
  let allInts = true;
  let sumW = 0;
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`allocateMoney: bad weight ${w}`);
    if (!Number.isSafeInteger(w)) allInts = false;
    sumW += w;
  }
  const ws = sumW === 0 ? weights.map(() => 1) : weights;
  const magnitude = Math.abs(total);
  const parts = allInts || sumW === 0 ? splitExact(magnitude, ws) : splitFloat(magnitude, ws);
  return parts.map((p) => (total < 0 && p !== 0 ? -p : p) as Money);
}

/**
 * Gives the `leftover` units (negative: takes them back) one each to the parts ranked first by `cmp`
 * (largest remainder first; for taking back, the order is reversed).
 */
function distribute(floors: number[], cmp: (a: number, b: number) => number, leftover: number): number[] {
  const order = floors.map((_, i) => i);
  order.sort(leftover >= 0 ? (a, b) => cmp(a, b) || a - b : (a, b) => cmp(b, a) || a - b);
  const step = leftover >= 0 ? 1 : -1;
  for (let k = 0; k < Math.abs(leftover); k++) {
    const i = order[k % order.length] as number;
    floors[i] = (floors[i] as number) + step;
  }
  return floors;
}

function splitExact(total: number, weights: readonly number[]): number[] {
  const t = BigInt(total);
  let sumW = 0n;
  for (const w of weights) sumW += BigInt(w);
  const floors: number[] = [];
  const remainders: bigint[] = [];
  let given = 0;
  for (const w of weights) {
    const share = t * BigInt(w);
    const f = Number(share / sumW);
    floors.push(f);
    remainders.push(share % sumW);
    given += f;
  }
  const cmp = (a: number, b: number): number => {
    const ra = remainders[a] as bigint;
    const rb = remainders[b] as bigint;
    return rb > ra ? 1 : rb < ra ? -1 : 0;
  };
  return distribute(floors, cmp, total - given);
}

function splitFloat(total: number, weights: readonly number[]): number[] {
  let sumW = 0;
  for (const w of weights) sumW += w;
  const floors: number[] = [];
  const remainders: number[] = [];
  let given = 0;
  for (const w of weights) {
    const share = (total * w) / sumW;
    const f = Math.floor(share);
    floors.push(f);
    remainders.push(share - f);
    given += f;
  }
  return distribute(floors, (a, b) => (remainders[b] as number) - (remainders[a] as number), total - given);
}

/** `units / 10^digits` as a plain decimal string (no grouping, '.' as separator): 12345, 3 -> "12.345". */
function formatScaled(units: number, digits: number): string {
  const neg = units < 0;
  const a = Math.abs(units);
  let s = String(a);
  if (digits > 0) {
    s = s.padStart(digits + 1, '0');
    s = `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  }
  return neg ? `-${s}` : s;
}

/** Rounds half away from zero, as Excel's number formats display. */
function divHalfAway(n: number, d: number): number {
  const a = Math.abs(n);
  const q = Math.floor(a / d) + ((a % d) * 2 >= d ? 1 : 0);
  return n < 0 && q !== 0 ? -q : q;
}

/**
 * A quantity with exactly `decimals` decimals (0 to 3, the product's `decimals`): formatQty(12500, 2) ->
 * "12.50". No grouping separator, '.' for the decimal point: the UI localizes if it wants to.
 */
export function formatQty(q: Qty, decimals: number): string {
  const d = Math.min(3, Math.max(0, Math.trunc(decimals)));
  const step = 10 ** (3 - d);
  return formatScaled(divHalfAway(q, step), d);
}

/** An amount with 2 decimals, or 3 or 4 when it has them: 12500 -> "1.25", 35 -> "0.0035", 10000 -> "1.00". */
export function formatMoney(m: Money): string {
  let s = formatScaled(m, 4);
  if (s.endsWith('0')) s = s.slice(0, -1);
  if (s.endsWith('0')) s = s.slice(0, -1);
  return s;
}

export type ParsedDecimal = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly why: 'format' | 'negative' | 'decimals' | 'range' };

/**
 * The one decimal parser: exact decimal text to an integer of 10^scaleDigits units, with at most `maxDecimals`
 * significant decimals. Text, not a float, so that 0.1 + 0.2 problems never start. Only '.' is a decimal point:
 * '1,000' is one thousand in one country and one in another, so a comma is refused rather than guessed. Numbers
 * too large to count exactly (1e308, or more digits than a safe integer holds) are 'range', not 'format'.
 */
export function parseScaled(text: string, scaleDigits: number, maxDecimals: number): ParsedDecimal {
  const s = text.trim();
  if (/^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$/.test(s)) return { ok: false, why: Number.isFinite(Number(s)) && Math.abs(Number(s)) < 1e15 ? 'format' : 'range' };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return { ok: false, why: 'format' };
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > maxDecimals) return { ok: false, why: 'decimals' };
  const units = Number(m[2] || '0') * 10 ** scaleDigits + Number(frac.padEnd(scaleDigits, '0') || '0');
  if (!Number.isSafeInteger(units)) return { ok: false, why: 'range' };
  if (m[1] === '-' && units !== 0) return { ok: false, why: 'negative' };
  return { ok: true, value: units };
}
