/**
 * FEFO allocation: first expiry, first out. Order lines are served in the order given (priority order), each
 * from the eligible lots of its SKU with the earliest expiry first; a line spills over as many lots as it needs.
 *
 * Eligible for a line: status `released`, free stock (on hand less what open pick lists already reserve), not
 * expired on the ship date (a lot whose expiry is the ship date itself may still ship), and at least the line's
 * minimum shelf life left: (expiry - ship date) in days >= minShelfLifeDays. A lot without expiry never expires
 * and is used last. Ties: earlier received date first (no received date last), then lot code (code-unit order,
 * so the result does not depend on the machine's locale).
 *
 * Cost: lots are grouped by SKU and sorted once; a line finds its first eligible lot by binary search (lots that
 * are too short-dated for it form a prefix of the sorted group) and skips emptied lots through path-compressed
 * "next lot with stock" pointers, so n lines over m lots take O(m log m + n log m) plus the picks.
 *
 * Quantities are integer thousandths (Qty); every sum here is an integer sum.
 */
import { lotKey } from './codec';
import { daysBetween } from './dates';
import type { IsoDate, LotKey, LotStatus, Qty } from './types';

export interface FefoLine {
  readonly id: string;
  readonly sku: string;
  readonly qty: Qty;
  /** Days of shelf life the customer needs left on the ship date; blank or 0 means none. */
  readonly minShelfLifeDays?: number | null;
}

/** What FEFO needs of a lot; the Lots entity (types.ts `Lot`) fits as is. */
export interface FefoLot {
  readonly sku: string;
  readonly lot: string;
  readonly expiry?: IsoDate | null;
  readonly received: IsoDate | null;
  readonly status: LotStatus;
  /** Negative or blank on hand counts as no stock. */
  readonly onHand: Qty | null;
  readonly location?: string;
}

export interface FefoInput {
  readonly shipDate: IsoDate;
  /** In priority order: earlier lines are served first. */
  readonly lines: readonly FefoLine[];
  /** One entry per lot (SKU + lot code). */
  readonly lots: readonly FefoLot[];
  /** Stock already on open pick lists, by `lotKey(sku, lot)`; never offered again. */
  readonly reserved?: ReadonlyMap<LotKey, Qty>;
}

export interface FefoPick {
  readonly lineId: string;
  readonly sku: string;
  readonly lot: string;
  readonly qty: Qty;
  readonly expiry?: IsoDate;
  readonly location?: string;
}

/**
 * Why a line is short. Each reason carries a quantity:
 * - `no-lots`: the SKU has no lot with stock at all; qty = the shortfall.
 * - `quarantine` | `hold` | `recalled` | `rejected`: free stock in lots of that status (status wins over expiry).
 * - `expired`: free stock of released lots that expire before the ship date.
 * - `short-shelf-life`: free stock of released, unexpired lots with less than the line's minimum shelf life.
 * - `reserved`: stock of lots otherwise eligible for this line that open pick lists already hold.
 * - `allocated-to-earlier-lines`: stock of lots eligible for this line given to higher-priority lines in this run.
 * - `not-enough-stock`: the eligible stock left ran out; qty = the shortfall. Present on every shortfall except
 *   `no-lots`, after the reasons above, so a UI can always say "short by N" and then list where stock is stuck.
 */
export type FefoShortfallCode =
  | 'no-lots'
  | 'quarantine'
  | 'hold'
  | 'recalled'
  | 'rejected'
  | 'expired'
  | 'short-shelf-life'
  | 'reserved'
  | 'allocated-to-earlier-lines'
  | 'not-enough-stock';

export interface FefoShortfallReason {
  readonly code: FefoShortfallCode;
  readonly qty: Qty;
}

export interface FefoShortfall {
  readonly lineId: string;
  readonly sku: string;
  /** How much of the line could not be picked; the line's picks plus this equal its qty. */
  readonly qty: Qty;
  readonly reasons: readonly FefoShortfallReason[];
}

