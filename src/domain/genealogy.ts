/**
 * Lot genealogy: which lots went into which, through production runs.
 *
 * Only CONSUME and PRODUCE movements link lots, through the run id they carry in `ref`: every lot a run consumed
 * is a parent of every lot the run produced. Receipts, transfers, adjustments, returns, shipments and
 * destruction never create links. A CONSUME later reversed by a positive CONSUME still links: for tracing, a lot
 * that was ever booked into a run is treated as part of it (the safe side for a recall).
 *
 * The graph is built once (O(movements)); a cycle (a lot that is, through runs, its own ancestor, e.g. rework
 * booked back into the lot it came from) is found at build time with Tarjan's strongly connected components
 * over the lot/run graph, so traversals can report it instead of looping.
 */
import { lotKey } from './codec';
import type { LotKey, MovementType } from './types';

/** What genealogy needs of a movement; the Movements entity fits as is. */
export interface LinkMovement {
  readonly id: string;
  readonly type: MovementType;
  readonly sku: string;
  readonly lot: string;
  /** The run id for CONSUME and PRODUCE. */
  readonly ref?: string | null;
}

export interface LotRef {
  readonly key: LotKey;
  readonly sku: string;
  readonly lot: string;
}

export interface RunLinks {
  readonly id: string;
  /** Lots the run consumed, in first-seen order, each once. */
  readonly inputs: readonly LotKey[];
  /** Lots the run produced, in first-seen order, each once. */
  readonly outputs: readonly LotKey[];
}

export interface GenealogyCycle {
  /** The runs through which the lots feed themselves, sorted. */
  readonly runs: readonly string[];
  readonly lots: readonly LotKey[];
}

export interface Genealogy {
  /** Every lot named by any movement (linked or not), so that a received lot is known and simply has no parents. */
  readonly lots: ReadonlyMap<LotKey, LotRef>;
  readonly runs: ReadonlyMap<string, RunLinks>;
  /** Run ids that produced the lot. */
  readonly producedBy: ReadonlyMap<LotKey, readonly string[]>;
  /** Run ids that consumed the lot. */
  readonly consumedBy: ReadonlyMap<LotKey, readonly string[]>;
  readonly cycles: readonly GenealogyCycle[];
  /** Index into `cycles` for each lot on a cycle. */
  readonly cycleOfLot: ReadonlyMap<LotKey, number>;
  /** Ids of CONSUME and PRODUCE movements without a run id: they cannot be linked and should be fixed. */
  readonly unlinked: readonly string[];
}

export interface LineageLink extends LotRef {
  /** The runs that link the two lots. */
  readonly runs: readonly string[];
}

export interface LineageLot extends LotRef {
  /** 1 for a parent (or child), 2 for a grandparent, ...: the fewest runs between the two lots. */
  readonly depth: number;
}

export interface GenealogyCycleError {
  readonly ok: false;
  readonly code: 'cycle';
  readonly runs: readonly string[];
  readonly lots: readonly LotKey[];
  readonly message: string;
}

export type LineageResult = { readonly ok: true; readonly lots: readonly LineageLot[] } | GenealogyCycleError;

export type LineageWay = 'up' | 'down';

/**
 * Small integer ids for lots, found through a SKU -> lot -> id map so that a million rows cost two hash look-ups
 * each and no string building; each lot's LotKey string is made once. Shared with the recall index, which
 * reads the same movements and must not pay for the look-ups twice.
 */
export class LotIds {
  readonly refs: LotRef[] = [];
  private readonly bySku = new Map<string, Map<string, number>>();

  idOf(sku: string, lot: string): number {
    let lots = this.bySku.get(sku);
    if (!lots) {
      lots = new Map();
      this.bySku.set(sku, lots);
    }
    let id = lots.get(lot);
    if (id === undefined) {
      id = this.refs.length;
      lots.set(lot, id);
      this.refs.push({ key: lotKey(sku, lot), sku, lot });
    }
    return id;
  }

  /** The id of every row, in row order. */
  idsOf(rows: readonly { readonly sku: string; readonly lot: string }[]): Int32Array {
    const ids = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) ids[i] = this.idOf(rows[i]!.sku, rows[i]!.lot);
    return ids;
  }
}

/**
 * Builds the run graph in one pass over the movements; the public maps are made once per distinct lot and run
 * at the end. `lotIds` (ids of `movements`, from `LotIds.idsOf`) lets a caller that already has them skip the
 * look-ups.
 */
