/**
 * Lot genealogy: which lots went into which, through production runs.
 *
 * Only CONSUME and PRODUCE movements link lots, through the run id they carry in `ref`: every lot a run consumed
 * is a parent of every lot the run produced. Receipts, transfers, adjustments, returns, shipments and
 * destruction never create links. A CONSUME later reversed by a positive CONSUME still links: for tracing, a lot
 * that was ever booked into a run is treated as part of it (the safe side for a recall).
 *
 * The graph is built once, in O(movements), as integer ids and compressed adjacency arrays (typed arrays, no
 * array per lot or run), so that a million-row ledger builds fast and leaves little for the garbage collector.
 * A cycle (a lot that is, through runs, its own ancestor, e.g. rework booked back into the lot it came from) is
 * found at build time with Tarjan's strongly connected components over the lot/run graph, so traversals can
 * report it instead of looping.
 */
import { KEY_SEPARATOR, lotKey } from './codec';
import { StringIds } from './string-ids';
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

/** Compressed adjacency: the items of node i are items[start[i] .. start[i + 1]). */
export interface Adjacency {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

export interface Genealogy {
  /**
   * Lot ids: every lot named by any movement (linked or not), so that a received lot is known and simply has
   * no parents, plus any lot the caller interned before building (the recall index adds shipment-only lots).
   */
  readonly lots: LotLookup;
  /** Run ids by run id string (`find` gives -1 for a run no movement names). */
  readonly runIndex: Pick<StringIds, 'find'>;
  readonly runNames: readonly string[];
  /** Lot ids each run consumed / produced, each once, in first-seen order. */
  readonly runInputs: Adjacency;
  readonly runOutputs: Adjacency;
  /** Run ids that consumed / produced each lot, in first-seen order. */
  readonly consumedBy: Adjacency;
  readonly producedBy: Adjacency;
  readonly cycles: readonly GenealogyCycle[];
  /** Index into `cycles` for each lot id, -1 for a lot on no cycle. */
  readonly cycleOfLot: Int32Array;
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

/** Lot ids both ways: key -> id, id -> lot. */
export interface LotLookup {
  /** How many lots have ids: ids run from 0 to size - 1. */
  readonly size: number;
  get(key: LotKey): number | undefined;
  has(key: LotKey): boolean;
  /** The lot of an id; a new object each call (its key string is built then, not for every lot up front). */
  ref(id: number): LotRef;
}

/**
 * Small integer ids for lots. Shared with the recall index, which reads the same movements (and the shipments)
 * and must not pay for the look-ups twice. Built for a million rows: one probe of a typed-array hash table per
 * row (see StringIds), nothing allocated per row, and per lot only its two strings kept: no LotRef object and
 * no key string until `ref` is asked for one.
 */
export class LotIds implements LotLookup {
  private readonly ids: StringIds;

  constructor(expectedLots?: number) {
    this.ids = new StringIds(expectedLots);
  }

  get size(): number {
    return this.ids.size;
  }

  idOf(sku: string, lot: string): number {
    return this.ids.idOf(sku, lot);
  }

  /** The id of a lot, -1 for a lot never seen. */
  find(sku: string, lot: string): number {
    return this.ids.find(sku, lot);
  }

  /** The id of a lot key, undefined for a lot never seen. */
  get(key: LotKey): number | undefined {
    const cut = key.indexOf(KEY_SEPARATOR);
    if (cut < 0) return undefined;
    const id = this.ids.find(key.slice(0, cut), key.slice(cut + KEY_SEPARATOR.length));
    return id < 0 ? undefined : id;
  }

  has(key: LotKey): boolean {
    return this.get(key) !== undefined;
  }

  ref(id: number): LotRef {
    const sku = this.ids.firsts[id]!;
    const lot = this.ids.seconds[id]!;
    return { key: lotKey(sku, lot), sku, lot };
  }

