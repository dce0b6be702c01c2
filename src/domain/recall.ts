/**
 * Recall trace: from a few suspect lots, which lots are affected (forward: everything made from them, at any
 * depth; backward: everything they were made from), who received them, and whether every unit is accounted for.
 *
 * Built for the mock recall an auditor times: `buildRecallIndex` reads the ledger once (O(movements +
 * shipments)); a trace then only touches the affected lots, so it stays fast on a ledger of a million rows.
 *
 * Shipments reported: those of the start lots and of every forward-affected lot (whatever the direction, the
 * start lots' own customers are always part of a recall; lots reached only backward are suppliers' and
 * intermediate lots whose customers are not affected by the start lots).
 *
 * Mass balance of a lot (all quantities in Qty, integer thousandths; signed sums of the lot's movements, with
 * outgoing kinds negated so that they read as positive numbers):
 *   receivedOrProduced = Σ RECEIVE + Σ PRODUCE                 (what entered the lot from a supplier or a run)
 *   returned           = Σ RETURN                              (came back from customers)
 *   adjusted           = Σ ADJUST                              (net count corrections, signed: + found, - lost)
 *   transferred        = Σ TRANSFER                            (net; 0 when both legs of every transfer are booked)
 *   consumed           = -Σ CONSUME                            (went into runs)
 *   shippedLedger      = -Σ SHIP                               (left the ledger as shipped)
 *   destroyed          = -Σ DESTROY
 *   onHand             = Σ all movements of the lot             (the ledger's on hand)
 *   shipped            = Σ Shipments.qty                        (who got what: the customer records)
 *   unaccounted        = receivedOrProduced + returned + adjusted + transferred
 *                        - consumed - shipped - destroyed - onHand
 * Because on hand comes from the same ledger, unaccounted = shippedLedger - shipped: it is 0 for a consistent
 * ledger, positive when stock left through SHIP movements that no shipment row names (units with unknown
 * customers: the worst case in a recall), negative when shipment rows claim units that never left the ledger
 * (customers recorded twice, or SHIP movements missing, so on hand is overstated).
 *   accountedPercent   = floor(10000 × (base - |unaccounted|) / base) / 100 with base = receivedOrProduced +
 *                        returned; null when base <= 0. Floored, so 100 means exactly every unit.
 */
import { lotKey } from './codec';
import { buildGenealogy, groupRows, linkSide, LotIds, walkLineage, type Adjacency, type Genealogy, type GenealogyCycle, type LotRef } from './genealogy';
import type { IsoDate, LotKey, MovementType, Qty } from './types';

export type RecallDirection = 'forward' | 'backward' | 'both';

export interface RecallMovement {
  readonly id: string;
  readonly date: IsoDate;
  readonly type: MovementType;
  readonly sku: string;
  readonly lot: string;
  readonly qty: Qty;
  readonly ref?: string | null;
}

export interface RecallShipment {
  readonly id: string;
  readonly date: IsoDate;
  readonly customerId: string;
  readonly orderId?: string | null;
  readonly sku: string;
  readonly lot: string;
  readonly qty: Qty;
}

export interface RecallData {
  readonly movements: readonly RecallMovement[];
  readonly shipments: readonly RecallShipment[];
}

export interface RecallLotRef {
  readonly sku: string;
  readonly lot: string;
}

export interface AffectedLot {
  readonly sku: string;
  readonly lot: string;
  /** Runs between this lot and the nearest start lot; 0 for a start lot. */
  readonly depth: number;
  /**
   * `start` for the lots asked about. A lot that is both downstream of one start and upstream of another
   * appears twice, once per direction.
   */
  readonly direction: 'start' | 'forward' | 'backward';
}

export interface MassBalance {
  readonly sku: string;
  readonly lot: string;
  readonly receivedOrProduced: Qty;
  readonly returned: Qty;
  readonly adjusted: Qty;
  readonly transferred: Qty;
  readonly consumed: Qty;
  readonly shippedLedger: Qty;
  readonly shipped: Qty;
  readonly destroyed: Qty;
  readonly onHand: Qty;
  readonly unaccounted: Qty;
  readonly accountedPercent: number | null;
}

