/**
 * Lot costing. Money is integer ten-thousandths (Money), quantities integer thousandths (Qty); a unit cost is
 * Money per whole unit of the SKU, so qty × unitCost / 1000 is a Money amount.
 *
 * The rules, in the order a reviewer will ask about them:
 *
 * 1. Rounding. One rule everywhere, fixed.ts's: a product or quotient of integers is rounded to the nearest
 *    integer, halves to even (`extendCost`, `unitCostOf`, and `mulDivHalfEven` for the draws). Splitting
 *    an amount over several parts (a run with several PRODUCE rows) uses fixed.ts's `allocateMoney` (largest
 *    remainder), so the parts always add up to the whole.
 *
 * 2. Value is carried per lot, not as a rounded unit cost. Each lot is a pool (quantity, value). What enters
 *    from outside the lot (RECEIVE, PRODUCE) adds to the pool; everything else (CONSUME, SHIP, DESTROY, ADJUST,
 *    RETURN, TRANSFER, signed) draws from it at the pool's average cost, computed so that no rounding remainder is
 *    ever lost: between two inflows, the value drawn by the first c units is round(V × c / Q), and each movement
 *    takes the difference of that cumulative figure. The remainder stays in the pool and leaves with the last
 *    unit: a lot drawn down to zero leaves exactly zero value; a transfer out and back in of the same quantity
 *    nets to exactly zero; a return takes back exactly what the same quantity drew. An inflow after stock has left
 *    is averaged with what is left (perpetual moving average).
 *
 * 3. A received lot's value is Σ qty × unit cost of its RECEIVE rows (each rounded), so several receipts give the
 *    weighted average unit cost = total value / total quantity. A receipt without a unit cost takes the Lots
 *    table's unit cost; without either it is valued at 0 and reported (`missing-unit-cost`). A negative RECEIVE
 *    (return to supplier) with a unit cost reverses at that cost; without one it draws at the pool's average.
 *
 * 4. A produced lot's value is what its run consumed plus the run's conversion cost: the value of a run's CONSUME
 *    rows is exactly what left the input lots (rule 2), so cost leaving the inputs equals cost entering the
 *    outputs, to the ten-thousandth. A run with several PRODUCE rows splits its value over them by quantity
 *    (largest remainder); each output's cost layers are the change in its share of the running total layer by
 *    layer, so an output's layers add up to its value and each layer's parts add up to the layer. A negative
 *    PRODUCE (correction) takes no value: it lowers the quantity the run's value is spread over.
 *    Unit cost = total value in / quantity in, rounded. It is shown, and used only to value units drawn from a
 *    lot that has no stock to draw from (negative stock, or shipped before it was received); every other draw
 *    uses the pool, so the rounded unit cost cannot make value appear or vanish.
 *
 * 5. Inputs that are themselves produced are costed first, by following the ledger in time order (date, then the
 *    order of the rows: the Movements table is append-only, so row order is booking order). Rework that feeds a
 *    lot back into an ancestor is fine when it happens later in time; a run whose cost needs its own outputs'
 *    cost is a cycle and returns `{ ok: false, code: 'cycle', runs }`.
 */
import { lotKey } from './codec';
import { allocateMoney, extendCost, mulDivHalfEven, unitCostOf } from './fixed';
import { LotIds, buildGenealogy, walkLineage } from './genealogy';
import { StringIds } from './string-ids';
import type { IsoDate, LotKey, Money, MovementType, Qty } from './types';

export interface CostMovement {
  readonly id: string;
  readonly date: IsoDate;
  readonly type: MovementType;
  readonly sku: string;
  readonly lot: string;
  readonly qty: Qty;
  /** Run id for CONSUME and PRODUCE, PO for RECEIVE. */
  readonly ref?: string | null;
  /** Money per whole unit; used on RECEIVE rows. */
  readonly unitCost?: Money | null;
}

/** What costing needs of a run; the Runs entity fits as is. */
export interface CostRun {
  readonly id: string;
  readonly conversionCost: Money;
}

