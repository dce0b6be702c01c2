/**
 * The LOTBOOK functions over the demo workbook in the Office.js fake, behind the real adapter: each answer is
 * compared with what the pane that owns the question shows (Lots, Lot costs, Pick & ship, Recall), bad input gets
 * the Excel error and words a person sees, and a hand edit in the workbook changes the answer of a live cell.
 */
import { readLotsView } from '../app/qc';
import { previewLotCosts } from '../app/lot-costs';
import { proposePicks, writePickList } from '../app/pick';
import { runRecall } from '../app/recall';
import { saveSetting } from '../app/settings';
import type { AppendRows } from '../app/ports';
import { addDays, isoDateToSerial } from '../domain/dates';
import { moneyToNumber, qtyToNumber } from '../domain/fixed';
import type { IsoDate, Qty } from '../domain/types';
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { ARITY, evaluate, FUNCTION_NAMES, type FnAnswer, type FunctionName } from './evaluate';
import { parseLotbookFormula } from './formula';
import { lotbookFunction, type Invocation } from './runtime';
import { createTableSource, type TableSource } from './source';

const today = '2026-12-01' as IsoDate;
const d = (n: number) => addDays(today, n);
const serial = (n: number) => isoDateToSerial(d(n));
const fgLot = '2612-ASH60-001';
const q = (n: number) => Math.round(n * 1000) as Qty;

/** More FG-ASH60 lots, so that FEFO has choices: short-dated, on hold, in quarantine, two good ones. */
const EXTRA: AppendRows = {
  Lots: [
    { sku: 'FG-ASH60', lot: 'ASH60-SOON', supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: d(100), received: d(-200), status: 'released', unitCost: null, location: 'FG-A2', coaRef: '', onHand: q(50) },
    { sku: 'FG-ASH60', lot: 'ASH60-300', supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: d(300), received: d(-100), status: 'released', unitCost: null, location: 'FG-A3', coaRef: '', onHand: q(30) },
    { sku: 'FG-ASH60', lot: 'ASH60-HOLD', supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: d(200), received: d(-100), status: 'hold', unitCost: null, location: 'FG-A4', coaRef: '', onHand: q(40) },
    { sku: 'FG-ASH60', lot: 'ASH60-QC', supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: d(250), received: d(-5), status: 'quarantine', unitCost: null, location: 'QC-HOLD', coaRef: '', onHand: q(25) },
  ],
  Movements: [
    { id: 'M-X1', date: d(-200), type: 'RECEIVE', sku: 'FG-ASH60', lot: 'ASH60-SOON', qty: q(50), location: 'FG-A2', ref: 'PO-X1', unitCost: 40000 as never, user: 't', note: '' },
    { id: 'M-X2', date: d(-100), type: 'RECEIVE', sku: 'FG-ASH60', lot: 'ASH60-300', qty: q(30), location: 'FG-A3', ref: 'PO-X2', unitCost: 41000 as never, user: 't', note: '' },
    { id: 'M-X3', date: d(-100), type: 'RECEIVE', sku: 'FG-ASH60', lot: 'ASH60-HOLD', qty: q(40), location: 'FG-A4', ref: 'PO-X3', unitCost: 41000 as never, user: 't', note: '' },
    { id: 'M-X4', date: d(-5), type: 'RECEIVE', sku: 'FG-ASH60', lot: 'ASH60-QC', qty: q(25), location: 'QC-HOLD', ref: 'PO-X4', unitCost: 42000 as never, user: 't', note: '' },
  ],
};

async function setup() {
  const { fake, workbook } = await demoFake(today, undefined, EXTRA);
  // A source that notifies when the test says so, instead of after a timer.
  let due: (() => void) | null = null;
  const source = createTableSource(workbook, (fn) => {
    due = fn;
  });
  fake.subscribe(() => source.changed());
  const settle = () => {
    const fn = due;
    due = null;
    fn?.();
  };
  const ask = async (name: string, ...args: unknown[]): Promise<FnAnswer> => evaluate(name, args, await source.read(), today);
  return { fake, workbook, source, ask, settle };
}