  /** The id of every row, in row order. */
  idsOf(rows: readonly { readonly sku: string; readonly lot: string }[]): Int32Array {
    const ids = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) ids[i] = this.idOf(rows[i]!.sku, rows[i]!.lot);
    return ids;
  }
}

/** How a movement links its lot to a run: not at all, as the run's input (CONSUME) or output (PRODUCE). */
export const LINK_NONE = 0;
export const LINK_INPUT = 1;
export const LINK_OUTPUT = 2;
export const linkSide = (type: MovementType): number => (type === 'CONSUME' ? LINK_INPUT : type === 'PRODUCE' ? LINK_OUTPUT : LINK_NONE);

/**
 * Rows grouped by their id (a stable counting sort): the rows of id i are items[start[i] .. start[i + 1]), in row
 * order. Two typed arrays and no other allocation.
 */
export function groupRows(idOfRow: Int32Array, count: number): Adjacency {
  const start = new Int32Array(count + 1);
  for (let r = 0; r < idOfRow.length; r++) start[idOfRow[r]!]!++;
  // Each start[i] becomes the end of id i's rows; filling backwards then moves it to their beginning.
  let end = 0;
  for (let i = 0; i < count; i++) start[i] = end += start[i]!;
  start[count] = idOfRow.length;
  const items = new Int32Array(idOfRow.length);
  for (let r = idOfRow.length - 1; r >= 0; r--) items[--start[idOfRow[r]!]!] = r;
  return { start, items };
}

const items = (a: Adjacency, i: number): Int32Array => a.items.subarray(a.start[i]!, a.start[i + 1]!);

/** Inverts run -> lots into lot -> runs, keeping runs in id (first-seen) order. */
function invert(byRun: Adjacency, runCount: number, lotCount: number): Adjacency {
  const links = byRun.start[runCount]!;
  const runOfLink = new Int32Array(links);
  for (let r = 0; r < runCount; r++) runOfLink.fill(r, byRun.start[r]!, byRun.start[r + 1]!);
  // Links grouped by lot keep their order, which is run order; then each link is replaced by its run.
  const byLot = groupRows(byRun.items.subarray(0, links), lotCount);
  for (let j = 0; j < links; j++) byLot.items[j] = runOfLink[byLot.items[j]!]!;
  return byLot;
}

/**
 * Builds the run graph in one pass over the movements. `ids` (a LotIds and the id of each movement from
 * `idsOf`, and optionally each movement's LINK_* side) lets a caller that already has them skip the look-ups
 * and the type compares.
 */
export function buildGenealogy(movements: readonly LinkMovement[], ids?: { readonly lots: LotIds; readonly ofMovement: Int32Array; readonly sides?: Uint8Array }): Genealogy {
  const lotIds = ids?.lots ?? new LotIds();
  const ofMovement = ids?.ofMovement ?? lotIds.idsOf(movements);
  const sides = ids?.sides;
  const lotCount = lotIds.size;

  // Pass 1: the links as flat arrays (run id, lot id, side), in row order. With the sides known, the links are
  // counted first so that each array is allocated once (and the run table sized for a run per four links).
  let capacity = 1024;
  if (sides) {
    capacity = 0;
    for (let i = 0; i < sides.length; i++) if (sides[i] !== LINK_NONE) capacity++;
  }
  const runIndex = new StringIds(capacity >> 2);
  const runNames = runIndex.firsts;
  const unlinked: string[] = [];
  let linkRun = new Int32Array(capacity);
  let linkLot = new Int32Array(capacity);
  let linkOut = new Uint8Array(capacity);
  let links = 0;
  // A run's movements are booked together, so consecutive rows mostly name the same run: compare with the last
  // run id before hashing.
  let lastRunId: string | null = null;
  let lastRun = -1;
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i]!;
    const side = sides ? sides[i]! : linkSide(m.type);
    if (side === LINK_NONE) continue;
    const runId = m.ref ?? '';
    if (runId === '') {
      unlinked.push(m.id);
      continue;
    }
    const r = runId === lastRunId ? lastRun : runIndex.idOf(runId);
    lastRunId = runId;
    lastRun = r;
    if (links === linkRun.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
      const size = Math.max(1024, links * 2);
      linkRun = grow(linkRun, new Int32Array(size));
      linkLot = grow(linkLot, new Int32Array(size));
      linkOut = grow(linkOut, new Uint8Array(size));
    }
    linkRun[links] = r;
    linkLot[links] = ofMovement[i]!;
    linkOut[links] = side === LINK_OUTPUT ? 1 : 0;
    links++;
  }
  const runCount = runNames.length;

  // Pass 2: links grouped by run (stable counting sort), then each run's inputs and outputs deduplicated with a
  // stamp per lot (valid because one run is finished before the next starts).
  const { start: byRunStart, items: order } = groupRows(linkRun.subarray(0, links), runCount);
  const stampIn = new Int32Array(lotCount).fill(-1);
  const stampOut = new Int32Array(lotCount).fill(-1);
  const inStart = new Int32Array(runCount + 1);
  const outStart = new Int32Array(runCount + 1);
  const inItems = new Int32Array(links);
  const outItems = new Int32Array(links);
  let nIn = 0;
  let nOut = 0;
  for (let r = 0; r < runCount; r++) {
    for (let j = byRunStart[r]!; j < byRunStart[r + 1]!; j++) {
      const k = order[j]!;
      const lot = linkLot[k]!;
      const stamp = linkOut[k] ? stampOut : stampIn;
      if (stamp[lot] === r) continue;
      stamp[lot] = r;
      if (linkOut[k]) outItems[nOut++] = lot;
      else inItems[nIn++] = lot;
    }
    inStart[r + 1] = nIn;
    outStart[r + 1] = nOut;
  }
  const runInputs: Adjacency = { start: inStart, items: inItems.subarray(0, nIn) };
  const runOutputs: Adjacency = { start: outStart, items: outItems.subarray(0, nOut) };
  const consumedBy = invert(runInputs, runCount, lotCount);
  const producedBy = invert(runOutputs, runCount, lotCount);

  const cycleOfLot = new Int32Array(lotCount).fill(-1);
  const cycles = findCycles(lotCount, consumedBy, runOutputs).map(({ lots: ls, runs: rs }, c) => {
    ls.forEach((l) => (cycleOfLot[l] = c));
    return { runs: rs.map((r) => runNames[r]!).sort(), lots: ls.map((l) => lotIds.ref(l).key).sort() };
  });
  return { lots: lotIds, runIndex, runNames, runInputs, runOutputs, consumedBy, producedBy, cycles, cycleOfLot, unlinked };
}