export interface FefoResult {
  /** In line order, and within a line in the order the lots were used (FEFO order). */
  readonly picks: readonly FefoPick[];
  readonly shortfalls: readonly FefoShortfall[];
}

const EMPTY = new Float64Array(1);
const BLOCKING_STATUSES = ['quarantine', 'hold', 'recalled', 'rejected'] as const;
type BlockingStatus = (typeof BLOCKING_STATUSES)[number];

interface Candidate {
  readonly lot: FefoLot;
  /** Days from the ship date to expiry; +Infinity for a lot without expiry (sorts last, never fails a limit). */
  readonly expiryDay: number;
  readonly sortKey: number;
  /** Free stock left to give (on hand less reserved less what earlier lines took). */
  free: number;
  readonly reserved: number;
}

interface SkuGroup {
  readonly candidates: Candidate[];
  readonly blocked: Record<BlockingStatus, number>;
  expired: number;
  /** Sum of positive on hand over every lot of the SKU, whatever its status. */
  stock: number;
  /** prefixFree[i] = initial free stock of candidates[0..i). */
  prefixFree: Float64Array;
  prefixReserved: Float64Array;
  /** next[i] = i while candidate i has free stock, else a pointer towards the next one that has (union-find). */
  next: Int32Array;
}

// Expiry and received date packed into one exact integer (< 2^53) so that the sort compares numbers, not
// dates: expiry days from the ship date (no expiry: NO_EXPIRY) above, received days (offset, clamped) below.
const RECEIVED_SPAN = 2 ** 23;
const NO_EXPIRY = 2 ** 28;
function sortKey(shipDate: IsoDate, expiryDay: number, received: IsoDate | null): number {
  const e = Number.isFinite(expiryDay) ? Math.min(expiryDay, NO_EXPIRY - 1) : NO_EXPIRY;
  const r = received ? Math.min(RECEIVED_SPAN - 2, Math.max(0, daysBetween(shipDate, received) + RECEIVED_SPAN / 2)) : RECEIVED_SPAN - 1;
  return e * RECEIVED_SPAN + r;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.sortKey !== b.sortKey) return a.sortKey - b.sortKey;
  if (a.lot.lot === b.lot.lot) return 0;
  return a.lot.lot < b.lot.lot ? -1 : 1;
}

function groupLots(lots: readonly FefoLot[], shipDate: IsoDate, reserved: ReadonlyMap<LotKey, Qty> | undefined, wanted: ReadonlySet<string>): Map<string, SkuGroup> {
  const groups = new Map<string, SkuGroup>();
  // Reservations are consumed as they are applied, so that a duplicated lot row cannot offer the same stock twice.
  const reservedLeft = reserved && reserved.size > 0 ? new Map<LotKey, number>(reserved) : undefined;
  for (const lot of lots) {
    // Lots of SKUs no line asks for cost nothing: a warehouse holds far more SKUs than one pick wave needs.
    if (!wanted.has(lot.sku)) continue;
    let group = groups.get(lot.sku);
    if (!group) {
      group = { candidates: [], blocked: { quarantine: 0, hold: 0, recalled: 0, rejected: 0 }, expired: 0, stock: 0, prefixFree: EMPTY, prefixReserved: EMPTY, next: new Int32Array(0) };
      groups.set(lot.sku, group);
    }
    const onHand = lot.onHand ?? 0;
    if (!(onHand > 0)) continue;
    group.stock += onHand;
    let held = 0;
    if (reservedLeft) {
      const key = lotKey(lot.sku, lot.lot);
      const r = reservedLeft.get(key);
      if (r !== undefined && r > 0) {
        held = Math.min(r, onHand);
        reservedLeft.set(key, r - held);
      }
    }
    const free = onHand - held;
    if (lot.status !== 'released') {
      group.blocked[lot.status] += free;
      continue;
    }
    const expiryDay = lot.expiry ? daysBetween(shipDate, lot.expiry) : Number.POSITIVE_INFINITY;
    if (expiryDay < 0) {
      group.expired += free;
      continue;
    }
    group.candidates.push({ lot, expiryDay, sortKey: sortKey(shipDate, expiryDay, lot.received), free, reserved: held });
  }
  for (const group of groups.values()) {
    const c = group.candidates;
    c.sort(compareCandidates);
    const n = c.length;
    const prefixFree = new Float64Array(n + 1);
    const prefixReserved = new Float64Array(n + 1);
    const next = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const cand = c[i]!;
      prefixFree[i + 1] = prefixFree[i]! + cand.free;
      prefixReserved[i + 1] = prefixReserved[i]! + cand.reserved;
      next[i] = cand.free > 0 ? i : i + 1;
    }
    next[n] = n;
    group.prefixFree = prefixFree;
    group.prefixReserved = prefixReserved;
    group.next = next;
  }
  return groups;
}