export interface RecallResult {
  readonly direction: RecallDirection;
  /** Start lots found in neither the movements nor the shipments (typo, or a lot never booked). */
  readonly unknownStarts: readonly RecallLotRef[];
  /** Sorted by direction (start, forward, backward), depth, SKU, lot. */
  readonly lots: readonly AffectedLot[];
  /** Shipments of the start and forward-affected lots, by date then id. */
  readonly shipments: readonly RecallShipment[];
  /** Distinct customers of those shipments, sorted. */
  readonly customerIds: readonly string[];
  /** One per distinct affected lot, in the order of `lots`. */
  readonly massBalance: readonly MassBalance[];
  /** Genealogy cycles the trace ran into (rework booked back into an ancestor); the trace still completes. */
  readonly cycles: readonly GenealogyCycle[];
}

/** The ledger sums a mass balance needs, for one lot (see the formulas at the top). */
interface LedgerTotals {
  receivedOrProduced: number;
  returned: number;
  adjusted: number;
  transferred: number;
  consumed: number;
  shippedLedger: number;
  destroyed: number;
  onHand: number;
  shipped: number;
}

/** Built once by `buildRecallIndex`; pass it to `traceRecall` as often as needed. Treat it as opaque. */
export interface RecallIndex {
  readonly kind: 'recall-index';
  /** Its lot ids cover every lot named by a movement or a shipment and index the adjacencies below. */
  readonly genealogy: Genealogy;
  /** Indexes into `movements` by lot id, in row order. */
  readonly movementsByLot: Adjacency;
  readonly movements: readonly RecallMovement[];
  /** Indexes into `shipments` by lot id, in row order (a trace sorts what it returns). */
  readonly shipmentsByLot: Adjacency;
  readonly shipments: readonly RecallShipment[];
}

const compareShipments = (a: RecallShipment, b: RecallShipment) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One pass over the movement objects and one over the shipments for the lot ids (touching a million objects is
 * most of the cost), then integer work only. The index keeps, per lot, where its movements and shipments are
 * (compressed adjacency in typed arrays), not sums: a trace adds up the few lots it reaches in microseconds, and
 * the build allocates less. That matters on a million-row ledger: the heap already holds every row, and
 * allocating more than about 64 MB of typed arrays at once made V8 start a full garbage collection in the middle
 * of the build, about half a second on such a heap (seen with --trace-gc in Node; Chromium runs the same V8).
 */
export function buildRecallIndex(data: RecallData): RecallIndex {
  const { movements, shipments } = data;
  // Sized for a ledger with a lot per four rows, so the tables rarely grow.
  const lots = new LotIds((movements.length + shipments.length) >> 2);
  const ofMovement = new Int32Array(movements.length);
  const sides = new Uint8Array(movements.length);
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i]!;
    ofMovement[i] = lots.idOf(m.sku, m.lot);
    sides[i] = linkSide(m.type);
  }
  const ofShipment = lots.idsOf(shipments);
  const genealogy = buildGenealogy(movements, { lots, ofMovement, sides });
  return {
    kind: 'recall-index',
    genealogy,
    movementsByLot: groupRows(ofMovement, lots.size),
    movements,
    shipmentsByLot: groupRows(ofShipment, lots.size),
    shipments,
  };
}

function isIndex(x: RecallData | RecallIndex): x is RecallIndex {
  return (x as RecallIndex).kind === 'recall-index';
}

function totalsOf(index: RecallIndex, id: number): LedgerTotals {
  const t: LedgerTotals = { receivedOrProduced: 0, returned: 0, adjusted: 0, transferred: 0, consumed: 0, shippedLedger: 0, destroyed: 0, onHand: 0, shipped: 0 };
  const byLot = index.movementsByLot;
  for (let k = byLot.start[id]!; k < byLot.start[id + 1]!; k++) {
    const m = index.movements[byLot.items[k]!]!;
    const q = m.qty;
    t.onHand += q;
    switch (m.type) {
      case 'RECEIVE':
      case 'PRODUCE':
        t.receivedOrProduced += q;
        break;
      case 'RETURN':
        t.returned += q;
        break;
      case 'ADJUST':
        t.adjusted += q;
        break;
      case 'TRANSFER':
        t.transferred += q;
        break;
      case 'CONSUME':
        t.consumed -= q;
        break;
      case 'SHIP':
        t.shippedLedger -= q;
        break;
      case 'DESTROY':
        t.destroyed -= q;
        break;
    }
  }
  const shipped = index.shipmentsByLot;
  for (let k = shipped.start[id]!; k < shipped.start[id + 1]!; k++) t.shipped += index.shipments[shipped.items[k]!]!.qty;
  return t;
}

