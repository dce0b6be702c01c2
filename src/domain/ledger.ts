/**
 * The ledger: on hand is derived from Movements, never stored as the truth (DESIGN.md).
 *
 * Every movement row is one signed quantity of one lot at one location, so balances are plain sums.
 * A TRANSFER is written as two rows with the same reference: -q at the location the stock leaves and +q at
 * the location it arrives, so a transfer moves stock between locations and leaves the lot's total unchanged.
 * An ADJUST (stock count) is one signed row at the location counted.
 *
 * Status rules (who may move a lot from which status to which):
 *
 * | from \ to  | quarantine | released | hold | recalled | rejected |
 * |------------|------------|----------|------|----------|----------|
 * | quarantine |            | yes      | yes* | -        | yes*     |
 * | released   | -          |          | yes* | yes*     | -        |
 * | hold       | -          | yes*     |      | yes*     | yes*     |
 * | recalled   | -          | -        | -    |          | yes*     |
 * | rejected   | -          | -        | -    | -        |          |
 *
 * (* a reason is required.) Why: a released lot goes back to quarantine only through hold, so that every
 * step away from "released" says why; rejected is final (the goods are destroyed or returned); a recall is
 * not undone, the recalled goods can only be rejected; a lot still in quarantine was never shipped, so it is
 * held or rejected, not recalled. A lot cannot be released after its expiry date.
 */
import { lotKey } from './codec';
import type { EffectiveLotStatus, IsoDate, IsoDateTime, LogEntry, Lot, LotKey, LotStatus, Movement, Qty } from './types';

/** On hand per lot: the sum of its movements. Lots with movements that net to 0 are present with 0. */
export function onHandByLot(movements: Iterable<Movement>): Map<LotKey, Qty> {
  const out = new Map<LotKey, Qty>();
  for (const m of movements) {
    const k = lotKey(m.sku, m.lot);
    out.set(k, ((out.get(k) ?? 0) + m.qty) as Qty);
  }
  return out;
}

/**
 * On hand per lot and location (a blank location is ''). Every location a lot has had a movement at is
 * present, with 0 where its stock has all left, e.g. after a transfer.
 */
export function onHandByLotLocation(movements: Iterable<Movement>): Map<LotKey, Map<string, Qty>> {
  const out = new Map<LotKey, Map<string, Qty>>();
  for (const m of movements) {
    const k = lotKey(m.sku, m.lot);
    let byLocation = out.get(k);
    if (byLocation === undefined) {
      byLocation = new Map();
      out.set(k, byLocation);
    }
    byLocation.set(m.location, ((byLocation.get(m.location) ?? 0) + m.qty) as Qty);
  }
  return out;
}

/**
 * What a lot is on `today`: `expired` when its expiry date is before today and it is in quarantine or
 * released (it is still good on its expiry day). Hold, recalled and rejected say more than "expired" and
 * are kept.
 */
export function effectiveStatus(lot: Lot, today: IsoDate): EffectiveLotStatus {
  if (lot.expiry !== null && lot.expiry < today && (lot.status === 'quarantine' || lot.status === 'released')) return 'expired';
  return lot.status;
}

const ALLOWED: Readonly<Record<LotStatus, readonly LotStatus[]>> = {
  quarantine: ['released', 'hold', 'rejected'],
  released: ['hold', 'recalled'],
  hold: ['released', 'recalled', 'rejected'],
  recalled: ['rejected'],
  rejected: [],
};

/** The statuses a lot in status `from` may be moved to (for offering only valid choices). */
export function allowedStatusChanges(from: LotStatus): readonly LotStatus[] {
  return ALLOWED[from];
}

export type ChangeStatusResult =
  | { ok: true; lot: Lot; log: LogEntry }
  | { ok: false; code: 'same-status' | 'reason-required' | 'not-allowed'; message: string };

export interface StatusChange {
  readonly user: string;
  readonly why: string;
  readonly when: IsoDateTime;
  /** The Log entry's id, chosen by the caller so that a retried write is not logged twice. */
  readonly id: string;
}

/** The action written to the Log for a status change. */
export const STATUS_CHANGE_ACTION = 'status-change';

function reasonRequired(from: LotStatus, to: LotStatus): boolean {
  return to === 'hold' || to === 'recalled' || to === 'rejected' || (from === 'hold' && to === 'released');
}

/**
 * Moves a lot to status `to` if the rules above allow it, and returns the lot with its new status and the
 * Log entry to append. The lot is not changed in place.
 */
export function changeStatus(lot: Lot, to: LotStatus, change: StatusChange): ChangeStatusResult {
  const from = lot.status;
  const name = `${lot.sku} / ${lot.lot}`;
  if (from === to) return { ok: false, code: 'same-status', message: `Lot ${name} is already ${to}.` };
  if (!ALLOWED[from].includes(to)) {
    const options = ALLOWED[from];
    const next = options.length > 0 ? `From ${from} it can go to: ${options.join(', ')}.` : `${from[0]?.toUpperCase()}${from.slice(1)} is final.`;
    return { ok: false, code: 'not-allowed', message: `Lot ${name} cannot go from ${from} to ${to}. ${next}` };
  }
  const why = change.why.trim();
  if (why === '' && reasonRequired(from, to)) {
    return { ok: false, code: 'reason-required', message: `Say why lot ${name} goes from ${from} to ${to}; the reason is kept in the Log.` };
  }
  const today = change.when.slice(0, 10);
  if (to === 'released' && lot.expiry !== null && lot.expiry < today) {
    return { ok: false, code: 'not-allowed', message: `Lot ${name} expired on ${lot.expiry} and cannot be released; correct the expiry date first if it is wrong.` };
  }
  const log: LogEntry = {
    id: change.id,
    when: change.when,
    user: change.user,
    action: STATUS_CHANGE_ACTION,
    table: 'Lots',
    key: name,
    from,
    to,
    why,
  };
  return { ok: true, lot: { ...lot, status: to }, log };
}

/**
 * The lots with `onHand` set from the ledger (0 for a lot without movements). A lot whose stored value is
 * already right is returned as the same object, so a caller can write back only the rows that changed
 * (`next[i] !== lots[i]`).
 */
export function refreshOnHand(lots: readonly Lot[], movements: Iterable<Movement>): Lot[] {
  const onHand = onHandByLot(movements);
  return lots.map((lot) => {
    const q = onHand.get(lotKey(lot.sku, lot.lot)) ?? (0 as Qty);
    return lot.onHand === q ? lot : { ...lot, onHand: q };
  });
}