/** What costing needs of a lot; the Lots entity fits as is. */
export interface CostLotInfo {
  readonly sku: string;
  readonly lot: string;
  readonly unitCost: Money | null;
}

export interface CostInput {
  readonly movements: readonly CostMovement[];
  readonly runs: readonly CostRun[];
  readonly lots: readonly CostLotInfo[];
}

export type CostLayer =
  | { readonly kind: 'receipt'; readonly movementId: string; readonly ref: string; readonly qty: Qty; readonly cost: Money }
  | { readonly kind: 'input'; readonly runId: string; readonly fromSku: string; readonly fromLot: string; readonly qty: Qty; readonly cost: Money }
  | { readonly kind: 'conversion'; readonly runId: string; readonly cost: Money }
  /** A PRODUCE row without a run id: valued at the Lots table's unit cost (or 0). */
  | { readonly kind: 'unlinked'; readonly movementId: string; readonly qty: Qty; readonly cost: Money };

export interface LotCost {
  readonly sku: string;
  readonly lot: string;
  /** Net quantity received or produced. */
  readonly qtyIn: Qty;
  /** Net value received or produced; always the sum of `layers`. */
  readonly totalValueIn: Money;
  /** totalValueIn / qtyIn rounded; the Lots table's unit cost when nothing entered the lot; null if neither. */
  readonly unitCost: Money | null;
  readonly conversionCost: Money;
  readonly layers: readonly CostLayer[];
  /** After every movement of the lot. */
  readonly onHandQty: Qty;
  readonly onHandValue: Money;
}

export interface RunCost {
  readonly runId: string;
  /** Value that left the input lots (Σ of the run's CONSUME rows, as positive value). */
  readonly inputValue: Money;
  readonly conversionCost: Money;
  /** Value that entered the outputs: inputValue + conversionCost when the run has output, else 0. */
  readonly outputValue: Money;
  readonly outputQty: Qty;
}

export type CostIssue =
  | { readonly code: 'missing-unit-cost'; readonly movementId: string; readonly sku: string; readonly lot: string }
  | { readonly code: 'unknown-run'; readonly runId: string }
  | { readonly code: 'run-without-output'; readonly runId: string; readonly value: Money }
  | { readonly code: 'unlinked-movement'; readonly movementId: string };

/**
 * A lot whose cost rests on a receipt without a unit cost: costing values it at 0. Receiving and production both
 * warn about it (a blank unit cost is never costed as 0 without anyone seeing it).
 */
export interface UncostedLot {
  readonly sku: string;
  readonly lot: string;
}

/** The lots that `missing-unit-cost` issues name, each once, in the order first named. Pure. */
export function uncostedLots(issues: readonly CostIssue[]): UncostedLot[] {
  const seen = new Map<string, UncostedLot>();
  for (const i of issues) if (i.code === 'missing-unit-cost' && !seen.has(`${i.sku}\u0000${i.lot}`)) seen.set(`${i.sku}\u0000${i.lot}`, { sku: i.sku, lot: i.lot });
  return [...seen.values()];
}

/**
 * Whether a receipt would be costed at 0: no unit cost on the receipt and none on its lot (costing's rule 3). A
 * form warns before saving when this is true; an import row likewise.
 */
export function receiptWithoutCost(receiptUnitCost: Money | null | undefined, lotUnitCost: Money | null | undefined): boolean {
  return receiptUnitCost == null && lotUnitCost == null;
}

export interface CostCycleError {
  readonly ok: false;
  readonly code: 'cycle';
  readonly runs: readonly string[];
  readonly message: string;
}

export type CostResult =
  | {
      readonly ok: true;
      readonly lots: ReadonlyMap<LotKey, LotCost>;
      readonly runs: ReadonlyMap<string, RunCost>;
      /** Signed value of every movement, in the order of `input.movements`: positive into the lot, negative out. */
      readonly valueOfMovement: Float64Array;
      /** The same by movement id; built when first read (a million-entry map is not free). */
      readonly movementValues: ReadonlyMap<string, Money>;
      readonly issues: readonly CostIssue[];
    }
  | CostCycleError;