function massBalanceOf(ref: RecallLotRef, t: LedgerTotals): MassBalance {
  const unaccounted = t.receivedOrProduced + t.returned + t.adjusted + t.transferred - t.consumed - t.shipped - t.destroyed - t.onHand;
  const base = t.receivedOrProduced + t.returned;
  const accountedPercent = base > 0 ? Math.floor((Math.max(0, base - Math.abs(unaccounted)) * 10000) / base) / 100 : null;
  return {
    sku: ref.sku,
    lot: ref.lot,
    receivedOrProduced: t.receivedOrProduced as Qty,
    returned: t.returned as Qty,
    adjusted: t.adjusted as Qty,
    transferred: t.transferred as Qty,
    consumed: t.consumed as Qty,
    shippedLedger: t.shippedLedger as Qty,
    shipped: t.shipped as Qty,
    destroyed: t.destroyed as Qty,
    onHand: t.onHand as Qty,
    unaccounted: unaccounted as Qty,
    accountedPercent,
  };
}

const DIRECTION_RANK = { start: 0, forward: 1, backward: 2 } as const;

/** Trace from raw data (builds the index first) or from an index built once with `buildRecallIndex`. */
export function traceRecall(source: RecallData | RecallIndex, start: readonly RecallLotRef[], direction: RecallDirection): RecallResult {
  const index = isIndex(source) ? source : buildRecallIndex(source);
  const g = index.genealogy;

  const unknownStarts: RecallLotRef[] = [];
  const starts: number[] = [];
  const seenStart = new Set<LotKey>();
  for (const s of start) {
    const key = lotKey(s.sku, s.lot);
    if (seenStart.has(key)) continue;
    seenStart.add(key);
    const id = g.lots.get(key);
    if (id !== undefined) starts.push(id);
    else unknownStarts.push({ sku: s.sku, lot: s.lot });
  }
  const isStart = new Set(starts);

  const entries: { id: number; ref: LotRef; depth: number; direction: AffectedLot['direction'] }[] = starts.map((id) => ({ id, ref: g.lots.ref(id), depth: 0, direction: 'start' }));
  const cycleIds = new Set<number>();
  const forward: number[] = [...starts];
  for (const way of direction === 'both' ? (['forward', 'backward'] as const) : [direction]) {
    const walk = walkLineage(g, starts, way === 'forward' ? 'down' : 'up');
    walk.cycles.forEach((c) => cycleIds.add(c));
    for (const [id, depth] of walk.depths) {
      // A start lot reached from another start stays a start lot.
      if (isStart.has(id)) continue;
      entries.push({ id, ref: g.lots.ref(id), depth, direction: way });
      if (way === 'forward') forward.push(id);
    }
  }
  entries.sort((a, b) => {
    if (a.direction !== b.direction) return DIRECTION_RANK[a.direction] - DIRECTION_RANK[b.direction];
    if (a.depth !== b.depth) return a.depth - b.depth;
    if (a.ref.sku !== b.ref.sku) return a.ref.sku < b.ref.sku ? -1 : 1;
    return a.ref.lot < b.ref.lot ? -1 : a.ref.lot > b.ref.lot ? 1 : 0;
  });

  const shipments: RecallShipment[] = [];
  for (const id of forward) {
    const { start: from, items } = index.shipmentsByLot;
    for (let k = from[id]!; k < from[id + 1]!; k++) shipments.push(index.shipments[items[k]!]!);
  }
  shipments.sort(compareShipments);
  const customerIds = [...new Set(shipments.map((s) => s.customerId))].sort();

  const massBalance: MassBalance[] = [];
  const balanced = new Set<number>();
  for (const e of entries) {
    if (balanced.has(e.id)) continue;
    balanced.add(e.id);
    massBalance.push(massBalanceOf(e.ref, totalsOf(index, e.id)));
  }

  return {
    direction,
    unknownStarts,
    lots: entries.map((e) => ({ sku: e.ref.sku, lot: e.ref.lot, depth: e.depth, direction: e.direction })),
    shipments,
    customerIds,
    massBalance,
    cycles: [...cycleIds].sort((a, b) => a - b).map((i) => g.cycles[i]!),
  };
}
