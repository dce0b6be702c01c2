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
import { buildGenealogy, LINK_INPUT, LINK_OUTPUT, LotIds, walkLineage, type Adjacency, type Genealogy, type GenealogyCycle, type LotRef } from './genealogy';
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

/** The ledger sums a mass balance needs, per lot (see the formulas at the top). */
const TOTALS = ['receivedOrProduced', 'returned', 'adjusted', 'transferred', 'consumed', 'shippedLedger', 'destroyed', 'onHand', 'shipped'] as const;
type TotalName = (typeof TOTALS)[number];
type LedgerTotals = Readonly<Record<TotalName, number>>;
const [RECEIVED, RETURNED, ADJUSTED, TRANSFERRED, CONSUMED, SHIPPED_LEDGER, DESTROYED, ON_HAND, SHIPPED] = TOTALS.map((_, i) => i) as number[] as [number, number, number, number, number, number, number, number, number];
const WIDTH = TOTALS.length;
/** Built once by `buildRecallIndex`; pass it to `traceRecall` as often as needed. Treat it as opaque. */
export interface RecallIndex {
  readonly kind: 'recall-index';
  /** Its lot ids cover every lot named by a movement or a shipment and index the arrays below. */
  readonly genealogy: Genealogy;
  /** The totals of lot i at [i * WIDTH, (i + 1) * WIDTH), in the order of TOTALS. */
  readonly totals: Float64Array;
  /** Indexes into `shipments` by lot id (compressed adjacency), unsorted (a trace sorts what it returns). */
  readonly shipmentsByLot: Adjacency;
  readonly shipments: readonly RecallShipment[];
}

const compareShipments = (a: RecallShipment, b: RecallShipment) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * One pass over the movements and one over the shipments. Everything it keeps per lot lives in typed arrays
 * (no object or array per lot): on a million-row ledger the heap is already large, and each object allocated
 * here would be marked again by every garbage collection that follows.
 */
export function buildRecallIndex(data: RecallData): RecallIndex {
  const lots = new LotIds();
  const { movements } = data;
  // One pass over the movement objects (on a million rows, touching them is most of the cost): each row's lot
  // id, its side in a run, and its quantity into a per-row column; the totals are summed once the number of
  // lots is known.
  const ofMovement = new Int32Array(movements.length);
  const sides = new Uint8Array(movements.length);
  const slots = new Int8Array(movements.length);
  const qtys = new Float64Array(movements.length);
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i]!;
    ofMovement[i] = lots.idOf(m.sku, m.lot);
    qtys[i] = m.qty;
    // A switch, not a table keyed by type: cell strings are not internalized, and a keyed load with such a
    // string costs a string-table probe per row.
    switch (m.type) {
      case 'RECEIVE':
        slots[i] = RECEIVED;
        break;
      case 'PRODUCE':
        slots[i] = RECEIVED;
        sides[i] = LINK_OUTPUT;
        break;
      case 'RETURN':
        slots[i] = RETURNED;
        break;
      case 'ADJUST':
        slots[i] = ADJUSTED;
        break;
      case 'TRANSFER':
        slots[i] = TRANSFERRED;
        break;
      case 'CONSUME':
        slots[i] = -1 - CONSUMED;
        sides[i] = LINK_INPUT;
        break;
      case 'SHIP':
        slots[i] = -1 - SHIPPED_LEDGER;
        break;
      case 'DESTROY':
        slots[i] = -1 - DESTROYED;
        break;
      default:
        // An unknown type (the codec refuses them; this guards hand-made data) counts towards on hand only.
        slots[i] = ON_HAND;
    }
  }
  const ofShipment = lots.idsOf(data.shipments);
  const genealogy = buildGenealogy(movements, { lots, ofMovement, sides });
  const n = lots.size;
  const totals = new Float64Array(n * WIDTH);
  for (let i = 0; i < movements.length; i++) {
    const base = ofMovement[i]! * WIDTH;
    const q = qtys[i]!;
    const slot = slots[i]!;
    totals[base + ON_HAND]! += q;
    // Outgoing kinds are stored as -1 - slot and summed negated, so that they read as positive numbers.
    if (slot >= 0) {
      if (slot !== ON_HAND) totals[base + slot]! += q;
    } else totals[base - 1 - slot]! -= q;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < ofShipment.length; i++) {
    start[ofShipment[i]! + 1]!++;
    totals[ofShipment[i]! * WIDTH + SHIPPED]! += data.shipments[i]!.qty;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const items = new Int32Array(ofShipment.length);
  for (let i = 0; i < ofShipment.length; i++) items[fill[ofShipment[i]!]!++] = i;
  return { kind: 'recall-index', genealogy, totals, shipmentsByLot: { start, items }, shipments: data.shipments };
}

function isIndex(x: RecallData | RecallIndex): x is RecallIndex {
  return (x as RecallIndex).kind === 'recall-index';
}

function totalsOf(index: RecallIndex, id: number): LedgerTotals {
  const t = index.totals.subarray(id * WIDTH, (id + 1) * WIDTH);
  return Object.fromEntries(TOTALS.map((name, i) => [name, t[i]!])) as LedgerTotals;
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