const value = (a: FnAnswer) => {
  if (!a.ok) throw new Error(`expected an answer, got #${a.error} ${a.message}`);
  return a.value;
};

describe('LOTBOOK.ONHAND', () => {
  it('answers what the Lots pane shows per lot, and sums lots and locations', async () => {
    const { workbook, ask } = await setup();
    const view = await readLotsView(workbook, today);
    for (const row of view.rows) expect(value(await ask('ONHAND', row.lot.sku, row.lot.lot))).toBe(qtyToNumber(row.onHand));
    expect(value(await ask('ONHAND', 'FG-ASH60'))).toBe(340 + 50 + 30 + 40 + 25);
    expect(value(await ask('ONHAND', 'FG-ASH60', undefined, 'FG-A1'))).toBe(340);
    expect(value(await ask('ONHAND', 'FG-ASH60', fgLot, 'FG-A2'))).toBe(0);
    expect(value(await ask('ONHAND', 'RM-ASH', 'ASH-2407-A'))).toBe(13.5);
    // One key identity: case and outer spaces do not make another SKU or lot.
    expect(value(await ask('ONHAND', '  rm-ash ', 'ash-2407-a'))).toBe(13.5);
  });

  it('says #N/A for a SKU or lot the workbook does not know, #VALUE! for a malformed argument', async () => {
    const { ask } = await setup();
    expect(await ask('ONHAND', 'FG-NOPE')).toEqual({ ok: false, error: 'N/A', message: 'SKU "FG-NOPE" is not in Products and has no movements.' });
    expect(await ask('ONHAND', 'RM-ASH', 'ASH-9999')).toEqual({ ok: false, error: 'N/A', message: 'Lot "ASH-9999" of SKU "RM-ASH" is not in the workbook.' });
    expect(await ask('ONHAND', '')).toEqual({ ok: false, error: 'VALUE', message: 'Give a SKU as the first argument.' });
    expect(await ask('ONHAND', true)).toEqual({ ok: false, error: 'VALUE', message: 'The SKU must be text, not true.' });
    expect(await ask('ONHAND', 'A', 'B', 'C', 'D')).toEqual({ ok: false, error: 'VALUE', message: 'LOTBOOK.ONHAND takes at most 3 arguments.' });
  });
});

describe('LOTBOOK.EXPIRY, STATUS and UNITCOST', () => {
  it('EXPIRY is the Lots row expiry as an Excel date; #N/A for a lot without one', async () => {
    const { ask } = await setup();
    expect(value(await ask('EXPIRY', 'FG-ASH60', fgLot))).toBe(serial(700));
    expect(await ask('EXPIRY', 'PK-BTL150', 'BTL-5521')).toEqual({ ok: false, error: 'N/A', message: 'Lot "BTL-5521" of SKU "PK-BTL150" has no expiry date.' });
  });

  it('STATUS is the status the Lots pane shows, expired included', async () => {
    const { workbook, ask } = await setup();
    const view = await readLotsView(workbook, today);
    for (const row of view.rows) expect(value(await ask('STATUS', row.lot.sku, row.lot.lot))).toBe(row.status);
    expect(value(await ask('STATUS', 'RM-MGC', 'MGC-0311'))).toBe('expired');
    expect(value(await ask('STATUS', 'FG-MAG120', 'MAG-2311'))).toBe('hold');
  });

  it('UNITCOST is the unit cost of the Lot costs report, a produced lot valued from its inputs', async () => {
    const { workbook, ask } = await setup();
    const report = await previewLotCosts(workbook, { from: d(-400), to: today, id: 'LC-1', user: 't', now: `${today}T09:00:00` as never });
    if (!report.ok) throw new Error(report.message);
    expect(report.rows.length).toBeGreaterThan(5);
    for (const r of report.rows) {
      const a = await ask('UNITCOST', r.sku, r.lot);
      if (r.unitCost === null) expect(a.ok).toBe(false);
      else expect(value(a)).toBe(moneyToNumber(r.unitCost));
    }
    expect(value(await ask('UNITCOST', 'RM-ASH', 'ASH-2407-A'))).toBe(38.5);
    const fg = value(await ask('UNITCOST', 'FG-ASH60', fgLot)) as number;
    expect(fg).toBeGreaterThan(1);
  });
});