/**
 * Strongly connected components of the bipartite graph lot -> run (consumed by) -> lot (produced); any component
 * with more than one node is a cycle. Iterative Tarjan, so deep genealogies cannot overflow the stack.
 * Nodes 0..lotCount-1 are lots, lotCount.. are runs.
 */
function findCycles(lotCount: number, consumedBy: Adjacency, runOutputs: Adjacency): { lots: number[]; runs: number[] }[] {
  const runCount = runOutputs.start.length - 1;
  const n = lotCount + runCount;
  const edgeStart = (v: number) => (v < lotCount ? consumedBy.start[v]! : runOutputs.start[v - lotCount]!);
  const edgeEnd = (v: number) => (v < lotCount ? consumedBy.start[v + 1]! : runOutputs.start[v - lotCount + 1]!);
  const edgeTo = (v: number, e: number) => (v < lotCount ? consumedBy.items[e]! + lotCount : runOutputs.items[e]!);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  // The explicit DFS stack: node, and the next edge to follow.
  const workNode = new Int32Array(n);
  const workEdge = new Int32Array(n);
  const stack: number[] = [];
  const cycles: { lots: number[]; runs: number[] }[] = [];
  let counter = 0;
  let depth = 0;
  const open = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    workNode[depth] = v;
    workEdge[depth] = edgeStart(v);
    depth++;
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    // A node without edges is its own component: no need to walk it.
    if (edgeStart(root) === edgeEnd(root)) {
      index[root] = low[root] = counter++;
      continue;
    }
    open(root);
    while (depth > 0) {
      const v = workNode[depth - 1]!;
      const e = workEdge[depth - 1]!;
      if (e < edgeEnd(v)) {
        workEdge[depth - 1] = e + 1;
        const w = edgeTo(v, e);
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

/** The run's links by run id, as lot keys; undefined for a run no movement names. */
export function runLinks(g: Genealogy, runId: string): RunLinks | undefined {
  const r = g.runIndex.find(runId);
  if (r < 0) return undefined;
  const keys = (ids: Int32Array) => Array.from(ids, (l) => g.lots.ref(l).key);
  return { id: runId, inputs: keys(items(g.runInputs, r)), outputs: keys(items(g.runOutputs, r)) };
}

function sortLinks<T extends LotRef>(list: T[]): T[] {
  return list.sort((a, b) => (a.sku !== b.sku ? (a.sku < b.sku ? -1 : 1) : a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0));
}

function directLinks(g: Genealogy, key: LotKey, way: LineageWay): LineageLink[] {
  const id = g.lots.get(key);
  if (id === undefined) return [];
  const found = new Map<number, string[]>();
  for (const r of items(way === 'up' ? g.producedBy : g.consumedBy, id)) {
    for (const l of items(way === 'up' ? g.runInputs : g.runOutputs, r)) {
      const list = found.get(l);
      if (list) list.push(g.runNames[r]!);
      else found.set(l, [g.runNames[r]!]);
    }
  }
  return sortLinks([...found].map(([l, runs]) => ({ ...g.lots.ref(l), runs })));
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
 * Breadth-first walk from several lots (ids) at once, up (towards inputs) or down (towards outputs). Returns
 * each lot id reached with its depth (the starts at 0) and the cycles met. Terminates on any graph: each lot is
 * visited once.
 */
export function walkLineage(g: Genealogy, starts: Iterable<number>, way: LineageWay): { depths: Map<number, number>; cycles: Set<number> } {
  const depths = new Map<number, number>();
  const cycles = new Set<number>();
  const via = way === 'up' ? g.producedBy : g.consumedBy;
  const to = way === 'up' ? g.runInputs : g.runOutputs;
  let frontier: number[] = [];
  for (const l of starts) {
    if (depths.has(l)) continue;
    depths.set(l, 0);
    frontier.push(l);
  }
  let depth = 0;
  while (frontier.length > 0) {
    depth++;
    const next: number[] = [];
    for (const l of frontier) {
      const c = g.cycleOfLot[l]!;
      if (c >= 0) cycles.add(c);
      for (let e = via.start[l]!; e < via.start[l + 1]!; e++) {
        const r = via.items[e]!;
        for (let f = to.start[r]!; f < to.start[r + 1]!; f++) {
          const nl = to.items[f]!;
          if (depths.has(nl)) continue;
          depths.set(nl, depth);
          next.push(nl);
        }
      }
    }
    frontier = next;
  }
  return { depths, cycles };
}

function lineage(g: Genealogy, key: LotKey, way: LineageWay): LineageResult {
  const id = g.lots.get(key);
  if (id === undefined) return { ok: true, lots: [] };
  const { depths, cycles } = walkLineage(g, [id], way);
  if (cycles.size > 0) return cycleError(g, cycles);
  const lots: LineageLot[] = [];
  for (const [l, depth] of depths) if (depth > 0) lots.push({ ...g.lots.ref(l), depth });
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
