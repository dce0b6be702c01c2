import fc from 'fast-check';
import { allocateFefo, type FefoInput, type FefoLot } from './fefo';
import { LOT_STATUSES, type IsoDate, type LotKey, type Qty } from './types';

const SHIP_DAY = Date.UTC(2025, 5, 1) / 86_400_000;
const SHIP = '2025-06-01' as IsoDate;
const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10) as IsoDate;
const dayOf = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
const key = (sku: string, lot: string) => `${sku}\u0000${lot}` as LotKey;

const skuArb = fc.constantFrom('A', 'B', 'C');
const lotArb = fc.record({
  sku: skuArb,
  // Expiries around the ship date, so that expired, short-dated and long-dated lots all occur; some have none.
  expiryOffset: fc.option(fc.integer({ min: -20, max: 60 }), { nil: null }),
  receivedOffset: fc.option(fc.integer({ min: -400, max: 0 }), { nil: null }),
  status: fc.constantFrom(...LOT_STATUSES, 'released', 'released'),
  onHand: fc.integer({ min: -5, max: 50 }),
  reserved: fc.integer({ min: 0, max: 60 }),
});
const inputArb = fc
  .record({
    lots: fc.array(lotArb, { maxLength: 25 }),
    lines: fc.array(fc.record({ sku: skuArb, qty: fc.integer({ min: 0, max: 80 }), min: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }) }), { maxLength: 10 }),
  })
  .map(({ lots, lines }) => {
    const reserved = new Map<LotKey, Qty>();
    const fefoLots: FefoLot[] = lots.map((l, i) => {
      const code = `L${i}`;
      if (l.reserved > 0) reserved.set(key(l.sku, code), l.reserved as Qty);
      return {
        sku: l.sku,
        lot: code,
        expiry: l.expiryOffset === null ? null : iso(SHIP_DAY + l.expiryOffset),
        received: l.receivedOffset === null ? null : iso(SHIP_DAY + l.receivedOffset),
        status: l.status,
        onHand: l.onHand as Qty,
      };
    });
    const input: FefoInput = {
      shipDate: SHIP,
      lots: fefoLots,
      reserved,
      lines: lines.map((l, i) => ({ id: `O${i}`, sku: l.sku, qty: l.qty as Qty, ...(l.min !== undefined ? { minShelfLifeDays: l.min } : {}) })),
    };
    return input;
  });

function freeStock(input: FefoInput, l: FefoLot): number {
  const onHand = Math.max(0, l.onHand ?? 0);
  return Math.max(0, onHand - (input.reserved?.get(key(l.sku, l.lot)) ?? 0));
}
function eligibleFor(l: FefoLot, sku: string, minDays: number | null | undefined): boolean {
  if (l.sku !== sku || l.status !== 'released') return false;
  if (!l.expiry) return true;
  const left = dayOf(l.expiry) - SHIP_DAY;
  return left >= 0 && left >= (minDays ?? 0);
}
const expiryRank = (l: FefoLot) => (l.expiry ? dayOf(l.expiry) : Number.POSITIVE_INFINITY);

describe('allocateFefo properties', () => {
  it('never picks more than the free stock of a lot, and never an ineligible lot', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { picks } = allocateFefo(input);
        const byLot = new Map(input.lots.map((l) => [key(l.sku, l.lot), l]));
        const used = new Map<string, number>();
        for (const p of picks) {
          const l = byLot.get(key(p.sku, p.lot))!;
          const ln = input.lines.find((x) => x.id === p.lineId)!;
          expect(p.qty).toBeGreaterThan(0);
          expect(eligibleFor(l, ln.sku, ln.minShelfLifeDays)).toBe(true);
          used.set(key(p.sku, p.lot), (used.get(key(p.sku, p.lot)) ?? 0) + p.qty);
        }
        for (const [k, qty] of used) expect(qty).toBeLessThanOrEqual(freeStock(input, byLot.get(k as LotKey)!));
      }),
      { numRuns: 200 },
    );
  });

  it("gives each line exactly its quantity between picks and shortfall", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { picks, shortfalls } = allocateFefo(input);
        for (const ln of input.lines) {
          const picked = picks.filter((p) => p.lineId === ln.id).reduce((s, p) => s + p.qty, 0);
          const short = shortfalls.filter((s) => s.lineId === ln.id).reduce((s, x) => s + x.qty, 0);
          expect(picked + short).toBe(Math.max(0, ln.qty));
          for (const s of shortfalls.filter((x) => x.lineId === ln.id)) expect(s.reasons.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is FEFO-ordered: no picked lot expires later than an eligible lot left with stock for the same line', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { picks } = allocateFefo(input);
        const left = new Map(input.lots.map((l) => [key(l.sku, l.lot), freeStock(input, l)]));
        for (const p of picks) left.set(key(p.sku, p.lot), left.get(key(p.sku, p.lot))! - p.qty);
        for (const p of picks) {
          const ln = input.lines.find((x) => x.id === p.lineId)!;
          const picked = input.lots.find((l) => l.sku === p.sku && l.lot === p.lot)!;
          for (const other of input.lots) {
            if (!eligibleFor(other, ln.sku, ln.minShelfLifeDays) || left.get(key(other.sku, other.lot))! <= 0) continue;
            expect(expiryRank(picked)).toBeLessThanOrEqual(expiryRank(other));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('leaves a line short only when no eligible stock is left for it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { picks, shortfalls } = allocateFefo(input);
        const left = new Map(input.lots.map((l) => [key(l.sku, l.lot), freeStock(input, l)]));
        for (const p of picks) left.set(key(p.sku, p.lot), left.get(key(p.sku, p.lot))! - p.qty);
        for (const s of shortfalls) {
          const ln = input.lines.find((x) => x.id === s.lineId)!;
          const stillThere = input.lots.filter((l) => eligibleFor(l, ln.sku, ln.minShelfLifeDays) && left.get(key(l.sku, l.lot))! > 0);
          expect(stillThere).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
