/**
 * `npm run bench` — Lotbook's benchmarks (a script, never a test). For seeded workbooks of 10,000, 100,000 and
 * 1,000,000 movements it measures parsing, the recall trace, FEFO allocation and the lot cost report (the trace and
 * the allocation also in SQLite through sql.js, on the same data, with indexes and a recursive query), the round
 * trips and bytes each workbook operation costs against the Office.js fake, and peak memory. It prints one
 * markdown report and prepends it to bench/results.md, keeping earlier runs so that a regression shows in review.
 *
 * Options: --sizes 10000,100000 (default 10000,100000,1000000), --runs N (median of N, default 5), --no-write.
 */
import { cpus, totalmem } from 'node:os';
import { prependResults } from './results-file';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { generateWorkbook, type SyntheticWorkbook } from '../src/demo/synthetic';
import { seedFake } from '../src/demo/seed-fake';
import { decodeTable, encodeRow } from '../src/domain/codec';
import { TABLES, TABLE_NAMES, type TableDef } from '../src/domain/schema';
import { buildRecallIndex, traceRecall } from '../src/domain/recall';
import { allocateFefo, type FefoLine } from '../src/domain/fefo';
import { lotCostReport } from '../src/domain/costing';
import { onHandByLot } from '../src/domain/ledger';
import { lotKey } from '../src/domain/codec';
import { addDays } from '../src/domain/dates';
import { newId } from '../src/domain/ids';
import { createExcelWorkbook } from '../src/excel/excel-workbook';
import { growthRows } from './commands';
import { FakeExcel } from '../src/office-fake/fake-excel';
import type { EntityByTable, IsoDate, Lot, Movement, Qty, TableName } from '../src/domain/types';
import { extraBenchmarks, type BenchContext } from './extra';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZES = (opt('sizes') ?? '10000,100000,1000000').split(',').map(Number);
const RUNS = Number(opt('runs') ?? 5);
const WRITE = !args.includes('--no-write');
const TODAY = '2026-11-30' as IsoDate;
const LIMIT = 5 * 1024 * 1024;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
// Collect between sections so that one section's garbage is not billed to the next (node --expose-gc).
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * The median of `runs` timings of `f`. The first run, and each run after one that took 50 ms or more, starts
 * after a full garbage collection with the previous run's result dropped, so that a run is not billed for
 * collecting the one before it (a user runs it once, on a heap that holds one copy of the ledger). Quick work
 * leaves little garbage and runs back to back, after `warmup` untimed runs.
 */
function time<T>(f: () => T, runs = RUNS, warmup = 0): { ms: number; result: T } {
  const times: number[] = [];
  let result!: T;
  // Sub-millisecond work is timed warm (compiled by the JIT), for Lotbook and SQLite alike.
  for (let i = 0; i < warmup; i++) f();
  for (let i = 0; i < runs; i++) {
    if (i === 0 || times[i - 1]! >= 50) {
      result = undefined as T;
      gc();
    }
    const t = performance.now();
    result = f();
    times.push(performance.now() - t);
    sample();
  }
  return { ms: median(times), result };
}