// ---- exact integer arithmetic ----

// fixed.ts works on branded types; the engine keeps plain integers in typed arrays and pools.
const allocate = (total: number, weights: readonly number[]): number[] => allocateMoney(total as Money, weights);
const extend = (qty: number, unitCost: number): number => extendCost(qty as Qty, unitCost as Money);
const unitCostFrom = (total: number, qty: number): number => unitCostOf(total as Money, qty as Qty);

// ---- the engine ----

/** Internal control flow only: caught in `runEngine` and turned into a CostCycleError. */
class CostCycle extends Error {
  constructor(readonly runs: readonly string[]) {
    super('cost cycle');
  }
}

interface Pool {
  readonly sku: string;
  readonly lot: string;
  readonly tableUnitCost: number | null;
  /** Movement indices of this lot in time order. */
  readonly moves: number[];
  /** How many of `moves` have been valued. */
  pos: number;
  /** Set while the pool is being advanced; the depth of the run stack when it started (for cycle reports). */
  busyAt: number;
  /** Quantity and value at the last inflow (the basis), and what has been drawn since. */
  basisQty: number;
  basisValue: number;
  drawnQty: number;
  drawnValue: number;
  originQty: number;
  originValue: number;
}

interface RunWork {
  readonly id: string;
  readonly consumes: number[];
  readonly produces: number[];
  state: 0 | 1 | 2;
  inputValue: number;
  conversion: number;
  outputQty: number;
}

interface Engine {
  readonly movements: readonly CostMovement[];
  /** One per lot, in the order the ledger (in time order) first names them, then lots only in the Lots table. */
  readonly pools: readonly Pool[];
  readonly poolOf: Pool[];
  readonly posInPool: Int32Array;
  readonly values: Float64Array;
  /** The cost layers of each movement that brings value into a lot (receipts, production); null for others. */
  readonly layersOf: (CostLayer[] | null)[];
  readonly runs: readonly RunWork[];
  readonly issues: CostIssue[];
}

function drawUnitCost(p: Pool): number | null {
  if (p.originQty > 0) return unitCostFrom(p.originValue, p.originQty);
  return p.tableUnitCost;
}

