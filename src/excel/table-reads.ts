/**
 * Reading Lotbook's tables from Excel: whole or by columns, in as few round trips as the 5 MB limit allows
 * (`loadRaw`), and served from the table memory wherever Excel's stamps say it still holds (`readRaw`).
 */
import { WorkbookError } from '../app/ports';
import { TABLES } from '../domain/schema';
import type { TableName } from '../domain/types';
import { estimateJsonBytes, sameHeaders } from './cells';
import { officeCode } from './errors';
import { inChunks } from './chunks';
import { blockStamp, parseStamp, parseSuper, STAMP_BLOCK_ROWS, STAMP_RANGE, STAMP_SHEET, STAMP_SUPER_BLOCKS, superCell, superCells, type TableStamp } from './stamps';
import { blockConfirmable, blockOf, blockSpan, blockWithReadBack, changesOf, mergeBlocks, readBackBlocks, superOf, type RememberedTable, type TableMemory } from './table-memory';
import type { XlRange, XlRequestContext } from './office-subset';

export interface SizeHint {
  rows: number;
  bytesPerRow: number;
  /** The headers last read: where a read of some columns looks for them first. */
  headers?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Read

/** What one table looks like in a fresh read: its headers, where it is, and the body columns asked for. */
export interface RawTable {
  name: TableName;
  headers: string[];
  headerAddress: string;
  rowCount: number;
  /**
   * Body rows as wide as `headers`, each cell where its header is. Where only some columns were read (`columns`),
   * the others hold undefined.
   */
  body: unknown[][];
  /** The headers of the columns `body` holds when only some were read; undefined for whole rows. */
  columns?: readonly string[];
}

export interface RawSpec {
  name: TableName;
  /** Headers of the body columns to read; all columns when absent. */
  columns?: readonly string[];
  /**
   * The columns are a wish, not a need (a command reading only what it uses): where one of them is not in the
   * table (an optional column a person deleted), the table is read whole instead of refused.
   */
  wish?: boolean;
}

/**
 * Rows a table is expected to hold relative to the others (the proportions of a working lot book), used to share
 * the first request's budget when the adapter has not seen the workbook yet.
 */
const TYPICAL_ROWS: Readonly<Record<TableName, number>> = {
  Movements: 10_000,
  Lots: 3_500,
  Shipments: 3_000,
  Runs: 2_000,
  Log: 1_000,
  Orders: 600,
  Customers: 600,
  Products: 400,
  Settings: 50,
};

/**
 * Reads table bodies in as few round trips as the 5 MB limit allows. The first sync reads every header, every
 * row count and as many rows of each table as the budget allows (shared by what the adapter last saw, or by
 * typical proportions); a workbook that fits is read in that one sync. Rows beyond it come in chunks, one sync per
 * chunk. Bytes are estimated; a response that still turns out too big is retried with half the rows.
 */
export async function loadRaw(
  context: XlRequestContext,
  specs: readonly RawSpec[],
  budget: number,
  hints: Map<TableName, SizeHint>,
  /** Other loads to make in the first sync; queued again on a retry, since a refused response loses them too. */
  alsoLoad?: () => void,
  /** Tables that `alsoLoad` touches, to name them if they are gone. */
  alsoTables: readonly TableName[] = [],
  /** A second read, after columns changed during the first. */
  again = false,
): Promise<Map<TableName, RawTable>> {
  const names = [...specs.map((s) => s.name), ...alsoTables];
  const share = (s: RawSpec) => (s.columns ? s.columns.length : TABLES[s.name].columns.length);
  const perRow = (s: RawSpec) => {
    const h = hints.get(s.name);
    // Some columns, before any was measured: each may come back as a range of its own (3 more bytes per cell), and
    // they are often ids and codes, which run wider than the table's average cell (dates, quantities): twice the
    // average, and at least 24 bytes, so that the first response is not refused (a refusal costs a round trip; the
    // chunks after it are sized from the rows actually read).
    if (s.columns) {
      const average = h ? h.bytesPerRow / Math.max(TABLES[s.name].columns.length, 1) : 14;
      return share(s) * (Math.max(2 * average, 24) + 3);
    }
    return h ? h.bytesPerRow : share(s) * 14 + 3;
  };
  const expected = (s: RawSpec) => hints.get(s.name)?.rows ?? TYPICAL_ROWS[s.name];
  const demand = specs.reduce((sum, s) => sum + expected(s) * perRow(s), 0);

  const first: { spec: RawSpec; cap: number }[] = specs.map((spec) => ({ spec, cap: Math.max(50, Math.floor((expected(spec) * budget) / Math.max(demand, 1))) }));
  let shapes;
  for (let attempt = 0; ; attempt++) {
    alsoLoad?.();
    shapes = first.map(({ spec, cap }) => {
      const table = context.workbook.tables.getItem(spec.name);
      const header = table.getHeaderRowRange().load('values, address');
      const body = table.getDataBodyRange().load('rowCount');
      // The first `cap` rows, clipped to the table: a small table comes back whole, a big one in part. Columns read
      // in part are taken where they were last seen (or where set up puts them), adjacent ones as one range, and
      // kept only if the headers read in this same request say they are there.
      const guess = spec.columns ? guessPlaces(spec, hints.get(spec.name)?.headers) : undefined;
      const firstRows = body.getRow(0).getResizedRange(Math.max(cap, 1) - 1, 0);
      const heads = cap <= 0 ? [] : guess ? runsOf(guess).map((run) => firstRows.getColumn(0).getOffsetRange(0, run.start).getResizedRange(0, run.width - 1).getIntersectionOrNullObject(body).load('values')) : [firstRows.getIntersectionOrNullObject(body).load('values')];
      return { spec, cap, header, body, heads, guess };
    });
    try {
      await syncOrExplainMissing(context, names);
      break;
    } catch (e) {
      // The guess was wrong: read only the sizes now, and everything else in measured chunks.
      if (!isPayloadLimit(e) || attempt >= 1) throw e;
      for (const f of first) f.cap = 0;
    }
  }

  const out = new Map<TableName, RawTable>();
  type Runs = ReturnType<typeof runsOf> | undefined;
  type Chunk = { spec: RawSpec; runs: Runs; start: number; count: number; bytes: number; ranges?: XlRange[]; header?: XlRange };
  const chunks: Chunk[] = [];
  for (const shape of shapes) {
    const { header, body, heads, guess } = shape;
    const headers = (header.values[0] ?? []).map(String);
    let spec = shape.spec;
    let at = placesOf(spec, headers);
    if (at?.some((i) => i < 0)) {
      const absent = spec.columns!.filter((_, i) => at![i]! < 0);
      if (!spec.wish) throw new WorkbookError('table-missing', `${spec.name} has no column ${absent.join(', ')}. Choose "Set up workbook" to repair it.`);
      // A column read by wish is not in the table (an optional one a person deleted): the table is read whole.
      spec = { name: spec.name };
      at = undefined;
    }
    const runs = at ? runsOf(at) : undefined;
    // Columns not where they were guessed (a person moved them), or a table now read whole: its first rows are read
    // again in the chunks.
    const placed = spec === shape.spec && (!guess || (guess.every((g, i) => g === at![i]) && heads.every((r, i) => r.isNullObject || (r.values[0]?.length ?? 0) === runs![i]!.width)));
    const rows = heads.length && placed ? zipRuns(heads.map((r) => (r.isNullObject ? [] : r.values)), runs, headers.length) : [];
    out.set(spec.name, { name: spec.name, headers, headerAddress: header.address, rowCount: body.rowCount, body: rows, columns: spec.columns });
    // Size the chunks from the rows just read, not from the guess.
    const sample = rows.slice(-500).map((r) => (at ? at.map((i) => r[i]) : r));
    // Each range of adjacent columns comes back as one array per row: 3 more bytes per row and range.
    const perRange = runs ? 3 * (runs.length - 1) : 0;
    // Without a sample (the first response was refused), the guess gets a wide margin.
    const measured = sample.length ? (estimateJsonBytes(sample) / sample.length + perRange) * 1.05 : perRow(spec) * 2;
    const rowsPerChunk = Math.max(1, Math.floor(budget / Math.max(measured, 1)));
    for (let start = rows.length; start < body.rowCount; start += rowsPerChunk) {
      const count = Math.min(rowsPerChunk, body.rowCount - start);
      chunks.push({ spec, runs, start, count, bytes: count * measured });
    }
  }
  // A column moved, inserted or deleted between two of these round trips would put cells under the wrong headers:
  // each chunk reads its table's headers too, and the read starts again if they changed.
  let moved = false;
  await inChunks(context, chunks, budget, (c) => c.bytes, (c) => {
    const table = context.workbook.tables.getItem(c.spec.name);
    const rows = table.getDataBodyRange().getRow(c.start).getResizedRange(c.count - 1, 0);
    c.ranges = c.runs ? c.runs.map((run) => rows.getColumn(run.start).getResizedRange(0, run.width - 1).load('values')) : [rows.load('values')];
    c.header = table.getHeaderRowRange().load('values');
  }, () => {
    for (const c of chunks) {
      if (!c.ranges) continue;
      const raw = out.get(c.spec.name)!;
      const now = (c.header!.values[0] ?? []).map(String);
      if (!sameHeaders(now, raw.headers)) moved = true;
      // A loop, not push(...rows): a chunk of one narrow column can hold hundreds of thousands of rows.
      for (const row of zipRuns(c.ranges.map((r) => r.values), c.runs, raw.headers.length)) raw.body.push(row);
      c.ranges = undefined;
    }
  });
  if (moved) {
    if (again) throw new WorkbookError('table-changed', `The columns of ${[...out.keys()].join(', ')} kept changing while Lotbook read them. Wait until nobody is editing them and try again.`);
    return loadRaw(context, specs, budget, hints, undefined, [], true);
  }
  return out;
}

/** Where each column read of `spec` is in the table's headers (undefined: whole rows were read; -1: absent). */
function placesOf(spec: RawSpec, headers: readonly string[]): number[] | undefined {
  return spec.columns?.map((h) => headers.findIndex((x) => x.trim().toLowerCase() === h.toLowerCase()));
}

/**
 * Where the columns of `spec` probably are before the headers are read: where they were last seen, or else in
 * the order set up creates them (Lotbook's columns first, in schema order).
 */
function guessPlaces(spec: RawSpec, seen: readonly string[] | undefined): number[] {
  const fromSeen = seen ? placesOf(spec, seen)! : undefined;
  if (fromSeen && fromSeen.every((i) => i >= 0)) return fromSeen;
  const schema = TABLES[spec.name].columns.map((c) => c.header);
  return placesOf(spec, schema)!.map((i, k) => (i >= 0 ? i : schema.length + k));
}

/** Column places grouped into ranges of adjacent columns, left to right. */
function runsOf(places: readonly number[]): { start: number; width: number }[] {
  const sorted = [...new Set(places)].sort((a, b) => a - b);
  const runs: { start: number; width: number }[] = [];
  for (const p of sorted) {
    const last = runs.at(-1);
    if (last && last.start + last.width === p) last.width++;
    else runs.push({ start: p, width: 1 });
  }
  return runs;
}

/**
 * Whole rows as they are (`runs` undefined), or ranges of adjacent columns read side by side put together into
 * rows of `width` cells, each where its header is, with undefined in the columns not read.
 */
export function zipRuns(parts: unknown[][][], runs: readonly { start: number; width: number }[] | undefined, width: number): unknown[][] {
  if (!runs) return parts[0] ?? [];
  const n = Math.max(0, ...parts.map((p) => p.length));
  const out = new Array<unknown[]>(n);
  for (let r = 0; r < n; r++) {
    const row = new Array<unknown>(width).fill(undefined);
    for (let i = 0; i < runs.length; i++) {
      const { start, width: w } = runs[i]!;
      const values = parts[i]![r];
      for (let j = 0; j < w; j++) row[start + j] = values?.[j] ?? '';
    }
    out[r] = row;
  }
  return out;
}

/** Excel on the web's 5 MB limit, for a request or a response. */
export function isPayloadLimit(e: unknown): boolean {
  const code = officeCode(e);
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded';
}


/** Keeps the block stamps of superblock `j` from its cell's value, when the cell answers with the table's stamp of it. */
function takeSuper(cells: Map<number, readonly string[]>, stamp: TableStamp, j: number, value: unknown): void {
  const cell = parseSuper(value);
  if (cell && cell.stamp === stamp.supers[j]) cells.set(j, cell.blocks);
}


/**
 * loadRaw, served from what the adapter remembers wherever Excel's stamps say it still holds (stamps.ts). The
 * first round trip reads, with everything loadRaw reads, the stamps of every table and the calculation mode, and
 * the blocks Lotbook itself wrote since (they have new stamps for sure), except those whose written rows it read
 * back: those are confirmed by comparing their stamp with one computed over the rows remembered and read back
 * (table-memory.ts), so that what a write read back costs no bytes. Blocks whose stamps changed for another
 * reason (a person's edit, a sort, a colleague) or that do not confirm are read in the next round trip. Without
 * the stamp sheet, in manual calculation (stamps would not be recalculated) or after a change of headers, tables
 * are read whole.
 */
export async function readRaw(
  context: XlRequestContext,
  specs: readonly RawSpec[],
  budget: number,
  hints: Map<TableName, SizeHint>,
  memory: TableMemory | undefined,
  alsoLoad?: () => void,
  alsoTables: readonly TableName[] = [],
  /** Loads of things that may be gone (report tables asked for ahead): when one is, the read goes on without them. */
  mayFail?: () => void,
  strict = false,
): Promise<Map<TableName, RawTable>> {
  if (mayFail) {
    try {
      return await readRaw(context, specs, budget, hints, memory, () => (alsoLoad?.(), mayFail()), alsoTables, undefined, true);
    } catch (e) {
      if (e instanceof WorkbookError || officeCode(e) !== 'ItemNotFound') throw e;
      // Something asked for ahead is gone (a report sheet deleted): the same read without it.
      return readRaw(context, specs, budget, hints, memory, alsoLoad, alsoTables);
    }
  }
  if (!memory || memory.stampSheet === 'absent') return loadRaw(context, specs, budget, hints, alsoLoad, alsoTables);
  await memory.ready();
  // Tables remembered with the columns asked for are served from memory; the others are read, with the columns
  // memory already holds (so that what is remembered keeps growing towards whole rows, never shrinks).
  const warm = specs.filter((s) => memory.tables.has(s.name) && covers(memory.tables.get(s.name)!, s));
  // Tables remembered with only some of the columns asked for: the missing columns are read in the first request,
  // and put into the remembered rows that the stamps say are still what memory holds (`extra`, below).
  const extend = specs.filter((s) => !warm.includes(s) && s.columns && memory.tables.get(s.name)?.columns);
  const missing = extend.map((s) => ({ name: s.name, columns: s.columns!.filter((h) => !covers(memory.tables.get(s.name)!, { name: s.name, columns: [h] })), wish: true }));
  const cold = specs.filter((s) => !warm.includes(s) && !extend.includes(s)).map((s) => widened(s, memory.tables.get(s.name)));
  const probed = [...warm, ...extend];
  const sheet = () => context.workbook.worksheets.getItem(STAMP_SHEET);
  type Probe = { header: XlRange; body: XlRange; blocks: Map<number, XlRange>; supers: Map<number, XlRange>; allSupers?: XlRange };
  let probe: { stamps: XlRange; app: { calculationMode: string }; tables: Map<TableName, Probe>; coldSupers: Map<TableName, XlRange> } | undefined;
  let raws: Map<TableName, RawTable>;
  try {
    raws = await loadRaw(context, [...cold, ...missing], budget, hints, () => {
      alsoLoad?.();
      const tables = new Map<TableName, Probe>();
      // What Lotbook wrote is read back in this first request up to a quarter of the budget (a big import's blocks
      // would make the response too big); the rest is found changed by its stamps and read in chunks after.
      let prefetch = budget / 4;
      for (const s of probed) {
        const memo = memory.tables.get(s.name)!;
        const table = context.workbook.tables.getItem(s.name);
        const body = table.getDataBodyRange();
        const blocks = new Map<number, XlRange>();
        const supers = new Map<number, XlRange>();
        const blockBytes = STAMP_BLOCK_ROWS * (hints.get(s.name)?.bytesPerRow ?? memo.headers.length * 14) * 1.1;
        const readBack = readBackBlocks(memo);
        for (const k of [...memo.touched].sort((a, b) => a - b)) {
          // Read back beside rows memory holds only in part: no stamp can be computed over them, so read whole.
          if (!readBack.has(k) || !blockConfirmable(memo, k)) {
            // Blocks written but not read back come first thing; past the cap they are found changed by their stamps.
            if (prefetch < blockBytes) continue;
            prefetch -= blockBytes;
            const { start } = blockSpan(k, Number.MAX_SAFE_INTEGER);
            blocks.set(k, body.getRow(0).getOffsetRange(start, 0).getResizedRange(STAMP_BLOCK_ROWS - 1, 0).getIntersectionOrNullObject(body).load('values'));
          }
          // The stamps of the blocks around it too: its superblock's stamp has changed for sure.
          if (!supers.has(superOf(k))) supers.set(superOf(k), sheet().getRange(superCell(s.name, superOf(k))).load('values'));
        }
        // Kept from an earlier session without superblock stamps (table-memory.ts): every block stamp, now.
        const allSupers = memo.supers.length === 0 ? sheet().getRange(superCells(s.name)).load('values') : undefined;
        tables.set(s.name, { header: table.getHeaderRowRange().load('values, address'), body: body.load('rowCount'), blocks, supers, allSupers });
      }
      probe = {
        stamps: sheet().getRange(STAMP_RANGE).load('values'),
        app: context.workbook.application.load('calculationMode'),
        tables,
        // A table read whole is remembered with the stamps of all its blocks.
        coldSupers: new Map(cold.map((s) => [s.name, sheet().getRange(superCells(s.name)).load('values')] as const)),
      };
    }, [...alsoTables, ...probed.map((s) => s.name)]);
  } catch (e) {
    // Every table is there (loadRaw names a missing one), so what is not found is the stamp sheet, unless something
    // that may be gone was asked for too (the caller asks again without it).
    if (strict || e instanceof WorkbookError || officeCode(e) !== 'ItemNotFound') throw e;
    memory.stampSheet = 'absent';
    memory.forgetAll();
    return loadRaw(context, specs, budget, hints, alsoLoad, alsoTables);
  }
  const { stamps, app, tables, coldSupers } = probe!;
  memory.stampSheet = 'present';
  if (app.calculationMode !== 'Automatic') {
    // Stamps are recalculated only in automatic calculation: nothing remembered can be trusted.
    memory.forgetAll();
    for (const [name, raw] of await loadRaw(context, probed, budget, hints)) raws.set(name, raw);
    return raws;
  }
  const stampRow = stamps.values[1] ?? [];
  const stampOf = (name: TableName): TableStamp | null => parseStamp(stampRow[(stamps.values[0] ?? []).indexOf(name)]);
  /** Block stamps of a whole table from its superblock cells; null when they do not add up. */
  const blockStampsOf = (stamp: TableStamp | null, cells: readonly unknown[][]) => {
    if (!stamp) return null;
    const out: string[] = [];
    for (let j = 0; j < stamp.supers.length; j++) {
      const cell = parseSuper(cells[j]?.[0]);
      if (!cell || cell.stamp !== stamp.supers[j]) return null;
      out.push(...cell.blocks);
    }
    return out.length === Math.ceil(stamp.rows / STAMP_BLOCK_ROWS) ? out : null;
  };
  const remember = (raw: RawTable, stamp: TableStamp | null, blockStamps: readonly string[] | null) => {
    if (!stamp || !blockStamps || stamp.rows !== raw.rowCount) memory.tables.delete(raw.name);
    else {
      memory.tables.set(raw.name, { headers: raw.headers, headerAddress: raw.headerAddress, rows: raw.rowCount, stamps: blockStamps, supers: stamp.supers, body: raw.body, columns: raw.columns, touched: new Set(), written: new Map() });
      memory.keep(raw.name, 'all');
    }
  };
  const extra = new Map<TableName, RawTable>();
  for (const s of extend) {
    extra.set(s.name, raws.get(s.name)!);
    raws.delete(s.name);
  }
  for (const raw of raws.values()) {
    const stamp = stampOf(raw.name);
    remember(raw, stamp, blockStampsOf(stamp, coldSupers.get(raw.name)?.values ?? []));
    memory.counts.tablesRead++;
  }

  // Tables remembered: which superblocks, then which blocks, changed.
  const whole: RawSpec[] = [];
  type Plan = { headers: string[]; headerAddress: string; rows: number; stamp: TableStamp; have: Map<number, unknown[][]>; cells: Map<number, readonly string[]>; confirmed: Set<number> };
  const plans = new Map<TableName, Plan>();
  for (const s of probed) {
    const t = tables.get(s.name)!;
    const stamp = stampOf(s.name);
    const rows = t.body.rowCount;
    if (!stamp || stamp.rows !== rows) {
      whole.push(widened(s, memory.tables.get(s.name)));
      continue;
    }
    const have = new Map<number, unknown[][]>();
    for (const [k, r] of t.blocks) if (!r.isNullObject && r.values.length === blockSpan(k, rows).count) have.set(k, r.values);
    const cells = new Map<number, readonly string[]>();
    for (const [j, r] of t.supers) takeSuper(cells, stamp, j, r.values[0]?.[0]);
    (t.allSupers?.values ?? []).forEach((row, j) => takeSuper(cells, stamp, j, row[0]));
    plans.set(s.name, { headers: (t.header.values[0] ?? []).map(String), headerAddress: t.header.address, rows, stamp, have, cells, confirmed: new Set() });
  }
  /**
   * Blocks whose written rows were read back: their stamp computed over memory's rows with the read-back rows in
   * place, against Excel's. Equal, the block is taken as it is, without its bytes; different, it is read with the
   * other changed blocks (a person edited it meanwhile, or the JavaScript copy disagrees with Excel: stamps.ts).
   */
  const confirm = (name: TableName, plan: Plan) => {
    const memo = memory.tables.get(name)!;
    // Rows of the same table with other headers would not be the rows the stamp covers.
    if (plan.headerAddress !== memo.headerAddress || !sameHeaders(plan.headers, memo.headers)) return;
    for (const k of readBackBlocks(memo)) {
      const excel = plan.cells.get(superOf(k))?.[k - superOf(k) * STAMP_SUPER_BLOCKS];
      if (excel === undefined || plan.have.has(k)) continue;
      const rows = blockWithReadBack(memo, k, plan.rows);
      if (rows && blockStamp(rows) === excel) {
        plan.have.set(k, rows);
        plan.confirmed.add(k);
      }
    }
  };
  for (const [name, plan] of plans) confirm(name, plan);
  // Superblocks that changed for another reason than Lotbook's own write (a hand edit, a sort...): their block
  // stamps, in one more round trip.
  const changesIn = (name: TableName, plan: Plan) => changesOf(memory.tables.get(name)!, plan.headers, plan.headerAddress, plan.stamp, plan.cells, new Set(plan.have.keys()));
  const changes = new Map([...plans].map(([name, plan]) => [name, changesIn(name, plan)] as const));
  const more = [...changes].flatMap(([name, change]) => (change?.supers ?? []).map((j) => ({ name, j, range: undefined as XlRange | undefined })));
  if (more.length) {
    for (const m of more) m.range = sheet().getRange(superCell(m.name, m.j)).load('values');
    await context.sync();
    for (const m of more) takeSuper(plans.get(m.name)!.cells, plans.get(m.name)!.stamp, m.j, m.range!.values[0]?.[0]);
    for (const name of new Set(more.map((m) => m.name))) {
      confirm(name, plans.get(name)!);
      changes.set(name, changesIn(name, plans.get(name)!));
    }
  }
  const wanted: { name: TableName; k: number; start: number; count: number; bytes: number; range?: XlRange; values?: unknown[][] }[] = [];
  const blockStamps = new Map<TableName, string[]>();
  for (const [name, plan] of plans) {
    const change = changes.get(name);
    // Headers changed, or a superblock's cells did not answer with its stamp (changed again meanwhile): read whole.
    if (!change || change.supers.length) {
      plans.delete(name);
      whole.push(widened(specs.find((s) => s.name === name)!, memory.tables.get(name)));
      continue;
    }
    blockStamps.set(name, change.stamps);
    const perRow = hints.get(name)?.bytesPerRow ?? plan.headers.length * 14;
    for (const k of change.blocks) {
      const { start, count } = blockSpan(k, plan.rows);
      wanted.push({ name, k, start, count, bytes: count * perRow * 1.1 });
    }
  }
  await inChunks(context, wanted, budget, (w) => w.bytes, (w) => {
    w.range = context.workbook.tables.getItem(w.name).getDataBodyRange().getRow(w.start).getResizedRange(w.count - 1, 0).load('values');
  }, () => {
    for (const w of wanted) if (w.range && !w.values) w.values = w.range.values;
  });
  for (const [name, plan] of plans) {
    const memo = memory.tables.get(name)!;
    const add = extra.get(name);
    // The missing columns were read from a table of other rows or headers (or read whole): read it as a table not
    // remembered.
    if (add && (!add.columns || add.rowCount !== plan.rows || add.headerAddress !== plan.headerAddress || !sameHeaders(add.headers, plan.headers))) {
      whole.push(widened(specs.find((s) => s.name === name)!, memo));
      continue;
    }
    const blocks = new Map(plan.have);
    for (const w of wanted) if (w.name === name) blocks.set(w.k, w.values!);
    memory.counts.blocksRead += blocks.size - plan.confirmed.size;
    memory.counts.blocksConfirmed += plan.confirmed.size;
    memory.counts.blocksKept += Math.ceil(plan.rows / STAMP_BLOCK_ROWS) - blocks.size;
    const merged = blocks.size === 0 && memo.rows === plan.rows ? (memo.body as unknown[][]) : mergeBlocks(memo.body, plan.rows, blocks);
    // The missing columns into every row not read whole now (a block whose stamp is unchanged holds the rows the
    // columns were read from; a block changed since the first request will have a new stamp next time).
    const at = add ? placesOf(add, plan.headers)! : [];
    const body = add ? merged.map((row, r) => (blocks.has(blockOf(r)) ? row : withCells(row, add.body[r]!, at))) : merged;
    const columns = add ? [...memo.columns!, ...add.columns!] : memo.columns;
    const raw: RawTable = { name, headers: plan.headers, headerAddress: plan.headerAddress, rowCount: plan.rows, body, columns };
    memory.tables.set(name, { ...memo, headers: plan.headers, headerAddress: plan.headerAddress, rows: plan.rows, stamps: blockStamps.get(name)!, supers: plan.stamp.supers, body, columns, touched: new Set(), written: new Map() });
    memory.keep(name, add ? 'all' : [...blocks.keys()]);
    raws.set(name, raw);
  }
  if (whole.length) {
    // Read whole, with the stamps of all their blocks in the same first round trip (queued again if it is refused).
    let cells = new Map<TableName, XlRange>();
    const read = await loadRaw(context, whole, budget, hints, () => {
      cells = new Map(whole.map((w) => [w.name, sheet().getRange(superCells(w.name)).load('values')] as const));
    });
    for (const raw of read.values()) {
      const stamp = stampOf(raw.name);
      remember(raw, stamp, blockStampsOf(stamp, cells.get(raw.name)!.values));
      memory.counts.tablesRead++;
      raws.set(raw.name, raw);
    }
  }
  return raws;
}

/** `row` with the cells at `at` taken from `from`. */
function withCells(row: readonly unknown[], from: readonly unknown[], at: readonly number[]): unknown[] {
  const out = row.slice();
  for (const i of at) out[i] = from[i];
  return out;
}

/** Whether memory holds the columns `spec` asks for (every column when it asks for all). */
function covers(memo: RememberedTable, spec: RawSpec): boolean {
  if (!memo.columns) return true;
  if (!spec.columns) return false;
  const held = new Set(memo.columns.map((h) => h.toLowerCase()));
  return spec.columns.every((h) => held.has(h.toLowerCase()));
}

/** `spec` with the columns memory holds of the table too (all, where either asks for all). */
function widened(spec: RawSpec, memo: RememberedTable | undefined): RawSpec {
  if (!spec.columns || !memo) return spec;
  if (!memo.columns) return { name: spec.name };
  const columns = [...spec.columns];
  for (const h of memo.columns) if (!columns.some((c) => c.toLowerCase() === h.toLowerCase())) columns.push(h);
  return { ...spec, columns, wish: true };
}

async function syncOrExplainMissing(context: XlRequestContext, names: readonly TableName[]): Promise<void> {
  try {
    await context.sync();
  } catch (e) {
    if (officeCode(e) !== 'ItemNotFound') throw e;
    const tables = context.workbook.tables.load('items/name');
    await context.sync();
    const have = new Set(tables.items.map((t) => t.name.toLowerCase()));
    const gone = names.filter((n) => !have.has(n.toLowerCase()));
    // The tables are there: something else is not (the stamp sheet, a report asked for ahead); the caller knows.
    if (gone.length === 0) throw e;
    throw new WorkbookError('table-missing', `The table${gone.length > 1 ? 's' : ''} ${gone.join(', ')} ${gone.length > 1 ? 'are' : 'is'} missing from this workbook. Choose "Set up workbook" to create ${gone.length > 1 ? 'them' : 'it'}; existing data is kept.`, 'ItemNotFound');
  }
}