describe('LOTBOOK.FEFO', () => {
  it('answers the lots a pick list takes for a real order line, in first-expiry order', async () => {
    const { workbook, ask } = await setup();
    // SO-3022 line 1: Morningside Pharmacy (365 days minimum shelf life), 60 x FG-ASH60.
    const proposal = await proposePicks(workbook, { shipDate: today, lineKeys: ['SO-3022#1'] });
    if (!proposal.ok) throw new Error(proposal.message);
    const rows = value(await ask('FEFO', 'FG-ASH60', 60, isoDateToSerial(today), 'C-MORNINGSIDE')) as unknown[][];
    expect(new Set(rows.map((r) => JSON.stringify(r)))).toEqual(new Set(proposal.picks.map((p) => JSON.stringify([p.lot, p.expiry ? isoDateToSerial(p.expiry) : '', qtyToNumber(p.qty)]))));
    expect(rows).toEqual([[fgLot, serial(700), 60]]);
  });

  it('skips holds, quarantine and lots too short for the product or the customer, and shows what is short', async () => {
    const { ask } = await setup();
    // No customer: the product's 180 days; ASH60-SOON (100 days) is too short, HOLD and QC are not released.
    expect(value(await ask('FEFO', 'FG-ASH60', 100))).toEqual([
      ['ASH60-300', serial(300), 30],
      [fgLot, serial(700), 70],
    ]);
    // Morningside needs 365 days: ASH60-300 is out too; by name as well as id.
    expect(value(await ask('FEFO', 'FG-ASH60', 100, today, 'Morningside Pharmacy'))).toEqual([[fgLot, serial(700), 100]]);
    // More than there is: a last row says how much is short.
    expect(value(await ask('FEFO', 'FG-ASH60', 500, today))).toEqual([
      ['ASH60-300', serial(300), 30],
      [fgLot, serial(700), 340],
      ['short', '', 130],
    ]);
    expect(await ask('FEFO', 'FG-MAG120', 10)).toEqual({ ok: false, error: 'N/A', message: 'No stock of "FG-MAG120" can be picked: on hold.' });
  });

  it("follows the workbook's default minimum shelf life (Settings) for a product and customer that give none", async () => {
    const { workbook, ask, settle } = await setup();
    // RM-ASH sets no minimum; its released lot ASH-2407-A has 580 days left.
    expect(value(await ask('FEFO', 'RM-ASH', 5))).toEqual([['ASH-2407-A', serial(580), 5]]);
    const saved = await saveSetting(workbook, { rule: 'defaultMinShelfLifeDays', value: '600' });
    expect(saved.ok).toBe(true);
    settle();
    const after = await ask('FEFO', 'RM-ASH', 5);
    expect(after).toMatchObject({ ok: false, error: 'N/A' });
    expect(!after.ok && after.message).toMatch(/shelf life/);
  });

  it('does not offer stock an open pick list holds, as a new pick list would not', async () => {
    const { workbook, source, ask, settle } = await setup();
    const written = await writePickList(workbook, { shipDate: today, lineKeys: ['SO-3021#1'], id: 'PL-T1', user: 't' });
    if (!written.ok) throw new Error(written.message);
    settle();
    const proposal = await proposePicks(workbook, { shipDate: today, lineKeys: ['SO-3022#1'] });
    if (!proposal.ok) throw new Error(proposal.message);
    const reserved = written.picks.filter((p) => p.lot === fgLot).reduce((s, p) => s + qtyToNumber(p.qty), 0);
    expect(source.version).toBeGreaterThan(0);
    expect(value(await ask('FEFO', 'FG-ASH60', 1000, today, 'C-MORNINGSIDE'))).toEqual([
      [fgLot, serial(700), 340 - reserved],
      ['short', '', 1000 - (340 - reserved)],
    ]);
    expect(proposal.picks.map((p) => [p.lot, qtyToNumber(p.qty)])).toEqual([[fgLot, 60]]);
  });

  it('refuses malformed quantities, dates and unknown customers', async () => {
    const { ask } = await setup();
    expect(await ask('FEFO', 'FG-ASH60', 0)).toEqual({ ok: false, error: 'VALUE', message: 'The quantity must be a number above 0, not 0.' });
    expect(await ask('FEFO', 'FG-ASH60', 'ten')).toEqual({ ok: false, error: 'VALUE', message: 'The quantity must be a number above 0, not "ten".' });
    expect(await ask('FEFO', 'FG-ASH60', 5, '12/10/2026')).toEqual({ ok: false, error: 'VALUE', message: 'The ship date must be an Excel date or YYYY-MM-DD text, not "12/10/2026".' });
    expect(await ask('FEFO', 'FG-ASH60', 5, today, 'C-NOBODY')).toEqual({ ok: false, error: 'N/A', message: 'Customer "C-NOBODY" is not in Customers.' });
  });
});