function runEngine(input: CostInput): { ok: true; engine: Engine } | CostCycleError {
  const { movements } = input;
  // Lots and runs by integer id (LotIds, StringIds), not by Maps keyed with built strings: on a large ledger the
  // string keys cost more than the costing itself.
  const tableIds = new LotIds(input.lots.length);
  const tableUnit: (number | null)[] = [];
  for (const l of input.lots) tableUnit[tableIds.idOf(l.sku, l.lot)] = l.unitCost;
  const conversionOf = new Map<string, number>();
  for (const r of input.runs) conversionOf.set(r.id, r.conversionCost);

  const order = movements.map((_, i) => i).sort((a, b) => {
    const da = movements[a]!.date;
    const db = movements[b]!.date;
    return da === db ? a - b : da < db ? -1 : 1;
  });
  const poolIds = new LotIds(input.lots.length);
  const pools: Pool[] = [];
  const poolOf: Pool[] = new Array<Pool>(movements.length);
  const posInPool = new Int32Array(movements.length);
  const runIds = new StringIds();
  const runs: RunWork[] = [];
  const runOf = new Int32Array(movements.length).fill(-1);
  const issues: CostIssue[] = [];
  const poolFor = (sku: string, lot: string): Pool => {
    const id = poolIds.idOf(sku, lot);
    let p = pools[id];
    if (!p) {
      const t = tableIds.find(sku, lot);
      p = { sku, lot, tableUnitCost: t < 0 ? null : (tableUnit[t] ?? null), moves: [], pos: 0, busyAt: -1, basisQty: 0, basisValue: 0, drawnQty: 0, drawnValue: 0, originQty: 0, originValue: 0 };
      pools[id] = p;
    }
    return p;
  };
  for (const i of order) {
    const m = movements[i]!;
    const p = poolFor(m.sku, m.lot);
    poolOf[i] = p;
    posInPool[i] = p.moves.length;
    p.moves.push(i);
    if (m.type !== 'CONSUME' && m.type !== 'PRODUCE') continue;
    const runId = m.ref ?? '';
    if (runId === '') {
      issues.push({ code: 'unlinked-movement', movementId: m.id });
      continue;
    }
    const r = runIds.idOf(runId);
    const run = (runs[r] ??= { id: runId, consumes: [], produces: [], state: 0, inputValue: 0, conversion: 0, outputQty: 0 });
    runOf[i] = r;
    (m.type === 'CONSUME' ? run.consumes : run.produces).push(i);
  }
  // Lots listed in the Lots table without movements still get a (zero) cost line.
  for (const l of input.lots) poolFor(l.sku, l.lot);

  const engine: Engine = { movements, pools, poolOf, posInPool, values: new Float64Array(movements.length), layersOf: new Array<CostLayer[] | null>(movements.length).fill(null), runs, issues };
  const active: string[] = [];

  const inflow = (p: Pool, qty: number, value: number) => {
    p.basisQty = p.basisQty - p.drawnQty + qty;
    p.basisValue = p.basisValue - p.drawnValue + value;
    p.drawnQty = 0;
    p.drawnValue = 0;
    p.originQty += qty;
    p.originValue += value;
  };
  /** Draws `draw` units (negative puts units back) and returns the value drawn. */
  const drawFrom = (p: Pool, draw: number, movementIndex: number): number => {
    const after = p.drawnQty + draw;
    let drawnValueAfter: number;
    if (p.basisQty > 0) {
      drawnValueAfter = mulDivHalfEven(p.basisValue, after, p.basisQty);
    } else {
      const unit = drawUnitCost(p);
      if (unit === null) {
        const m = movements[movementIndex]!;
        issues.push({ code: 'missing-unit-cost', movementId: m.id, sku: m.sku, lot: m.lot });
      }
      drawnValueAfter = p.drawnValue + extend(draw, unit ?? 0);
    }
    const value = drawnValueAfter - p.drawnValue;
    p.drawnQty = after;
    p.drawnValue = drawnValueAfter;
    return value;
  };

  const valueMovement = (i: number) => {
    const m = movements[i]!;
    const p = poolOf[i]!;
    if (m.type === 'RECEIVE' && (m.qty > 0 || m.unitCost != null)) {
      let unit = m.unitCost ?? p.tableUnitCost;
      if (unit == null) {
        issues.push({ code: 'missing-unit-cost', movementId: m.id, sku: m.sku, lot: m.lot });
        unit = 0;
      }
      const value = extend(m.qty, unit);
      engine.values[i] = value;
      engine.layersOf[i] = [{ kind: 'receipt', movementId: m.id, ref: m.ref ?? '', qty: m.qty, cost: value as Money }];
      inflow(p, m.qty, value);
      return;
    }
    if (m.type === 'PRODUCE') {
      const runId = m.ref ?? '';
      if (runId === '') {
        const value = extend(m.qty, p.tableUnitCost ?? 0);
        engine.values[i] = value;
        engine.layersOf[i] = [{ kind: 'unlinked', movementId: m.id, qty: m.qty, cost: value as Money }];
        inflow(p, m.qty, value);
        return;
      }
      computeRun(runs[runOf[i]!]!);
      inflow(p, m.qty, engine.values[i]!);
      return;
    }
    engine.values[i] = -drawFrom(p, -m.qty, i);
  };

  const ensureValued = (i: number) => {
    const p = poolOf[i]!;
    const target = posInPool[i]!;
    if (target < p.pos) return;
    if (p.busyAt >= 0) throw new CostCycle(active.slice(p.busyAt));
    p.busyAt = active.length;
    try {
      while (p.pos <= target) {
        valueMovement(p.moves[p.pos]!);
        p.pos++;
      }
    } finally {
      p.busyAt = -1;
    }
  };

  const computeRun = (run: RunWork) => {
    if (run.state === 2) return;
    if (run.state === 1) throw new CostCycle(active.slice(active.indexOf(run.id)));
    run.state = 1;
    active.push(run.id);
    // Input layers by input lot (its pool), in the order the lots were first consumed.
    const inputs = new Map<Pool, { sku: string; lot: string; qty: number; cost: number }>();
    for (const i of run.consumes) {
      ensureValued(i);
      const m = movements[i]!;
      const pool = poolOf[i]!;
      let layer = inputs.get(pool);
      if (!layer) {
        layer = { sku: pool.sku, lot: pool.lot, qty: 0, cost: 0 };
        inputs.set(pool, layer);
      }
      layer.qty -= m.qty;
      layer.cost -= engine.values[i]!;
      run.inputValue -= engine.values[i]!;
    }
    const conversion = conversionOf.get(run.id);
    if (conversion === undefined) issues.push({ code: 'unknown-run', runId: run.id });
    run.conversion = conversion ?? 0;
    const weights = run.produces.map((i) => Math.max(0, movements[i]!.qty));
    run.outputQty = weights.reduce((s, w) => s + w, 0);
    if (run.outputQty === 0) {
      if (run.inputValue !== 0 || run.conversion !== 0) issues.push({ code: 'run-without-output', runId: run.id, value: (run.inputValue + run.conversion) as Money });
      for (const i of run.produces) {
        engine.values[i] = 0;
        engine.layersOf[i] = [];
      }
    } else {
      // Each output's share of a layer is the change in its share of the running total, so an output's layers
      // add up to its share of the whole run (fair to within one unit) and each layer's shares add up to the layer.
      const perOutput: CostLayer[][] = run.produces.map(() => []);
      let runningTotal = 0;
      let before = weights.map(() => 0);
      const shareOf = (cost: number): number[] => {
        runningTotal += cost;
        const after = allocate(runningTotal, weights);
        const shares = after.map((v, k) => v - before[k]!);
        before = after;
        return shares;
      };
      for (const layer of inputs.values()) {
        const costs = shareOf(layer.cost);
        const qtys = allocate(layer.qty, weights);
        perOutput.forEach((list, k) => {
          if (weights[k]! > 0) list.push({ kind: 'input', runId: run.id, fromSku: layer.sku, fromLot: layer.lot, qty: qtys[k]! as Qty, cost: costs[k]! as Money });
        });
      }
      const conv = shareOf(run.conversion);
      perOutput.forEach((list, k) => {
        if (weights[k]! > 0) list.push({ kind: 'conversion', runId: run.id, cost: conv[k]! as Money });
      });
      run.produces.forEach((i, k) => {
        const layers = perOutput[k]!;
        engine.layersOf[i] = layers;
        engine.values[i] = layers.reduce((s, l) => s + l.cost, 0);
      });
    }
    active.pop();
    run.state = 2;
  };

  try {
    for (const run of runs) computeRun(run);
    for (const p of pools) if (p.moves.length > 0) ensureValued(p.moves[p.moves.length - 1]!);
  } catch (e) {
    if (!(e instanceof CostCycle)) throw e;
    const runIds = [...new Set(e.runs)].sort();
    return { ok: false, code: 'cycle', runs: runIds, message: `The cost of these runs depends on their own output: ${runIds.join(', ')}.` };
  }
  return { ok: true, engine };
}

