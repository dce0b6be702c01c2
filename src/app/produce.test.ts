/**
 * Production runs against the real Excel adapter over the Office.js fake, seeded with the demo workbook
 * (today 2026-11-30): RM-ASH lot ASH-2407-A is released with 13.5 kg, ASH-2409-B is in quarantine, RM-MGC lot
 * MGC-0311 expired five days ago, PK-BTL150 lot BTL-5521 is released with 1600 bottles.
 */
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { addDays, isoDate, isoDateToSerial } from '../domain/dates';
import { receiptWithoutCost } from '../domain/costing';
import type { IsoDate, IsoDateTime, Money, Qty } from '../domain/types';
// The layer rule keeps adapters out of src/app code; this test runs the use case on the real adapter over the
// fake on purpose (notes/panes.md), so the rule is lifted for these two imports only.
import { WorkbookError } from './ports';
import { defaultOutputExpiry, inputCandidates, produce, readRunTables, suggestInputs, suggestOutputLot, type RunContext, type RunInput } from './produce';

const TODAY = isoDate('2026-11-30') as IsoDate;
const NOW = `${TODAY}T14:05:00` as IsoDateTime;

async function setup() {
  const { fake, workbook } = await demoFake(TODAY, `${TODAY}T09:00:00` as IsoDateTime);
  return { fake, workbook };
}


let counter = 0;
function ctx(): RunContext {
  counter += 1;
  return { user: 'Jo (line 1)', today: TODAY, now: NOW, ids: { run: `R-TEST-${counter}`, log: `L-TEST-${counter}` } };
}

const run: RunInput = {
  outputSku: 'FG-ASH60',
  plannedQuantity: '500',
  actualQuantity: '480',
  conversionCost: '250',
  location: 'QC-HOLD',
  inputs: [
    { sku: 'RM-ASH', lot: 'ASH-2407-A', quantity: '10' },
    { sku: 'PK-BTL150', lot: 'BTL-5521', quantity: '500' },
  ],
};

