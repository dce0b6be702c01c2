import { allocateFefo, type FefoLot } from './fefo';
import type { IsoDate, LotKey, LotStatus, Qty } from './types';

const d = (s: string) => s as IsoDate;
const q = (n: number) => n as Qty;
const key = (sku: string, lot: string) => `${sku}\u0000${lot}` as LotKey;

function lot(lotCode: string, onHand: number, expiry: string | null, extra: { sku?: string; status?: LotStatus; received?: string | null; location?: string } = {}): FefoLot {
  return {
    sku: extra.sku ?? 'VITC',
    lot: lotCode,
    expiry: expiry === null ? null : d(expiry),
    received: extra.received === undefined ? d('2024-01-01') : extra.received === null ? null : d(extra.received),
    status: extra.status ?? 'released',
    onHand: q(onHand),
    ...(extra.location ? { location: extra.location } : {}),
  };
}
const line = (id: string, qty: number, extra: { sku?: string; minShelfLifeDays?: number } = {}) => ({ id, sku: extra.sku ?? 'VITC', qty: q(qty), ...(extra.minShelfLifeDays !== undefined ? { minShelfLifeDays: extra.minShelfLifeDays } : {}) });
const SHIP = d('2025-06-01');

describe('allocateFefo', () => {
  it('picks the earliest expiry first and spills over into the next lot', () => {
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 150)], lots: [lot('B', 100, '2026-03-01'), lot('A', 100, '2025-12-01', { location: 'R1' })] });
    expect(r.picks).toEqual([
      { lineId: 'L1', sku: 'VITC', lot: 'A', qty: 100, expiry: '2025-12-01', location: 'R1' },
      { lineId: 'L1', sku: 'VITC', lot: 'B', qty: 50, expiry: '2026-03-01' },
    ]);
    expect(r.shortfalls).toEqual([]);
  });

  it('uses lots without expiry last', () => {
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 120)], lots: [lot('NOEXP', 100, null), lot('LATE', 100, '2030-01-01')] });
    expect(r.picks.map((p) => [p.lot, p.qty])).toEqual([['LATE', 100], ['NOEXP', 20]]);
    expect(r.picks[1]).not.toHaveProperty('expiry');
  });

  it('breaks expiry ties by received date (undated last), then by lot code', () => {
    const lots = [
      lot('Z', 10, '2026-01-01', { received: '2024-01-01' }),
      lot('Y', 10, '2026-01-01', { received: null }),
      lot('X', 10, '2026-01-01', { received: '2024-02-01' }),
      lot('W', 10, '2026-01-01', { received: '2024-01-01' }),
    ];
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 40)], lots });
    expect(r.picks.map((p) => p.lot)).toEqual(['W', 'Z', 'X', 'Y']);
  });

  it('only uses released lots and explains where the rest of the stock is stuck', () => {
    const lots = [
      lot('Q', 10, '2025-07-01', { status: 'quarantine' }),
      lot('H', 20, '2025-07-01', { status: 'hold' }),
      lot('R', 30, '2025-07-01', { status: 'recalled' }),
      lot('X', 40, '2025-07-01', { status: 'rejected' }),
      lot('OK', 5, '2025-07-01'),
    ];
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 50)], lots });
    expect(r.picks).toEqual([{ lineId: 'L1', sku: 'VITC', lot: 'OK', qty: 5, expiry: '2025-07-01' }]);
    expect(r.shortfalls).toEqual([
      {
        lineId: 'L1',
        sku: 'VITC',
        qty: 45,
        reasons: [
          { code: 'quarantine', qty: 10 },
          { code: 'hold', qty: 20 },
          { code: 'recalled', qty: 30 },
          { code: 'rejected', qty: 40 },
          { code: 'not-enough-stock', qty: 45 },
        ],
      },
    ]);
  });

  it('never ships a lot that expires before the ship date, but may ship one expiring on it', () => {
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 30)], lots: [lot('OLD', 100, '2025-05-31'), lot('TODAY', 10, '2025-06-01')] });
    expect(r.picks.map((p) => [p.lot, p.qty])).toEqual([['TODAY', 10]]);
    expect(r.shortfalls[0]!.reasons).toEqual([
      { code: 'expired', qty: 100 },
      { code: 'not-enough-stock', qty: 20 },
    ]);
  });

  it('requires at least the minimum shelf life in whole days between ship date and expiry', () => {
    // 2025-06-01 + 30 days = 2025-07-01.
    const lots = [lot('29D', 10, '2025-06-30'), lot('30D', 10, '2025-07-01'), lot('NOEXP', 10, null)];
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 25, { minShelfLifeDays: 30 })], lots });
    expect(r.picks.map((p) => [p.lot, p.qty])).toEqual([['30D', 10], ['NOEXP', 10]]);
    expect(r.shortfalls).toEqual([{ lineId: 'L1', sku: 'VITC', qty: 5, reasons: [{ code: 'short-shelf-life', qty: 10 }, { code: 'not-enough-stock', qty: 5 }] }]);
  });

  it('lets a line without a shelf-life limit take the short-dated stock a demanding line left', () => {
    const lots = [lot('SOON', 10, '2025-06-10'), lot('LATER', 10, '2026-06-10')];
    const r = allocateFefo({ shipDate: SHIP, lines: [line('STRICT', 10, { minShelfLifeDays: 180 }), line('ANY', 10)], lots });
    expect(r.picks.map((p) => [p.lineId, p.lot, p.qty])).toEqual([['STRICT', 'LATER', 10], ['ANY', 'SOON', 10]]);
    expect(r.shortfalls).toEqual([]);
  });

  it('never gives the same stock to two lines, serving lines in priority order', () => {
    const lots = [lot('A', 10, '2025-09-01'), lot('B', 10, '2025-10-01')];
    const r = allocateFefo({ shipDate: SHIP, lines: [line('FIRST', 15), line('SECOND', 15)], lots });
    expect(r.picks.map((p) => [p.lineId, p.lot, p.qty])).toEqual([['FIRST', 'A', 10], ['FIRST', 'B', 5], ['SECOND', 'B', 5]]);
    expect(r.shortfalls).toEqual([
      { lineId: 'SECOND', sku: 'VITC', qty: 10, reasons: [{ code: 'allocated-to-earlier-lines', qty: 15 }, { code: 'not-enough-stock', qty: 10 }] },
    ]);
  });

  it('does not offer stock already reserved on open pick lists', () => {
    const lots = [lot('A', 10, '2025-09-01'), lot('B', 10, '2025-10-01')];
    const reserved = new Map([[key('VITC', 'A'), q(8)]]);
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 20)], lots, reserved });
    expect(r.picks.map((p) => [p.lot, p.qty])).toEqual([['A', 2], ['B', 10]]);
    expect(r.shortfalls[0]).toEqual({ lineId: 'L1', sku: 'VITC', qty: 8, reasons: [{ code: 'reserved', qty: 8 }, { code: 'not-enough-stock', qty: 8 }] });
  });

  it('treats a reservation larger than the stock as all of the stock', () => {
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 5)], lots: [lot('A', 10, '2025-09-01')], reserved: new Map([[key('VITC', 'A'), q(99)]]) });
    expect(r.picks).toEqual([]);
    expect(r.shortfalls[0]!.reasons).toEqual([{ code: 'reserved', qty: 10 }, { code: 'not-enough-stock', qty: 5 }]);
  });

  it('reports no-lots when the SKU has no lot with stock', () => {
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 5, { sku: 'NONE' }), line('L2', 5)], lots: [lot('EMPTY', 0, '2026-01-01'), lot('NEG', -3, '2026-01-01')] });
    expect(r.picks).toEqual([]);
    expect(r.shortfalls).toEqual([
      { lineId: 'L1', sku: 'NONE', qty: 5, reasons: [{ code: 'no-lots', qty: 5 }] },
      { lineId: 'L2', sku: 'VITC', qty: 5, reasons: [{ code: 'no-lots', qty: 5 }] },
    ]);
  });

  it('keeps SKUs apart', () => {
    const lots = [lot('A', 10, '2025-07-01', { sku: 'ZINC' }), lot('B', 10, '2025-08-01')];
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 5), line('L2', 5, { sku: 'ZINC' })], lots });
    expect(r.picks.map((p) => [p.lineId, p.sku, p.lot])).toEqual([['L1', 'VITC', 'B'], ['L2', 'ZINC', 'A']]);
  });

  it('ignores lines with nothing to pick', () => {
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L0', 0)], lots: [lot('A', 10, '2025-07-01')] });
    expect(r).toEqual({ picks: [], shortfalls: [] });
  });

  it('accepts the Lots entity as it comes from the workbook', () => {
    const entity = { sku: 'VITC', lot: 'A', supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: d('2026-01-01'), received: d('2025-01-01'), status: 'released' as const, unitCost: null, location: '', coaRef: '', onHand: q(3) };
    const r = allocateFefo({ shipDate: SHIP, lines: [line('L1', 3)], lots: [entity] });
    expect(r.picks).toEqual([{ lineId: 'L1', sku: 'VITC', lot: 'A', qty: 3, expiry: '2026-01-01' }]);
  });
});
