/** Rows for adapter tests: one raw-material lot or receipt, with whatever a test changes in `patch`. */
import type { IsoDate, Lot, Money, Movement, Qty } from '../../src/domain/types';

export const testMovement = (i: number, patch: Partial<Movement> = {}): Movement => ({
  id: `M-${String(i).padStart(6, '0')}`,
  date: '2026-11-02' as IsoDate,
  type: 'RECEIVE',
  sku: 'RM-ASH',
  lot: `LOT-${i}`,
  qty: 1500 as Qty,
  location: 'RM-01',
  ref: 'PO-1',
  unitCost: 12345 as Money,
  user: 'tester',
  note: '',
  ...patch,
});

export const testLot = (code: string, patch: Partial<Lot> = {}): Lot => ({
  sku: 'RM-ASH',
  lot: code,
  supplier: 'Sattva',
  supplierLot: 'S-1',
  origin: 'IN',
  manufactured: null,
  expiry: '2027-06-30' as IsoDate,
  received: '2026-11-01' as IsoDate,
  status: 'quarantine',
  unitCost: 385000 as Money,
  location: 'RM-01',
  coaRef: '',
  onHand: 0 as Qty,
  ...patch,
});