export function buildGenealogy(movements: readonly LinkMovement[], ids?: { readonly lots: LotIds; readonly ofMovement: Int32Array }): Genealogy {
  const lotIds = ids?.lots ?? new LotIds();
  const ofMovement = ids?.ofMovement ?? lotIds.idsOf(movements);
  const lotRefs = lotIds.refs;
  const runIndex = new Map<string, number>();
  const runNames: string[] = [];
  const runIn: number[][] = [];
  const runOut: number[][] = [];
  const unlinked: string[] = [];
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i]!;
    if (m.type !== 'CONSUME' && m.type !== 'PRODUCE') continue;
    const runId = m.ref ?? '';
    if (runId === '') {
      unlinked.push(m.id);
      continue;
    }
    let r = runIndex.get(runId);
    if (r === undefined) {
      r = runNames.length;
      runIndex.set(runId, r);
      runNames.push(runId);
      runIn.push([]);
      runOut.push([]);
    }
    (m.type === 'CONSUME' ? runIn : runOut)[r]!.push(ofMovement[i]!);
  }

  // Dedupe each run's lists in first-seen order; a stamp per lot avoids a Set per run.
  const stamp = new Int32Array(lotRefs.length).fill(-1);
  const dedupe = (list: number[], mark: number): number[] => {
    const out: number[] = [];
    for (const x of list) {
      if (stamp[x] === mark) continue;
      stamp[x] = mark;
      out.push(x);
    }
    return out;
  };
  // Filled up front: writing at scattered indices of an empty array would turn it into a slow sparse array.
  const consumedByIds: (number[] | null)[] = new Array<number[] | null>(lotRefs.length).fill(null);
  const producedByIds: (number[] | null)[] = new Array<number[] | null>(lotRefs.length).fill(null);
  const addTo = (lists: (number[] | null)[], lot: number, run: number) => {
    const list = lists[lot];
    if (list) list.push(run);
    else lists[lot] = [run];
  };
  const runs = new Map<string, RunLinks>();
  for (let r = 0; r < runNames.length; r++) {
    const ins = dedupe(runIn[r]!, 2 * r);
    const outs = dedupe(runOut[r]!, 2 * r + 1);
    runIn[r] = ins;
    runOut[r] = outs;
    for (const x of ins) addTo(consumedByIds, x, r);
    for (const x of outs) addTo(producedByIds, x, r);
    runs.set(runNames[r]!, { id: runNames[r]!, inputs: ins.map((x) => lotRefs[x]!.key), outputs: outs.map((x) => lotRefs[x]!.key) });
  }

  const lots = new Map<LotKey, LotRef>();
  const producedBy = new Map<LotKey, readonly string[]>();
  const consumedBy = new Map<LotKey, readonly string[]>();
  for (let i = 0; i < lotRefs.length; i++) {
    const ref = lotRefs[i]!;
    lots.set(ref.key, ref);
    const p = producedByIds[i];
    if (p) producedBy.set(ref.key, p.map((r) => runNames[r]!));
    const c = consumedByIds[i];
    if (c) consumedBy.set(ref.key, c.map((r) => runNames[r]!));
  }

  const cycles = findCycles(lotRefs.length, consumedByIds, runOut).map(({ lots: ls, runs: rs }) => ({
    runs: rs.map((r) => runNames[r]!).sort(),
    lots: ls.map((l) => lotRefs[l]!.key).sort(),
  }));
  const cycleOfLot = new Map<LotKey, number>();
  cycles.forEach((c, i) => c.lots.forEach((k) => cycleOfLot.set(k, i)));
  return { lots, runs, producedBy, consumedBy, cycles, cycleOfLot, unlinked };
}

/**
 * Strongly connected components of the bipartite graph lot -> run (consumed by) -> lot (produced); any component
 * with more than one node is a cycle. Iterative Tarjan, so deep genealogies cannot overflow the stack.
 * Nodes 0..lotCount-1 are lots, lotCount.. are runs.
 */