describe('produce', () => {
  it('writes the run, a CONSUME per input and a PRODUCE, all with the run id, and a quarantined output lot', async () => {
    const { fake, workbook } = await setup();
    const c = ctx();
    const out = await produce(workbook, run, c);
    expect(out).toMatchObject({ ok: true, alreadySaved: false, written: { runs: 1, movements: 3 } });
    // Demo pattern {yy}{mm}-{sku}-{seq}; no lot of FG-ASH60 has this prefix yet.
    const lot = '2611-FG-ASH60-001';

    expect(rowsOf(fake, 'Runs').find((r) => r['Run ID'] === c.ids.run)).toMatchObject({ 'Output SKU': 'FG-ASH60', 'Output Lot': lot, 'Planned Qty': 500, 'Actual Qty': 480, 'Conversion Cost': 250, User: 'Jo (line 1)', Date: isoDateToSerial(TODAY) });
    const moves = rowsOf(fake, 'Movements').filter((r) => r['Reference'] === c.ids.run);
    expect(moves.map((r) => [r['Type'], r['SKU'], r['Lot'], r['Qty']])).toEqual([
      ['CONSUME', 'RM-ASH', 'ASH-2407-A', -10],
      ['CONSUME', 'PK-BTL150', 'BTL-5521', -500],
      ['PRODUCE', 'FG-ASH60', lot, 480],
    ]);

    // Expiry: the raw material's (today + 580) comes before today + 730 days of shelf life.
    // Unit cost: (10 kg x 38.50 + 500 x 0.185 + 250) / 480 = 727.50 / 480 = 1.515625 -> 1.5156 (half to even).
    const made = rowsOf(fake, 'Lots').find((r) => r['Lot'] === lot);
    expect(made).toMatchObject({ SKU: 'FG-ASH60', Status: 'quarantine', 'On Hand': 480, 'Unit Cost': 1.5156, Location: 'QC-HOLD', Expiry: isoDateToSerial(addDays(TODAY, 580)), Manufactured: isoDateToSerial(TODAY) });
    // The inputs' stored On Hand follows the ledger.
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2407-A')!['On Hand']).toBe(3.5);
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'BTL-5521')!['On Hand']).toBe(1100);
  });

  it('writes a batch production record with components, supplier lots, yields and sign-off lines', async () => {
    const { fake, workbook } = await setup();
    const out = await produce(workbook, run, ctx());
    if (!out.ok) throw new Error(out.message);
    expect(out.written.sheet).toBe('BPR 2611-FG-ASH60-001');
    const bpr = fake.tableNames().find((n) => n.startsWith('BPR'))!;
    const t = fake.table(bpr)!;
    expect(t.headers).toEqual(['Component SKU', 'Description', 'Lot', 'Supplier', 'Supplier Lot', 'Expiry', 'Qty Used', 'Unit', 'Movement ID']);
    expect(t.rows.map((r) => [r[0], r[2], r[4], r[6], r[7]])).toEqual([
      ['RM-ASH', 'ASH-2407-A', 'SH-77812', 10, 'kg'],
      ['PK-BTL150', 'BTL-5521', '5521', 500, 'ea'],
    ]);
    const sheet = fake.usedRange('BPR 2611-FG-ASH60-001')!.values;
    const line = (label: string) => sheet.find((r) => r[0] === label)?.[1];
    expect(line('Finished lot')).toBe('2611-FG-ASH60-001');
    expect(line('Theoretical yield')).toBe('500 ea');
    expect(line('Actual yield')).toBe('480 ea');
    expect(line('Yield (actual / theoretical)')).toBe('96.0%');
    expect(line('Manufacture date')).toBe('2026-11-30');
    expect(line('Recorded by')).toBe('Jo (line 1)');
    expect(line('Reviewed by / date')).toBe('');
    expect(line('Approved by / date')).toBe('');
  });

  it('saving twice writes once', async () => {
    const { fake, workbook } = await setup();
    const c = ctx();
    const before = { runs: rowsOf(fake, 'Runs').length, moves: rowsOf(fake, 'Movements').length, lots: rowsOf(fake, 'Lots').length, sheets: fake.sheetNames().length };
    expect((await produce(workbook, run, c)).ok).toBe(true);
    const again = await produce(workbook, run, c);
    expect(again).toMatchObject({ ok: true, alreadySaved: true, written: { runs: 0, movements: 0 } });
    expect(rowsOf(fake, 'Runs')).toHaveLength(before.runs + 1);
    expect(rowsOf(fake, 'Movements')).toHaveLength(before.moves + 3);
    expect(rowsOf(fake, 'Lots')).toHaveLength(before.lots + 1);
    expect(fake.sheetNames()).toHaveLength(before.sheets + 1);
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2407-A')!['On Hand']).toBe(3.5);
  });

  it('writes each row once when a sync fails part-way and the user saves again', async () => {
    // Every sync a clean run makes.
    const clean = await setup();
    clean.fake.resetStats();
    await produce(clean.workbook, run, ctx());
    expect(clean.fake.stats.syncs).toBeGreaterThanOrEqual(3);
    for (let nth = 1; nth <= clean.fake.stats.syncs; nth++) {
      for (const afterCommands of [0, 2]) {
        const { fake, workbook } = await setup();
        const c = ctx();
        const moves = rowsOf(fake, 'Movements').length;
        fake.failSync(nth, { afterCommands });
        await expect(produce(workbook, run, c)).rejects.toBeInstanceOf(WorkbookError);
        const retry = await produce(workbook, run, c);
        expect(retry.ok).toBe(true);
        expect(rowsOf(fake, 'Movements')).toHaveLength(moves + 3);
        expect(rowsOf(fake, 'Runs').filter((r) => r['Run ID'] === c.ids.run)).toHaveLength(1);
        expect(rowsOf(fake, 'Lots').filter((r) => r['Lot'] === '2611-FG-ASH60-001')).toHaveLength(1);
        expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2407-A')!['On Hand']).toBe(3.5);
        expect(fake.sheetNames().filter((s) => s.startsWith('BPR'))).toHaveLength(1);
      }
    }
  });

  it('refuses inputs in quarantine, expired or beyond on hand, naming each and why, and writes nothing', async () => {
    const { fake, workbook } = await setup();
    const moves = rowsOf(fake, 'Movements').length;
    const out = await produce(
      workbook,
      {
        ...run,
        inputs: [
          { sku: 'RM-ASH', lot: 'ASH-2409-B', quantity: '1' },
          { sku: 'RM-MGC', lot: 'MGC-0311', quantity: '1' },
          { sku: 'PK-BTL150', lot: 'BTL-5521', quantity: '2000' },
          { sku: 'RM-ASH', lot: 'NOPE', quantity: '1' },
        ],
      },
      ctx(),
    );
    expect(out).toMatchObject({ ok: false, code: 'input-not-released', field: 'inputs' });
    if (out.ok) return;
    expect(out.message).toBe('RM-ASH / ASH-2409-B is in quarantine (not yet released by QA); only released lots can be consumed. (and 3 more inputs)');
    expect(out.inputProblems).toEqual([
      expect.objectContaining({ index: 0, code: 'input-not-released' }),
      { index: 1, code: 'input-expired', message: `RM-MGC / MGC-0311 expired on ${addDays(TODAY, -5)}, before the run date ${TODAY}; expired material cannot be used.` },
      { index: 2, code: 'input-exceeds-on-hand', message: 'PK-BTL150 / BTL-5521: 2000 ea asked, but only 1600 ea on hand.' },
      expect.objectContaining({ index: 3, code: 'input-unknown-lot' }),
    ]);
    expect(rowsOf(fake, 'Movements')).toHaveLength(moves);
    expect(fake.sheetNames().some((s) => s.startsWith('BPR'))).toBe(false);
  });

  it('consumes the same lot on two lines as two movements, and refuses when together they exceed on hand', async () => {
    const { fake, workbook } = await setup();
    const twice = [
      { sku: 'RM-ASH', lot: 'ASH-2407-A', quantity: '8' },
      { sku: 'RM-ASH', lot: 'ASH-2407-A', quantity: '6' },
    ];
    const over = await produce(workbook, { ...run, inputs: twice }, ctx());
    expect(over).toMatchObject({ ok: false, code: 'input-exceeds-on-hand', message: 'RM-ASH / ASH-2407-A: 6.000 kg asked (with the other lines of this lot, 14.000 kg), but only 13.500 kg on hand.' });

    const c = ctx();
    const ok = await produce(workbook, { ...run, inputs: [twice[0]!, { ...twice[1]!, quantity: '5.5' }] }, c);
    expect(ok.ok).toBe(true);
    expect(rowsOf(fake, 'Movements').filter((r) => r['Reference'] === c.ids.run && r['Type'] === 'CONSUME').map((r) => r['Qty'])).toEqual([-8, -5.5]);
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2407-A')!['On Hand']).toBe(0);
  });

  it('needs a reason to change the output expiry from its default, and logs it', async () => {
    const { fake, workbook } = await setup();
    const later = addDays(TODAY, 600);
    expect(await produce(workbook, { ...run, expiry: later }, ctx())).toMatchObject({ ok: false, code: 'expiry-reason-required', field: 'expiryReason' });
    const c = ctx();
    const out = await produce(workbook, { ...run, expiry: later, expiryReason: 'Stability study SS-12 supports 600 days' }, c);
    expect(out.ok).toBe(true);
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === '2611-FG-ASH60-001')!['Expiry']).toBe(isoDateToSerial(later));
    expect(rowsOf(fake, 'Log').find((r) => r['Entry ID'] === c.ids.log)).toMatchObject({
      Action: 'run-expiry-override',
      Key: 'FG-ASH60 / 2611-FG-ASH60-001',
      From: addDays(TODAY, 580),
      To: later,
      Why: 'Stability study SS-12 supports 600 days',
      User: 'Jo (line 1)',
    });
  });

  it('gives the next output lot code per SKU, and refuses a lot code that exists', async () => {
    const { workbook } = await setup();
    expect((await produce(workbook, run, ctx())).ok).toBe(true);
    const tables = await readRunTables(workbook);
    expect(suggestOutputLot(tables, 'FG-ASH60', TODAY)).toEqual({ ok: true, lot: '2611-FG-ASH60-002', seq: 2 });
    expect(suggestOutputLot(tables, 'FG-MAG120', TODAY)).toMatchObject({ lot: '2611-FG-MAG120-001' });
    expect(await produce(workbook, { ...run, outputLot: '2611-fg-ash60-001' }, ctx())).toMatchObject({ ok: false, code: 'output-lot-exists', field: 'outputLot' });
  });

  it('refuses an input whose movements are bad, because its stock cannot be counted', async () => {
    const { fake, workbook } = await setup();
    const index = fake.table('Movements')!.rows.findIndex((r) => r[0] === 'M-0001');
    fake.user.editTableCell('Movements', index, 'Qty', 'twenty-five');
    const out = await produce(workbook, run, ctx());
    expect(out).toMatchObject({ ok: false, code: 'input-row-bad' });
    expect(out.ok ? '' : out.message).toContain('Movements!F');
  });

  it('refuses quantities it cannot read and a run date in the future', async () => {
    const { workbook } = await setup();
    expect(await produce(workbook, { ...run, actualQuantity: '480.5' }, ctx())).toMatchObject({ ok: false, code: 'bad-quantity', field: 'actualQuantity' });
    expect(await produce(workbook, { ...run, plannedQuantity: '' }, ctx())).toMatchObject({ ok: false, code: 'bad-quantity', field: 'plannedQuantity' });
    expect(await produce(workbook, { ...run, conversionCost: '-5' }, ctx())).toMatchObject({ ok: false, code: 'bad-cost' });
    expect(await produce(workbook, { ...run, date: '2026-12-01' }, ctx())).toMatchObject({ ok: false, code: 'date-in-future' });
    expect(await produce(workbook, { ...run, inputs: [] }, ctx())).toMatchObject({ ok: false, code: 'no-inputs' });
  });
});