/** Adds layers into `into`, merging input and conversion layers of the same run and input lot. */
function mergeLayers(into: CostLayer[], index: Map<string, number>, layers: readonly CostLayer[]): void {
  for (const l of layers) {
    const id = l.kind === 'input' ? `i\u0000${l.runId}\u0000${l.fromSku}\u0000${l.fromLot}` : l.kind === 'conversion' ? `c\u0000${l.runId}` : null;
    const at = id === null ? undefined : index.get(id);
    if (id === null || at === undefined) {
      if (id !== null) index.set(id, into.length);
      into.push(l);
      continue;
    }
    const prev = into[at]!;
    if (prev.kind === 'input' && l.kind === 'input') into[at] = { ...prev, qty: (prev.qty + l.qty) as Qty, cost: (prev.cost + l.cost) as Money };
    else if (prev.kind === 'conversion' && l.kind === 'conversion') into[at] = { ...prev, cost: (prev.cost + l.cost) as Money };
  }
}

function valuesById(e: Engine): Map<string, Money> {
  const byId = new Map<string, Money>();
  e.movements.forEach((m, i) => byId.set(m.id, e.values[i]! as Money));
  return byId;
}

/**
 * The costs of a few lots without costing the whole ledger: only the movements their values depend on go to
 * `costLots`. A lot's value depends on its own movements (rule 2) and, for a produced lot, on the runs that made
 * it (rule 4): their inputs, which are the lot's ancestors, and the quantities of all their outputs (the split).
 * So the movements kept are every movement of the lots and of their ancestors, plus the PRODUCE rows of the runs
 * that made any of them. Each of these lots then gets exactly the figures `costLots` gives it over the whole
 * ledger (a test holds the two side by side); other lots in the result are partial and must not be read, and
 * `valueOfMovement` follows the kept movements, not `input.movements`. Issues are those of the kept movements
 * only, and a cost cycle among lots outside the ancestry does not blank these lots' costs.
 */