describe('LOTBOOK.GS1', () => {
  const scan = ']C1010950600013435210LOT-A1\x1d17271231';
  it('gives one element of a scan: text, and dates as Excel dates', async () => {
    const { ask } = await setup();
    expect(value(await ask('GS1', scan, 10))).toBe('LOT-A1');
    expect(value(await ask('GS1', scan, '(17)'))).toBe(isoDateToSerial('2027-12-31' as IsoDate));
    expect(value(await ask('GS1', scan, 1))).toBe('09506000134352');
    expect(value(await ask('GS1', '(01)09506000134352(17)270200(10)X', '17'))).toBe(isoDateToSerial('2027-02-28' as IsoDate));
  });

  it('enforces check digits and says which AI is missing or malformed', async () => {
    const { ask } = await setup();
    const badCheck = await ask('GS1', ']C1010950600013435310LOT-A1', 10);
    expect(badCheck.ok).toBe(false);
    expect(badCheck).toMatchObject({ error: 'VALUE', message: expect.stringMatching(/check digit/i) });
    expect(await ask('GS1', scan, 21)).toEqual({ ok: false, error: 'N/A', message: 'The scan has no AI (21).' });
    expect(await ask('GS1', scan, 'lot')).toEqual({ ok: false, error: 'VALUE', message: 'The AI must be 2 to 4 digits, such as 10 (lot) or 17 (expiry), not "lot".' });
    expect(await ask('GS1', '', 10)).toEqual({ ok: false, error: 'VALUE', message: 'Give the scanned text as the first argument.' });
  });
});

describe('LOTBOOK.TRACE', () => {
  it('reaches the lots and customers the Recall pane reaches', async () => {
    const { workbook, ask } = await setup();
    const r = await runRecall(workbook, { query: 'ASH-2407-A', direction: 'forward' });
    if (!r.ok || r.kind !== 'traced') throw new Error('no trace');
    const rows = value(await ask('TRACE', 'RM-ASH', 'ASH-2407-A')) as unknown[][];
    expect(rows).toEqual([
      ['RM-ASH', 'ASH-2407-A', '', 0],
      ['FG-ASH60', fgLot, 'VitaHub Online', 50],
    ]);
    expect(new Set(rows.map((x) => `${x[0]}/${x[1]}`))).toEqual(new Set(r.trace.lots.map((l) => `${l.sku}/${l.lot}`)));
    expect(rows.filter((x) => x[2] !== '').map((x) => [x[2], x[3]])).toEqual(r.trace.notifications.map((n) => [n.customer.name, qtyToNumber(n.qty)]));
  });

  it('traces backward to what went into a lot; refuses a direction it does not know', async () => {
    const { ask } = await setup();
    const rows = value(await ask('TRACE', 'FG-ASH60', fgLot, 'Backward')) as unknown[][];
    expect(rows.map((x) => x[1])).toEqual([fgLot, 'BTL-5521', 'ASH-2407-A']);
    expect(await ask('TRACE', 'FG-ASH60', fgLot, 'up')).toEqual({ ok: false, error: 'VALUE', message: 'The direction must be "forward" or "backward", not "up".' });
    expect(await ask('TRACE', 'FG-ASH60', 'NOPE')).toMatchObject({ ok: false, error: 'N/A' });
  });
});

