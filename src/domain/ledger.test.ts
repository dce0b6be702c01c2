import { lotKey } from './codec';
import { allowedStatusChanges, changeStatus, effectiveStatus, onHandByLot, onHandByLotLocation, refreshOnHand, STATUS_CHANGE_ACTION } from './ledger';
import type { IsoDate, IsoDateTime, Lot, LotStatus, Movement, MovementType, Qty } from './types';

let n = 0;
function mv(type: MovementType, lot: string, qty: number, location = 'A', sku = 'VITC', ref = ''): Movement {
  n += 1;
  return { id: `M${n}`, date: '2026-01-10' as IsoDate, type, sku, lot, qty: qty as Qty, location, ref, unitCost: null, user: 'ana', note: '' };
}

function lot(status: LotStatus, over: Partial<Lot> = {}): Lot {
  return {
    sku: 'VITC', lot: 'L1', supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: '2026-06-30' as IsoDate,
    received: null, status, unitCost: null, location: 'A', coaRef: '', onHand: null, ...over,
  };
}

const at = { user: 'ana', why: 'COA out of spec', when: '2026-03-01T09:30:00' as IsoDateTime, id: 'LOG-1' };

describe('on hand', () => {
  const movements = [
    mv('RECEIVE', 'L1', 10000),
    mv('CONSUME', 'L1', -2500),
    mv('RECEIVE', 'L2', 5000),
    mv('TRANSFER', 'L1', -4000, 'A', 'VITC', 'T1'),
    mv('TRANSFER', 'L1', 4000, 'B', 'VITC', 'T1'),
    mv('RECEIVE', 'L1', 1000, 'A', 'ZINC'),
    mv('SHIP', 'L2', -5000),
  ];

  it('sums movements per lot; a transfer leaves the total unchanged; lots are told apart by SKU', () => {
    const byLot = onHandByLot(movements);
    expect(byLot.get(lotKey('VITC', 'L1'))).toBe(7500);
    expect(byLot.get(lotKey('ZINC', 'L1'))).toBe(1000);
    expect(byLot.get(lotKey('VITC', 'L2'))).toBe(0);
    expect(byLot.size).toBe(3);
  });

  it('sums per location: a transfer moves stock from one location to the other', () => {
    const byLoc = onHandByLotLocation(movements);
    expect(byLoc.get(lotKey('VITC', 'L1'))).toEqual(new Map([['A', 3500], ['B', 4000]]));
    expect(byLoc.get(lotKey('VITC', 'L2'))).toEqual(new Map([['A', 0]]));
  });

  it('refreshes the stored copy and keeps lots that were right as they are', () => {
    const right = lot('released', { lot: 'L1', onHand: 7500 as Qty });
    const stale = lot('released', { lot: 'L2', onHand: 5000 as Qty });
    const none = lot('quarantine', { lot: 'L3', onHand: null });
    const next = refreshOnHand([right, stale, none], movements);
    expect(next[0]).toBe(right);
    expect(next[1]).toEqual({ ...stale, onHand: 0 });
    expect(next[2]).toEqual({ ...none, onHand: 0 });
    expect(stale.onHand).toBe(5000);
  });
});

describe('effectiveStatus', () => {
  it('is expired for released or quarantined lots after their expiry day, not on it', () => {
    expect(effectiveStatus(lot('released'), '2026-06-30' as IsoDate)).toBe('released');
    expect(effectiveStatus(lot('released'), '2026-07-01' as IsoDate)).toBe('expired');
    expect(effectiveStatus(lot('quarantine'), '2026-07-01' as IsoDate)).toBe('expired');
  });

  it('keeps hold, recalled and rejected, and never expires a lot without expiry', () => {
    for (const s of ['hold', 'recalled', 'rejected'] as const) expect(effectiveStatus(lot(s), '2027-01-01' as IsoDate)).toBe(s);
    expect(effectiveStatus(lot('released', { expiry: null }), '2099-01-01' as IsoDate)).toBe('released');
  });
});

describe('changeStatus', () => {
  it('releases a lot from quarantine and logs who, when, what and why', () => {
    const r = changeStatus(lot('quarantine'), 'released', { ...at, why: '' });
    expect(r).toEqual({
      ok: true,
      lot: lot('released'),
      log: { id: 'LOG-1', when: '2026-03-01T09:30:00', user: 'ana', action: STATUS_CHANGE_ACTION, table: 'Lots', key: 'VITC / L1', from: 'quarantine', to: 'released', why: '' },
    });
  });

  it.each<[LotStatus, LotStatus]>([
    ['quarantine', 'released'], ['quarantine', 'hold'], ['quarantine', 'rejected'],
    ['released', 'hold'], ['released', 'recalled'],
    ['hold', 'released'], ['hold', 'recalled'], ['hold', 'rejected'],
    ['recalled', 'rejected'],
  ])('allows %s -> %s', (from, to) => {
    const r = changeStatus(lot(from), to, at);
    expect(r.ok && r.lot.status).toBe(to);
  });

  it.each<[LotStatus, LotStatus]>([
    ['quarantine', 'recalled'], ['released', 'quarantine'], ['released', 'rejected'], ['hold', 'quarantine'],
    ['recalled', 'released'], ['recalled', 'hold'], ['rejected', 'released'], ['rejected', 'quarantine'],
  ])('refuses %s -> %s', (from, to) => {
    const r = changeStatus(lot(from), to, at);
    expect(r).toMatchObject({ ok: false, code: 'not-allowed' });
    expect(!r.ok && r.message).toContain(`from ${from} to ${to}`);
  });

  it('lists the statuses a lot may go to', () => {
    expect(allowedStatusChanges('quarantine')).toEqual(['released', 'hold', 'rejected']);
    expect(allowedStatusChanges('rejected')).toEqual([]);
  });

  it('says what a lot is already', () => {
    expect(changeStatus(lot('hold'), 'hold', at)).toMatchObject({ ok: false, code: 'same-status' });
  });

  it.each<[LotStatus, LotStatus]>([
    ['quarantine', 'hold'], ['quarantine', 'rejected'], ['released', 'recalled'], ['hold', 'released'], ['recalled', 'rejected'],
  ])('requires a reason for %s -> %s', (from, to) => {
    expect(changeStatus(lot(from), to, { ...at, why: '   ' })).toMatchObject({ ok: false, code: 'reason-required' });
  });

  it('does not release a lot past its expiry date', () => {
    const r = changeStatus(lot('hold', { expiry: '2026-02-28' as IsoDate }), 'released', at);
    expect(r).toMatchObject({ ok: false, code: 'not-allowed' });
    expect(!r.ok && r.message).toContain('expired on 2026-02-28');
    expect(changeStatus(lot('hold', { expiry: '2026-03-01' as IsoDate }), 'released', at).ok).toBe(true);
  });

  it('trims the reason it logs and leaves the original lot alone', () => {
    const original = lot('released');
    const r = changeStatus(original, 'hold', { ...at, why: '  customer complaint ' });
    expect(r.ok && r.log.why).toBe('customer complaint');
    expect(original.status).toBe('released');
  });
});