export function costLotsOf(input: CostInput, lots: readonly { readonly sku: string; readonly lot: string }[]): CostResult {
  const ids = new LotIds();
  const ofMovement = ids.idsOf(input.movements);
  const g = buildGenealogy(input.movements, { lots: ids, ofMovement });
  const starts = lots.map((l) => ids.find(l.sku, l.lot)).filter((id) => id >= 0);
  const needLot = new Uint8Array(ids.size);
  const needRun = new Uint8Array(g.runNames.length);
  for (const id of walkLineage(g, starts, 'up').depths.keys()) {
    needLot[id] = 1;
    for (let k = g.producedBy.start[id]!; k < g.producedBy.start[id + 1]!; k++) needRun[g.producedBy.items[k]!] = 1;
  }
  const movements = input.movements.filter((m, i) => needLot[ofMovement[i]!] === 1 || (m.type === 'PRODUCE' && m.ref != null && m.ref !== '' && needRun[g.runIndex.find(m.ref)] === 1));
  return costLots({ ...input, movements });
}

export function costLots(input: CostInput): CostResult {
  const run = runEngine(input);
  if (!run.ok) return run;
  const e = run.engine;
  const lots = new Map<LotKey, LotCost>();
  for (const p of e.pools) {
    const key = lotKey(p.sku, p.lot);
    const layers: CostLayer[] = [];
    const index = new Map<string, number>();
    let onHandQty = 0;
    let onHandValue = 0;
    for (const i of p.moves) {
      onHandQty += e.movements[i]!.qty;
      onHandValue += e.values[i]!;
      const l = e.layersOf[i];
      if (l) mergeLayers(layers, index, l);
    }
    lots.set(key, {
      sku: p.sku,
      lot: p.lot,
      qtyIn: p.originQty as Qty,
      totalValueIn: p.originValue as Money,
      unitCost: (p.originQty > 0 ? unitCostFrom(p.originValue, p.originQty) : p.tableUnitCost) as Money | null,
      conversionCost: layers.reduce((s, l) => (l.kind === 'conversion' ? s + l.cost : s), 0) as Money,
      layers,
      onHandQty: onHandQty as Qty,
      onHandValue: onHandValue as Money,
    });
  }
  const runs = new Map<string, RunCost>();
  for (const r of e.runs) {
    runs.set(r.id, {
      runId: r.id,
      inputValue: r.inputValue as Money,
      conversionCost: r.conversion as Money,
      outputValue: (r.outputQty > 0 ? r.inputValue + r.conversion : 0) as Money,
      outputQty: r.outputQty as Qty,
    });
  }
  let byId: ReadonlyMap<string, Money> | undefined;
  return {
    ok: true,
    lots,
    runs,
    valueOfMovement: e.values,
    get movementValues() {
      return (byId ??= valuesById(e));
    },
    issues: e.issues,
  };
}