describe('LOTBOOK cells in Excel (streaming, never stale)', () => {
  function cell(source: TableSource, name: 'ONHAND' | 'STATUS' | 'FEFO', ...args: unknown[]) {
    const results: unknown[] = [];
    const invocation: Invocation = { setResult: (v) => results.push(v) };
    lotbookFunction(name, { source, today: () => today, error: (kind, message) => `#${kind} ${message}` })(args, invocation);
    return { results, invocation };
  }
  const tick = () => new Promise((r) => setImmediate(r));

  it('answers again after a hand edit in Excel, and many cells share one workbook read per change', async () => {
    const { fake, source, settle } = await setup();
    const onHand = cell(source, 'ONHAND', 'RM-ASH', 'ASH-2407-A');
    const status = cell(source, 'STATUS', 'RM-ASH', 'ASH-2407-A');
    const fefo = cell(source, 'FEFO', 'FG-ASH60', 10);
    await tick();
    expect(onHand.results).toEqual([13.5]);
    expect(status.results).toEqual(['released']);
    expect(source.reads).toBe(1);

    // A person puts the lot on hold by typing in the Lots table, and types a count correction into Movements.
    const lots = rowsOf(fake, 'Lots');
    fake.user.editTableCell('Lots', lots.findIndex((r) => r.Lot === 'ASH-2407-A'), 'Status', 'hold');
    const movements = rowsOf(fake, 'Movements');
    fake.user.editTableCell('Movements', movements.findIndex((r) => r['Movement ID'] === 'M-0001'), 'Qty', 30);
    expect(onHand.results).toHaveLength(1);
    settle();
    await tick();
    expect(onHand.results).toEqual([13.5, 18.5]);
    expect(status.results).toEqual(['released', 'hold']);
    expect(fefo.results).toHaveLength(2);
    // Two edits, three cells: one more read.
    expect(source.reads).toBe(2);

    // A deleted formula is cancelled by Excel and stops answering.
    onHand.invocation.onCanceled!();
    fake.user.editTableCell('Lots', lots.findIndex((r) => r.Lot === 'ASH-2407-A'), 'Status', 'released');
    settle();
    await tick();
    expect(onHand.results).toHaveLength(2);
    expect(status.results).toEqual(['released', 'hold', 'released']);
  });

  it('answers #N/A with the reason when the workbook cannot be read, and recovers on the next change', async () => {
    const { fake, source, settle } = await setup();
    fake.failSync(1, { code: 'ConnectionFailure', message: 'The network connection was lost.' });
    const c = cell(source, 'ONHAND', 'RM-ASH');
    await tick();
    expect(String(c.results[0])).toMatch(/^#N\/A Lotbook could not read the workbook: /);
    source.changed();
    settle();
    await tick();
    expect(c.results[1]).toBe(13.5 + 20);
  });
});

describe('parseLotbookFormula (the playground formula bar)', () => {
  it('reads text, numbers, booleans and left-out arguments', () => {
    expect(parseLotbookFormula('=LOTBOOK.ONHAND("FG-ASH60")')).toEqual({ ok: true, name: 'ONHAND', args: ['FG-ASH60'] });
    expect(parseLotbookFormula(' = lotbook.fefo( "FG-ASH60" , 100,, "say ""hi""" )')).toEqual({ ok: true, name: 'FEFO', args: ['FG-ASH60', 100, undefined, 'say "hi"'] });
    expect(parseLotbookFormula('=LOTBOOK.GS1("x", 17)')).toEqual({ ok: true, name: 'GS1', args: ['x', 17] });
  });

  it('refuses general Excel formulas with words a person understands', () => {
    expect(parseLotbookFormula('=SUM(A1:A3)')).toEqual({ ok: false, message: 'Type a formula that starts with =LOTBOOK., such as =LOTBOOK.ONHAND("FG-ASH60").' });
    expect(parseLotbookFormula('=LOTBOOK.ONHAND(A1)')).toMatchObject({ ok: false, message: expect.stringMatching(/A1 is not text in quotes or a number/) });
    expect(parseLotbookFormula('=LOTBOOK.ONHAND("A)')).toMatchObject({ ok: false, message: expect.stringMatching(/no closing quote/) });
  });
});

describe('functions.json (what Excel learns from custom-functions-metadata-plugin)', () => {
  it('declares the seven LOTBOOK functions, streaming, with their arguments; FEFO and TRACE spill', async () => {
    // The generator the webpack plugin runs, over the same file.
    const { generateCustomFunctionsMetadata } = await import('custom-functions-metadata/lib/generate');
    const result = await generateCustomFunctionsMetadata(`${__dirname}/functions.ts`);
    expect(result.errors).toEqual([]);
    const fns = (JSON.parse(result.metadataJson) as { functions: { id: string; parameters: { name: string; optional?: boolean }[]; result: { dimensionality?: string }; options: { stream?: boolean } }[] }).functions;
    expect(fns.map((f) => f.id)).toEqual([...FUNCTION_NAMES]);
    for (const f of fns) {
      const [min, max] = ARITY[f.id as FunctionName];
      expect([f.parameters.filter((p) => !p.optional).length, f.parameters.length]).toEqual([min, max]);
      expect(f.options.stream).toBe(true);
    }
    expect(fns.filter((f) => f.result.dimensionality === 'matrix').map((f) => f.id)).toEqual(['FEFO', 'TRACE']);
  });
});

describe('LOTBOOK.FEFO over a generated workbook', () => {
  it('answers every open order line exactly as the pick list proposes it', async () => {
    const { generateWorkbook } = await import('../demo/synthetic');
    const { seedFake } = await import('../demo/seed-fake');
    const { FakeExcel } = await import('../office-fake/fake-excel');
    const { createExcelWorkbook } = await import('../excel/excel-workbook');
    const { openLines, proposePicksFrom } = await import('../app/pick');
    const day = '2026-11-30' as IsoDate;
    const fake = new FakeExcel();
    seedFake(fake, generateWorkbook({ movements: 5000, seed: 7, today: day }));
    const workbook = createExcelWorkbook((b) => fake.run(b));
    await workbook.setUp();
    const snapshot = await createTableSource(workbook, () => undefined).read();
    const lines = openLines(snapshot.tables).slice(0, 40);
    expect(lines.length).toBeGreaterThan(10);
    let compared = 0;
    for (const [i, line] of lines.entries()) {
      const shipDate = addDays(day, i % 3 === 0 ? 0 : 200);
      const proposal = proposePicksFrom(snapshot.tables, snapshot.openLists, { shipDate, lineKeys: [line.key] });
      const answer = evaluate('FEFO', [line.sku, qtyToNumber(line.qty), shipDate, line.customerId], snapshot, day);
      if (!proposal.ok) {
        expect(answer).toMatchObject({ ok: false, error: 'N/A' });
        continue;
      }
      const expected = proposal.picks.map((p) => [p.lot, p.expiry ? isoDateToSerial(p.expiry) : '', qtyToNumber(p.qty)]);
      const short = proposal.shortfalls[0];
      if (expected.length === 0) expect(answer).toMatchObject({ ok: false, error: 'N/A' });
      else {
        const rows = value(answer) as unknown[][];
        expect(new Set(rows.filter((r) => r[0] !== 'short').map((r) => JSON.stringify(r)))).toEqual(new Set(expected.map((r) => JSON.stringify(r))));
        expect(rows.find((r) => r[0] === 'short')?.[2] ?? 0).toBe(short ? qtyToNumber(short.qty) : 0);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5);
  });
});