const fmt = (ms: number) => (ms < 1 ? `${ms.toFixed(3)} ms` : ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
const kb = (b: number) => (b < 1024 * 1024 ? `${(b / 1024).toFixed(1)} KB` : `${(b / 1024 / 1024).toFixed(2)} MB`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

export interface Row {
  size: number;
  section: string;
  what: string;
  value: string;
  target?: string;
  /** Whether the target was met, for rows that have one. */
  met?: boolean;
}
const rows: Row[] = [];
const targetCell = (r: Row) => (r.target === undefined ? '' : r.met === undefined ? r.target : `${r.target}: ${r.met ? 'met' : '**MISSED**'}`);
const add = (r: Row) => {
  rows.push(r);
  console.log(`  ${r.section} | ${r.what}: ${r.value}${r.target ? `   (target ${targetCell(r)})` : ''}`);
};

/** Rows as `range.values` returns them. */
function asValues(name: TableName, data: readonly unknown[]): unknown[][] {
  const def = TABLES[name] as TableDef;
  const headers = def.columns.map((c) => c.header);
  return data.map((r) => encodeRow(def, r as never, headers).map((v) => (typeof v === 'string' && v.startsWith("'") ? v.slice(1) : v)));
}

/** A raw-material lot that went into runs, and a finished lot that came out of some. */
function traceStarts(w: SyntheticWorkbook) {
  const consumed = new Map<string, number>();
  for (const m of w.Movements) if (m.type === 'CONSUME' && m.sku.startsWith('RM-')) consumed.set(`${m.sku}\u0000${m.lot}`, (consumed.get(`${m.sku}\u0000${m.lot}`) ?? 0) + 1);
  const [rawKey] = [...consumed.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const [sku, lot] = rawKey.split('\u0000') as [string, string];
  const finished = w.Movements.find((m) => m.type === 'PRODUCE' && m.sku.startsWith('FG-'))!;
  return { raw: { sku, lot }, finished: { sku: finished.sku, lot: finished.lot } };
}

async function sqlite(w: SyntheticWorkbook, starts: ReturnType<typeof traceStarts>, fefoLines: FefoLine[], lots: Lot[]) {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(`CREATE TABLE movements (id TEXT PRIMARY KEY, date TEXT, type TEXT, sku TEXT, lot TEXT, qty INTEGER, ref TEXT);
          CREATE TABLE shipments (id TEXT, line INTEGER, date TEXT, customer TEXT, sku TEXT, lot TEXT, qty INTEGER);
          CREATE TABLE lots (sku TEXT, lot TEXT, expiry TEXT, received TEXT, status TEXT, onhand INTEGER, location TEXT);`);
  const load = performance.now();
  db.run('BEGIN');
  const im = db.prepare('INSERT INTO movements VALUES (?,?,?,?,?,?,?)');
  for (const m of w.Movements) im.run([m.id, m.date, m.type, m.sku, m.lot, m.qty, m.ref]);
  im.free();
  const is = db.prepare('INSERT INTO shipments VALUES (?,?,?,?,?,?,?)');
  for (const s of w.Shipments) is.run([s.id, s.line, s.date, s.customerId, s.sku, s.lot, s.qty]);
  is.free();
  const il = db.prepare('INSERT INTO lots VALUES (?,?,?,?,?,?,?)');
  for (const l of lots) il.run([l.sku, l.lot, l.expiry, l.received, l.status, l.onHand, l.location]);
  il.free();
  db.run('COMMIT');
  // SQLite's best chance: covering indexes for each step of the recursion, the shipments and the balance.
  db.run(`CREATE INDEX m_lot_type ON movements (sku, lot, type, ref, qty);
          CREATE INDEX m_ref_type ON movements (ref, type, sku, lot);
          CREATE INDEX s_lot ON shipments (sku, lot);
          CREATE INDEX l_fefo ON lots (sku, status, expiry, received, lot);
          ANALYZE;`);
  const loadMs = performance.now() - load;

  const traceSql = (dir: 'forward' | 'backward') => `
    WITH RECURSIVE affected(sku, lot) AS (
      SELECT $sku, $lot
      UNION
      ${dir === 'forward'
        ? `SELECT p.sku, p.lot FROM affected a
           JOIN movements c ON c.sku = a.sku AND c.lot = a.lot AND c.type = 'CONSUME'
           JOIN movements p ON p.ref = c.ref AND p.type = 'PRODUCE'`
        : `SELECT c.sku, c.lot FROM affected a
           JOIN movements p ON p.sku = a.sku AND p.lot = a.lot AND p.type = 'PRODUCE'
           JOIN movements c ON c.ref = p.ref AND c.type = 'CONSUME'`}
    )
    SELECT 'lot', a.sku, a.lot, NULL, NULL FROM affected a
    UNION ALL SELECT 'ship', s.sku, s.lot, s.customer, s.qty FROM shipments s JOIN affected a ON s.sku = a.sku AND s.lot = a.lot
    UNION ALL SELECT 'bal', m.sku, m.lot, m.type, SUM(m.qty) FROM movements m JOIN affected a ON m.sku = a.sku AND m.lot = a.lot GROUP BY m.sku, m.lot, m.type`;
  const fwd = db.prepare(traceSql('forward'));
  const bwd = db.prepare(traceSql('backward'));
  const runTrace = (stmt: typeof fwd, s: { sku: string; lot: string }) => {
    stmt.bind({ $sku: s.sku, $lot: s.lot });
    let n = 0;
    while (stmt.step()) n++;
    stmt.reset();
    return n;
  };
  const forward = time(() => runTrace(fwd, starts.raw), Math.max(RUNS, 20), 5);
  const backward = time(() => runTrace(bwd, starts.finished), Math.max(RUNS, 20), 5);

  const pick = db.prepare(`SELECT lot, onhand FROM lots WHERE sku = $sku AND status = 'released' AND onhand > 0 AND (expiry IS NULL OR expiry >= $date)
                           ORDER BY expiry IS NULL, expiry, received, lot`);
  const fefo = time(() => {
    const used = new Map<string, number>();
    let picks = 0;
    for (const line of fefoLines) {
      let need: number = line.qty;
      pick.bind({ $sku: line.sku, $date: TODAY });
      while (need > 0 && pick.step()) {
        const [lot, onhand] = pick.get() as [string, number];
        const k = `${line.sku}\u0000${lot}`;
        const free = onhand - (used.get(k) ?? 0);
        if (free <= 0) continue;
        const q = Math.min(free, need);
        used.set(k, (used.get(k) ?? 0) + q);
        need -= q;
        picks++;
      }
      pick.reset();
    }
    return picks;
  });
  fwd.free();
  bwd.free();
  pick.free();
  db.close();
  return { loadMs, forward, backward, fefo };
}

async function roundTrips(size: number, w: SyntheticWorkbook, ctx: BenchContext) {
  const fake = new FakeExcel({ readCellLimit: Number.MAX_SAFE_INTEGER } as never);
  seedFake(fake, w);
  const workbook = createExcelWorkbook((b) => fake.run(b));
  const measure = async (what: string, f: () => Promise<unknown>) => {
    fake.resetStats();
    await f();
    const s = fake.stats;
    add({ size, section: 'round trips', what, value: `${s.syncs} syncs, ${kb(s.requestBytes)} sent, ${kb(s.responseBytes)} received (largest ${kb(Math.max(s.maxRequestBytes, s.maxResponseBytes))})` });
    if (what.startsWith('use case: ')) {
      const name = what.slice('use case: '.length).split(' (')[0]!;
      add({ size, section: 'cold start', what: `${name}: bytes read, and the round trips the 5 MB limit forces`, value: `${kb(s.responseBytes)} → ${Math.max(1, Math.ceil(s.responseBytes / LIMIT))} × 5 MB; ${s.syncs} syncs in all` });
    }
    sample();
    return s;
  };
  await measure('set up (workbook already set up)', () => workbook.setUp());
  // The adapter's first read (set up forgets what it remembered), then the same read again, served by the stamps.
  const cold = await measure('read every table, cold (Excel on the web: what a first start reads)', () => workbook.transact((tx) => tx.read(TABLE_NAMES)));
  add({ size, section: 'cold start', what: 'bytes to read, and round trips the 5 MB limit forces', value: `${kb(cold.responseBytes)}, ${Math.ceil(cold.responseBytes / LIMIT)} × 5 MB → ${cold.syncs} syncs` });
  await measure('read every table again (remembered; the stamps say nothing changed)', () => workbook.transact((tx) => tx.read(TABLE_NAMES)));
  const lot = w.Lots[0]!;
  const receipt: Movement = { id: newId('M'), date: TODAY, type: 'RECEIVE', sku: lot.sku, lot: `BENCH-${size}`, qty: 5000 as Qty, location: 'RM-01', ref: 'PO-B', unitCost: null, user: 'bench', note: '' };
  await measure('append one receipt (Lots row + movement, idempotent by key)', () =>
    workbook.transact((tx) => tx.write({ append: { Lots: [{ ...lot, lot: receipt.lot }], Movements: [receipt] } })),
  );
  await measure('write a 200-line report sheet', () =>
    workbook.transact((tx) =>
      tx.write({
        sheets: [
          {
            id: `b${size}`,
            name: `Pick list ${TODAY}`,
            title: 'Pick list',
            header: [['Date', TODAY]],
            table: { name: 'PickList', columns: [{ header: 'Lot', type: 'text' }, { header: 'Qty', type: 'qty' }], rows: w.Lots.slice(0, 200).map((l) => [l.lot, 1]) },
          },
        ],
      }),
    ),
  );
  await extraBenchmarks({ ...ctx, fake, workbook, measure });
}

async function main() {
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`Lotbook benchmarks — ${machine}`);
  for (const size of SIZES) {
    console.log(`\n# ${int(size)} movements`);
    const gen = performance.now();
    const w = generateWorkbook({ movements: size, seed: 2026, today: TODAY });
    add({ size, section: 'data', what: 'generated', value: `${int(w.Movements.length)} movements, ${int(w.Lots.length)} lots, ${int(w.Runs.length)} runs, ${int(w.Shipments.length)} shipments, ${int(w.Customers.length)} customers (${fmt(performance.now() - gen)})` });

    // 1. Parsing every table from range.values.
    const decoded = (() => {
      const values = Object.fromEntries(TABLE_NAMES.filter((n) => (w as unknown as Record<string, unknown[]>)[n]).map((n) => [n, asValues(n, (w as unknown as Record<string, unknown[]>)[n]!)]));
      const decode = <N extends TableName>(name: N) => decodeTable(TABLES[name] as TableDef, TABLES[name].columns.map((c) => c.header), values[name]!, { sheet: name, headerRow: 1, firstColumn: 0 }).rows as EntityByTable[N][];
      const parse = time(() => {
        let n = 0;
        for (const name of Object.keys(values)) n += decode(name as TableName).length;
        return n;
      }, Math.min(RUNS, 3));
      const mv = time(() => decode('Movements'), Math.min(RUNS, 3));
      add({ size, section: 'parse', what: 'every table from range.values', value: `${fmt(parse.ms)} (${int(parse.result / (parse.ms / 1000))} rows/s)` });
      add({ size, section: 'parse', what: 'Movements only', value: `${fmt(mv.ms)} (${int(mv.result.length / (mv.ms / 1000))} rows/s)`, target: size >= 1_000_000 ? '< 2 s for 1,000,000' : undefined, met: size >= 1_000_000 ? mv.ms < 2000 : undefined });
      return { movements: mv.result, shipments: decode('Shipments') };
    })();
    gc();

    // 2. Recall: index once, then traces. The index is built from the rows the codec decoded, as the recall use
    // case does (the generator's own objects sit elsewhere in the heap and are not what the add-in traces).
    const index = time(() => buildRecallIndex(decoded), Math.min(RUNS, 3));
    add({ size, section: 'recall', what: 'build the indexes', value: fmt(index.ms), target: size >= 1_000_000 ? '< 1 s' : undefined, met: size >= 1_000_000 ? index.ms < 1000 : undefined });
    const starts = traceStarts(w);
    const forward = time(() => traceRecall(index.result, [starts.raw], 'forward'), Math.max(RUNS, 20), 5);
    const backward = time(() => traceRecall(index.result, [starts.finished], 'backward'), Math.max(RUNS, 20), 5);
    add({ size, section: 'recall', what: `forward trace from raw lot ${starts.raw.lot} (${forward.result.lots.length} lots, ${forward.result.shipments.length} shipments, with mass balance)`, value: fmt(forward.ms), target: size >= 1_000_000 ? '< 10 ms' : undefined, met: size >= 1_000_000 ? forward.ms < 10 : undefined });
    add({ size, section: 'recall', what: `backward trace from finished lot ${starts.finished.lot} (${backward.result.lots.length} lots)`, value: fmt(backward.ms) });

    // 3. FEFO: 1,000 order lines over every lot with stock.
    const onHand = onHandByLot(w.Movements);
    const lots = w.Lots.map((l) => ({ ...l, onHand: (onHand.get(lotKey(l.sku, l.lot)) ?? 0) as Qty }));
    const fg = [...new Set(w.Lots.filter((l) => l.sku.startsWith('FG-')).map((l) => l.sku))];
    const lines: FefoLine[] = Array.from({ length: 1000 }, (_, i) => ({ id: `L${i}`, sku: fg[i % fg.length]!, qty: (((i * 7919) % 40) + 1) * 1000 as Qty, minShelfLifeDays: i % 4 === 0 ? 90 : null }));
    gc();
    const fefo = time(() => allocateFefo({ shipDate: TODAY, lines, lots }), Math.max(RUNS, 10));
    add({ size, section: 'FEFO', what: `1,000 lines over ${int(lots.length)} lots`, value: `${fmt(fefo.ms)} (${int(fefo.result.picks.length)} picks, ${fefo.result.shortfalls.length} short)`, target: lots.length >= 50_000 ? undefined : '< 100 ms over 50,000 lots' });
    if (lots.length >= 50_000) {
      // The target's case: the 50,000 most recent lots (the ones with stock), 1,000 lines.
      const recent = lots.slice(-50_000);
      const f50 = time(() => allocateFefo({ shipDate: TODAY, lines, lots: recent }), Math.max(RUNS, 10));
      add({ size, section: 'FEFO', what: '1,000 lines over 50,000 lots', value: `${fmt(f50.ms)} (${int(f50.result.picks.length)} picks)`, target: '< 100 ms', met: f50.ms < 100 });
    }

    // SQLite on the same data.
    const sq = await sqlite(w, starts, lines, lots);
    add({ size, section: 'SQLite', what: 'load and index (not compared)', value: fmt(sq.loadMs) });
    add({ size, section: 'SQLite', what: 'forward trace (recursive CTE, covering indexes)', value: `${fmt(sq.forward.ms)} → Lotbook is ${(sq.forward.ms / forward.ms).toFixed(1)}× faster`, target: '≥ 10×', met: sq.forward.ms / forward.ms >= 10 });
    add({ size, section: 'SQLite', what: 'backward trace', value: `${fmt(sq.backward.ms)} → ${(sq.backward.ms / backward.ms).toFixed(1)}×` });
    add({ size, section: 'SQLite', what: 'FEFO, 1,000 lines (indexed query per line)', value: `${fmt(sq.fefo.ms)} → Lotbook is ${(sq.fefo.ms / fefo.ms).toFixed(1)}× faster`, target: '> 1×', met: sq.fefo.ms / fefo.ms > 1 });

    // 4. Lot costs for one month.
    const month = { from: addDays(TODAY, -30), to: TODAY };
    gc();
    const costs = time(() => lotCostReport({ movements: decoded.movements, runs: w.Runs, lots: w.Lots, ...month }), Math.min(RUNS, 3));
    add({ size, section: 'lot costs', what: `report for ${month.from}..${month.to}`, value: `${fmt(costs.ms)} (${costs.result.ok ? int(costs.result.rows.length) : 0} lots)` });

    // 5. Round trips per operation against the fake.
    await roundTrips(size, w, { size, workbookData: w, add, today: TODAY });
    add({ size, section: 'memory', what: 'peak RSS so far', value: kb(peakRss) });
  }
  growthRows(add);
  clearInterval(sampler);

  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let report = `## ${date}\n\nMachine: ${machine}. Median of ${RUNS} runs (traces: of ≥ 20, after 5 untimed runs, for Lotbook and SQLite alike). Peak RSS ${kb(peakRss)}.\n\n| movements | section | measure | result | target |\n|---:|---|---|---|---|\n`;
  for (const r of rows) report += `| ${int(r.size)} | ${r.section} | ${r.what} | ${r.value} | ${targetCell(r)} |\n`;
  const judged = rows.filter((r) => r.met !== undefined);
  const missed = judged.filter((r) => !r.met);
  report += `\nTargets: ${missed.length === 0 ? `all ${judged.length} met` : `${missed.length} of ${judged.length} MISSED: ${missed.map((r) => `${r.section} ${r.what} at ${int(r.size)} (${r.value}; target ${r.target})`).join('; ')}`}.\n`;
  console.log(`\n${report}`);
  if (WRITE) {
    const file = join(__dirname, 'results.md');
    const head = '# Lotbook benchmark results\n\nNewest first; each run is `npm run bench` on the machine it names. Real browsers and Excel differ from the fake and fake-indexeddb: these figures compare runs, they do not promise user-facing times.\n\n';
    prependResults(file, head, report);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