// ---- the period report ----

export interface QtyValue {
  readonly qty: Qty;
  readonly value: Money;
}

/**
 * One lot over a period. Every figure is a positive-reading total of the lot's movements in the period, except
 * `adjusted`, `returned` and `transferred`, which are signed nets (+ into the lot). It reconciles exactly:
 *   closing = opening + received + produced + returned + adjusted + transferred - consumed - shipped - destroyed
 * for quantity and for value, because every movement has one exact value and each figure is a sum of them
 * (closing itself is the sum of every movement up to the end of the period).
 */
export interface LotCostRow {
  readonly sku: string;
  readonly lot: string;
  readonly opening: QtyValue;
  readonly received: QtyValue;
  readonly produced: QtyValue;
  readonly returned: QtyValue;
  readonly adjusted: QtyValue;
  readonly transferred: QtyValue;
  readonly consumed: QtyValue;
  /** Cost of goods sold. */
  readonly shipped: QtyValue;
  /** Destroyed or written off. */
  readonly destroyed: QtyValue;
  readonly closing: QtyValue;
  /** Value in / quantity in over receipts and production up to the end of the period. */
  readonly unitCost: Money | null;
  /** Where the lot's value came from, up to the end of the period: for produced lots, which input lots and runs. */
  readonly layers: readonly CostLayer[];
}

export type LotCostTotals = Omit<LotCostRow, 'sku' | 'lot' | 'unitCost' | 'layers'>;

export type LotCostReport =
  | {
      readonly ok: true;
      readonly from: IsoDate;
      readonly to: IsoDate;
      readonly rows: readonly LotCostRow[];
      readonly totals: LotCostTotals;
      readonly issues: readonly CostIssue[];
      /** The value each movement carried, in the order of `input.movements` (the figures above add these up). */
      readonly valueOfMovement: Float64Array;
      /** The same by movement id; built when first read (a million-entry map is not free). */
      readonly movementValues: ReadonlyMap<string, Money>;
    }
  | CostCycleError
  | { readonly ok: false; readonly code: 'bad-period'; readonly message: string };

const FIGURES = ['opening', 'received', 'produced', 'returned', 'adjusted', 'transferred', 'consumed', 'shipped', 'destroyed', 'closing'] as const;
const [OPENING, RECEIVED, PRODUCED, RETURNED, ADJUSTED, TRANSFERRED, CONSUMED, SHIPPED, DESTROYED, CLOSING] = FIGURES.map((_, i) => i) as number[] as [number, number, number, number, number, number, number, number, number, number];

/**
 * The figure a movement lands in, as `index` for an incoming kind or `-1 - index` for an outgoing one (read as a
 * positive number, so negated). A switch returning small integers, so that the loop over a million movements
 * indexes a typed accumulator instead of looking figures up by name.
 */
function figureSlot(type: MovementType): number {
  switch (type) {
    case 'RECEIVE':
      return RECEIVED;
    case 'PRODUCE':
      return PRODUCED;
    case 'RETURN':
      return RETURNED;
    case 'ADJUST':
      return ADJUSTED;
    case 'TRANSFER':
      return TRANSFERRED;
    case 'CONSUME':
      return -1 - CONSUMED;
    case 'SHIP':
      return -1 - SHIPPED;
    case 'DESTROY':
      return -1 - DESTROYED;
    default:
      // The codec refuses unknown types; this guards hand-made data from being left out silently.
      throw new Error(`Unknown movement type ${String(type)}.`);
  }
}

/** Figures as quantity and value pairs: figure f at [2f] and [2f + 1]. */
type Acc = Float64Array;
const newAcc = (): Acc => new Float64Array(2 * FIGURES.length);