describe('what the production lead is told', () => {
  it('asks for a blank quantity in words, never \'The actual quantity "" must be…\'', async () => {
    const { workbook } = await setup();
    const out = await produce(workbook, { ...run, actualQuantity: ' ' }, ctx());
    expect(out).toMatchObject({ ok: false, code: 'bad-quantity', field: 'actualQuantity', message: 'Enter the actual quantity in ea.' });
    const line = await produce(workbook, { ...run, inputs: [{ sku: 'RM-ASH', lot: 'ASH-2407-A', quantity: '' }] }, ctx());
    expect(line).toMatchObject({ ok: false, code: 'input-bad-quantity', message: 'RM-ASH / ASH-2407-A: enter the quantity used in kg.' });
  });

  it('warns when an input was received without a unit cost instead of costing it as 0 silently', async () => {
    const { workbook } = await setup();
    await workbook.transact((tx) =>
      tx.write({
        append: {
          Lots: [{ sku: 'RM-ASH', lot: 'ASH-NOCOST', supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: addDays(TODAY, 300), received: addDays(TODAY, -5), status: 'released', unitCost: null, location: 'RM-01', coaRef: 'COA-1', onHand: (5 * 1000) as Qty }],
          Movements: [{ id: 'M-NOCOST', date: addDays(TODAY, -5), type: 'RECEIVE', sku: 'RM-ASH', lot: 'ASH-NOCOST', qty: (5 * 1000) as Qty, location: 'RM-01', ref: 'PO-9', unitCost: null, user: 'test', note: '' }],
        },
      }),
    );
    const costed = await produce(workbook, run, ctx());
    expect(costed.ok && costed.uncosted).toEqual([]);
    const c = ctx();
    const out = await produce(workbook, { ...run, inputs: [{ sku: 'PK-BTL150', lot: 'BTL-5521', quantity: '10' }, { sku: 'RM-ASH', lot: 'ASH-NOCOST', quantity: '1' }] }, c);
    if (!out.ok) throw new Error(out.message);
    expect(out.uncosted).toEqual([{ sku: 'RM-ASH', lot: 'ASH-NOCOST' }]);
    const unitCost = new Map(out.sheet.header.map(([k, v]) => [k, v])).get('Unit cost');
    expect(unitCost).toMatch(/\(incomplete: RM-ASH \/ ASH-NOCOST received without unit cost, counted as 0\)$/);
  });
});