function findCycles(lotCount: number, consumedBy: readonly (number[] | null)[], runOutputs: readonly number[][]): { lots: number[]; runs: number[] }[] {
  const n = lotCount + runOutputs.length;
  const NONE: readonly number[] = [];
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  // The explicit DFS stack: node, and position in its edge list.
  const workNode = new Int32Array(n);
  const workEdge = new Int32Array(n);
  const stack: number[] = [];
  const cycles: { lots: number[]; runs: number[] }[] = [];
  // Edges of a lot go to runs (offset by lotCount); edges of a run go to lots.
  const edgeCount = (v: number) => (v < lotCount ? (consumedBy[v] ?? NONE).length : runOutputs[v - lotCount]!.length);
  const edgeAt = (v: number, i: number) => (v < lotCount ? consumedBy[v]![i]! + lotCount : runOutputs[v - lotCount]![i]!);
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    // Only lots that some run consumes, and runs, can be on a cycle; skip the rest cheaply.
    if (edgeCount(root) === 0) {
      index[root] = low[root] = counter++;
      continue;
    }
    let depth = 0;
    const open = (v: number) => {
      index[v] = low[v] = counter++;
      stack.push(v);
      onStack[v] = 1;
      workNode[depth] = v;
      workEdge[depth] = 0;
      depth++;
    };
    open(root);
    while (depth > 0) {
      const v = workNode[depth - 1]!;
      const i = workEdge[depth - 1]!;
      if (i < edgeCount(v)) {
        workEdge[depth - 1] = i + 1;
        const w = edgeAt(v, i);
        if (index[w] === -1) open(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = workNode[depth - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) {
        cycles.push({ lots: component.filter((x) => x < lotCount), runs: component.filter((x) => x >= lotCount).map((x) => x - lotCount) });
      }
    }
  }
  return cycles;
}

function sortLinks<T extends LotRef>(list: T[]): T[] {
  return list.sort((a, b) => (a.sku !== b.sku ? (a.sku < b.sku ? -1 : 1) : a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0));
}

function directLinks(g: Genealogy, key: LotKey, way: LineageWay): LineageLink[] {
  const viaRuns = (way === 'up' ? g.producedBy : g.consumedBy).get(key) ?? [];
  const found = new Map<LotKey, string[]>();
  for (const runId of viaRuns) {
    const run = g.runs.get(runId)!;
    for (const k of way === 'up' ? run.inputs : run.outputs) {
      const list = found.get(k);
      if (list) list.push(runId);
      else found.set(k, [runId]);
    }
  }
  return sortLinks([...found].map(([k, runs]) => ({ ...g.lots.get(k)!, runs })));
}

/** The lots consumed by the runs that produced `key`. Empty for a received or unknown lot. */
export function parentsOf(g: Genealogy, key: LotKey): LineageLink[] {
  return directLinks(g, key, 'up');
}

/** The lots produced by the runs that consumed `key`. */
export function childrenOf(g: Genealogy, key: LotKey): LineageLink[] {
  return directLinks(g, key, 'down');
}

/**
 * Breadth-first walk from several lots at once, up (towards inputs) or down (towards outputs). Returns each lot
 * reached with its depth (the starts at 0) and the cycles met. Terminates on any graph: each lot is visited once.
 */
export function walkLineage(g: Genealogy, starts: Iterable<LotKey>, way: LineageWay): { depths: Map<LotKey, number>; cycles: Set<number> } {
  const depths = new Map<LotKey, number>();
  const cycles = new Set<number>();
  const via = way === 'up' ? g.producedBy : g.consumedBy;
  let frontier: LotKey[] = [];
  for (const k of starts) {
    if (depths.has(k)) continue;
    depths.set(k, 0);
    frontier.push(k);
  }
  let depth = 0;
  while (frontier.length > 0) {
    depth++;
    const next: LotKey[] = [];
    for (const k of frontier) {
      const c = g.cycleOfLot.get(k);
      if (c !== undefined) cycles.add(c);
      const runIds = via.get(k);
      if (!runIds) continue;
      for (const runId of runIds) {
        const run = g.runs.get(runId)!;
        for (const nk of way === 'up' ? run.inputs : run.outputs) {
          if (depths.has(nk)) continue;
          depths.set(nk, depth);
          next.push(nk);
        }
      }
    }
    frontier = next;
  }
  return { depths, cycles };
}

function lineage(g: Genealogy, key: LotKey, way: LineageWay): LineageResult {
  const { depths, cycles } = walkLineage(g, [key], way);
  if (cycles.size > 0) return cycleError(g, cycles);
  const lots: LineageLot[] = [];
  for (const [k, depth] of depths) if (depth > 0) lots.push({ ...g.lots.get(k)!, depth });
  sortLinks(lots).sort((a, b) => a.depth - b.depth);
  return { ok: true, lots };
}

/** Every lot that went into `key`, at any depth, with the fewest runs between them. */
export function ancestors(g: Genealogy, key: LotKey): LineageResult {
  return lineage(g, key, 'up');
}

/** Every lot that `key` went into, at any depth. */
export function descendants(g: Genealogy, key: LotKey): LineageResult {
  return lineage(g, key, 'down');
}

export function cycleError(g: Genealogy, cycleIds: Iterable<number>): GenealogyCycleError {
  const runs = new Set<string>();
  const lots = new Set<LotKey>();
  for (const i of cycleIds) {
    const c = g.cycles[i]!;
    c.runs.forEach((r) => runs.add(r));
    c.lots.forEach((k) => lots.add(k));
  }
  const runList = [...runs].sort();
  return {
    ok: false,
    code: 'cycle',
    runs: runList,
    lots: [...lots].sort(),
    message: `These runs feed lots back into their own ancestry: ${runList.join(', ')}.`,
  };
}