const figure = (acc: Acc, i: number): QtyValue => ({ qty: acc[2 * i]! as Qty, value: acc[2 * i + 1]! as Money });

function asFigures(acc: Acc): LotCostTotals {
  const { sku: _sku, lot: _lot, unitCost: _unitCost, layers: _layers, ...figures } = lotCostRow('', '', acc, null, []);
  return figures;
}

/** Built field by field (no spread), so that every row shares one object shape. */
function lotCostRow(sku: string, lot: string, acc: Acc, unitCost: Money | null, layers: readonly CostLayer[]): LotCostRow {
  return {
    sku,
    lot,
    opening: figure(acc, OPENING),
    received: figure(acc, RECEIVED),
    produced: figure(acc, PRODUCED),
    returned: figure(acc, RETURNED),
    adjusted: figure(acc, ADJUSTED),
    transferred: figure(acc, TRANSFERRED),
    consumed: figure(acc, CONSUMED),
    shipped: figure(acc, SHIPPED),
    destroyed: figure(acc, DESTROYED),
    closing: figure(acc, CLOSING),
    unitCost,
    layers,
  };
}

/**
 * Lot costs over [from, to] (both inclusive). Lots appear when they have a movement in the period or a non-zero
 * opening or closing quantity or value. Totals add every row; their quantities mix units, so they are a check
 * on the arithmetic, not a figure to read.
 */
export function lotCostReport(input: CostInput & { readonly from: IsoDate; readonly to: IsoDate }): LotCostReport {
  if (input.from > input.to) return { ok: false, code: 'bad-period', message: `The period starts (${input.from}) after it ends (${input.to}).` };
  const run = runEngine(input);
  if (!run.ok) return run;
  const e = run.engine;
  const rows: LotCostRow[] = [];
  const totals = newAcc();
  const acc = newAcc();
  for (const p of e.pools) {
    acc.fill(0);
    let active = false;
    let originQty = 0;
    let originValue = 0;
    const layers: CostLayer[] = [];
    let index: Map<string, number> | undefined;
    for (const i of p.moves) {
      const m = e.movements[i]!;
      if (m.date > input.to) break;
      const value = e.values[i]!;
      acc[2 * CLOSING]! += m.qty;
      acc[2 * CLOSING + 1]! += value;
      const origin = e.layersOf[i];
      if (origin) {
        originQty += m.qty;
        originValue += value;
        mergeLayers(layers, (index ??= new Map()), origin);
      }
      if (m.date < input.from) {
        acc[2 * OPENING]! += m.qty;
        acc[2 * OPENING + 1]! += value;
        continue;
      }
      active = true;
      const slot = figureSlot(m.type);
      if (slot >= 0) {
        acc[2 * slot]! += m.qty;
        acc[2 * slot + 1]! += value;
      } else {
        acc[2 * (-1 - slot)]! -= m.qty;
        acc[2 * (-1 - slot) + 1]! -= value;
      }
    }
    // Closing is summed on its own (not derived from the other figures), so the reconciliation is a real check.
    if (!active && acc[2 * OPENING] === 0 && acc[2 * OPENING + 1] === 0) continue;
    for (let k = 0; k < acc.length; k++) totals[k]! += acc[k]!;
    const unitCost = originQty > 0 ? unitCostFrom(originValue, originQty) : p.tableUnitCost;
    rows.push(lotCostRow(p.sku, p.lot, acc, unitCost as Money | null, layers));
  }
  rows.sort((x, y) => (x.sku !== y.sku ? (x.sku < y.sku ? -1 : 1) : x.lot < y.lot ? -1 : x.lot > y.lot ? 1 : 0));
  let byId: ReadonlyMap<string, Money> | undefined;
  return {
    ok: true,
    from: input.from,
    to: input.to,
    rows,
    totals: asFigures(totals),
    issues: e.issues,
    valueOfMovement: e.values,
    get movementValues() {
      return (byId ??= valuesById(e));
    },
  };
}