/** The first candidate at or after i that still has free stock (n when none), compressing the path walked. */
function nextWithStock(next: Int32Array, i: number): number {
  let root = i;
  while (next[root] !== root) root = next[root]!;
  while (next[i] !== root) {
    const up = next[i]!;
    next[i] = root;
    i = up;
  }
  return root;
}

/** Index of the first candidate with at least `days` of shelf life left (candidates are sorted by expiry). */
function firstExpiringOnOrAfter(c: readonly Candidate[], days: number): number {
  let lo = 0;
  let hi = c.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c[mid]!.expiryDay < days) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function allocateFefo(input: FefoInput): FefoResult {
  const groups = groupLots(input.lots, input.shipDate, input.reserved, new Set(input.lines.map((l) => l.sku)));
  const picks: FefoPick[] = [];
  const shortfalls: FefoShortfall[] = [];

  for (const line of input.lines) {
    if (!(line.qty > 0)) continue;
    const group = groups.get(line.sku);
    if (!group || group.stock === 0) {
      shortfalls.push({ lineId: line.id, sku: line.sku, qty: line.qty, reasons: [{ code: 'no-lots', qty: line.qty }] });
      continue;
    }
    const c = group.candidates;
    const minDays = line.minShelfLifeDays != null && line.minShelfLifeDays > 0 ? line.minShelfLifeDays : 0;
    const start = minDays > 0 ? firstExpiringOnOrAfter(c, minDays) : 0;
    let remaining: number = line.qty;
    let i = nextWithStock(group.next, start);
    while (remaining > 0 && i < c.length) {
      const cand = c[i]!;
      const take = Math.min(cand.free, remaining);
      cand.free -= take;
      remaining -= take;
      const pick: { -readonly [K in keyof FefoPick]: FefoPick[K] } = { lineId: line.id, sku: line.sku, lot: cand.lot.lot, qty: take as Qty };
      if (cand.lot.expiry) pick.expiry = cand.lot.expiry;
      if (cand.lot.location) pick.location = cand.lot.location;
      picks.push(pick);
      if (cand.free === 0) {
        group.next[i] = i + 1;
        i = nextWithStock(group.next, i + 1);
      }
    }
    if (remaining > 0) {
      shortfalls.push({ lineId: line.id, sku: line.sku, qty: remaining as Qty, reasons: shortfallReasons(group, start, line.qty - remaining, remaining) });
    }
  }
  return { picks, shortfalls };
}

function shortfallReasons(group: SkuGroup, start: number, takenByLine: number, short: number): FefoShortfallReason[] {
  const reasons: FefoShortfallReason[] = [];
  const add = (code: FefoShortfallCode, qty: number): void => {
    if (qty > 0) reasons.push({ code, qty: qty as Qty });
  };
  for (const status of BLOCKING_STATUSES) add(status, group.blocked[status]);
  add('expired', group.expired);
  const n = group.candidates.length;
  add('short-shelf-life', group.prefixFree[start]!);
  add('reserved', group.prefixReserved[n]! - group.prefixReserved[start]!);
  // The line is short, so every eligible lot is empty now: what it did not take, earlier lines did.
  add('allocated-to-earlier-lines', group.prefixFree[n]! - group.prefixFree[start]! - takenByLine);
  add('not-enough-stock', short);
  return reasons;
}