describe('receiptWithoutCost', () => {
  it('is true only when neither the receipt nor its lot has a unit cost', () => {
    expect(receiptWithoutCost(null, null)).toBe(true);
    expect(receiptWithoutCost(undefined, undefined)).toBe(true);
    expect(receiptWithoutCost(0 as Money, null)).toBe(false);
    expect(receiptWithoutCost(null, 385000 as Money)).toBe(false);
  });
});

describe('input suggestions', () => {
  it('lists a SKU’s lots usable ones first with ledger on hand, and suggests FEFO quantities', async () => {
    const { workbook } = await setup();
    const tables = await readRunTables(workbook);
    expect(inputCandidates(tables, 'RM-ASH', TODAY).map((c) => [c.lot.lot, c.onHand, c.blocked])).toEqual([
      ['ASH-2407-A', 13500, null],
      ['ASH-2409-B', 20000, 'not-released'],
    ]);
    expect(inputCandidates(tables, 'RM-MGC', TODAY)[0]!.blocked).toBe('expired');
    expect(suggestInputs(tables, 'RM-ASH', 15000 as never, TODAY)).toEqual({ lines: [{ sku: 'RM-ASH', lot: 'ASH-2407-A', quantity: '13.5' }], short: 1500 });
  });

  it('defaults the output expiry to the earlier of shelf life and the earliest input expiry', () => {
    expect(defaultOutputExpiry(TODAY, 730, [addDays(TODAY, 580), null])).toBe(addDays(TODAY, 580));
    expect(defaultOutputExpiry(TODAY, 30, [addDays(TODAY, 580)])).toBe(addDays(TODAY, 30));
    expect(defaultOutputExpiry(TODAY, null, [null])).toBeNull();
  });
});
