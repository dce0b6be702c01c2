/**
 * Recall against the real Excel adapter over the Office.js fake, seeded with the demo workbook plus a second level
 * of genealogy (the finished lot went into a gift kit shipped to a customer missing from Customers): what a QA
 * lead sees in the trace, in the report sheet, and in Lots and Log after acting on it.
 */
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { gtin } from '../demo/demo-data';
import { isoDate, isoDateToSerial } from '../domain/dates';
import { allocateFefo } from '../domain/fefo';
import type { IsoDate, IsoDateTime, Qty } from '../domain/types';
// The use case runs on the real adapter over the Office.js fake on purpose (notes/panes.md).
import type { createExcelWorkbook } from '../excel/excel-workbook';
import type { FakeExcel } from '../office-fake/fake-excel';
import { WorkbookError } from './ports';
import { holdAffectedLots, layoutGenealogy, previewHold, runRecall, statusLogId, writeRecallReport, type HoldInput, type RecallTrace } from './recall';
import { storedText } from '../../test/support/variants';

const TODAY = isoDate('2026-11-30') as IsoDate;
const NOW = `${TODAY}T10:15:00` as IsoDateTime;
const FG_LOT = '2611-ASH60-001'; // the demo's finished lot for a November 2026 "today"
const FG_GTIN = gtin('0950600013435');
const q = (n: number) => Math.round(n * 1000) as Qty;
const d = (n: number) => `2026-11-${String(n).padStart(2, '0')}` as IsoDate;

async function setup() {
  const { fake, workbook } = await demoFake(TODAY, `${TODAY}T09:00:00` as IsoDateTime);
  const user = 'demo';
  await workbook.transact((tx) =>
    tx.write({
      append: {
        Products: [{ sku: 'KIT-ASH', gtin: '', description: 'Calm gift kit', unit: 'ea', decimals: 0, shelfLifeDays: null, minShipLifeDays: null, kind: 'finished' }],
        Lots: [
          { sku: 'KIT-ASH', lot: 'KIT-01', supplier: '', supplierLot: '', origin: '', manufactured: d(20), expiry: null, received: d(20), status: 'released', unitCost: null, location: 'FG-A2', coaRef: '', onHand: q(15) },
          // A supplier lot delivered as two lots: asking for it must offer both.
          { sku: 'RM-ASH', lot: 'ASH-2407-C', supplier: 'Sattva Herbs', supplierLot: 'SH-77812', origin: 'IN', manufactured: null, expiry: null, received: d(2), status: 'released', unitCost: null, location: 'RM-01', coaRef: '', onHand: q(5) },
        ],
        Movements: [
          { id: 'M-0100', date: d(20), type: 'CONSUME', sku: 'FG-ASH60', lot: FG_LOT, qty: q(-20), location: 'FG-A1', ref: 'R-0100', unitCost: null, user, note: '' },
          { id: 'M-0101', date: d(20), type: 'PRODUCE', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(20), location: 'FG-A2', ref: 'R-0100', unitCost: null, user, note: '' },
          { id: 'M-0102', date: d(25), type: 'SHIP', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(-5), location: 'FG-A2', ref: 'S-0100', unitCost: null, user, note: '' },
          { id: 'M-0103', date: d(2), type: 'RECEIVE', sku: 'RM-ASH', lot: 'ASH-2407-C', qty: q(5), location: 'RM-01', ref: 'PO-1100', unitCost: null, user, note: '' },
        ],
        Shipments: [{ id: 'S-0100', line: 1, orderId: 'SO-4000', date: d(25), customerId: 'C-POPUP', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(5), carrier: 'UPS', tracking: '' }],
      },
    }),
  );
  return { fake, workbook };
}


const statusOf = (fake: FakeExcel, sku: string, lot: string) => rowsOf(fake, 'Lots').find((r) => r['SKU'] === sku && r['Lot'] === lot)?.['Status'];

async function trace(workbook: ReturnType<typeof createExcelWorkbook>, query: string, direction: 'forward' | 'backward' | 'both' = 'forward'): Promise<RecallTrace> {
  const r = await runRecall(workbook, { query, direction }, { today: TODAY });
  if (!r.ok || r.kind !== 'traced') throw new Error(`expected a trace, got ${JSON.stringify(r)}`);
  return r.trace;
}

describe('runRecall', () => {
  it('traces a raw lot forward to every lot made from it and every customer who received them', async () => {
    const { workbook } = await setup();
    const steps: string[] = [];
    const r = await runRecall(workbook, { query: ' ash-2407-a ', direction: 'forward' }, { today: TODAY, onProgress: (s) => steps.push(s) });
    expect(steps).toEqual(['reading', 'tracing']);
    if (!r.ok || r.kind !== 'traced') throw new Error('expected a trace');
    const t = r.trace;
    expect(t.starts).toEqual([{ sku: 'RM-ASH', lot: 'ASH-2407-A' }]);
    expect(t.lots.map((l) => [l.sku, l.lot, l.depth, l.direction, l.status])).toEqual([
      ['RM-ASH', 'ASH-2407-A', 0, 'start', 'released'],
      ['FG-ASH60', FG_LOT, 1, 'forward', 'released'],
      ['KIT-ASH', 'KIT-01', 2, 'forward', 'released'],
    ]);
    expect(t.links.map((l) => [l.from, l.to, l.runs])).toEqual(
      expect.arrayContaining([
        ['RM-ASH\u0000ASH-2407-A', `FG-ASH60\u0000${FG_LOT}`, ['R-0001']],
        [`FG-ASH60\u0000${FG_LOT}`, 'KIT-ASH\u0000KIT-01', ['R-0100']],
      ]),
    );
    // The sibling input of the run (bottles) is not downstream of the raw lot.
    expect(t.lots.some((l) => l.sku === 'PK-BTL150')).toBe(false);

    expect(t.notifications.map((n) => [n.customerId, n.customer.name, n.customerRecord, n.sku, n.lot, n.qty, n.unit])).toEqual([
      ['C-POPUP', '', 'not-in-customers', 'KIT-ASH', 'KIT-01', q(5), 'ea'],
      ['C-VITAHUB', 'VitaHub Online', 'found', 'FG-ASH60', FG_LOT, q(50), 'ea'],
    ]);
    expect(t.customers.map((c) => [c.customerId, c.customerRecord, c.received])).toEqual([
      ['C-POPUP', 'not-in-customers', ['5 ea KIT-ASH / KIT-01']],
      ['C-VITAHUB', 'found', [`50 ea FG-ASH60 / ${FG_LOT}`]],
    ]);
    const raw = t.massBalance.find((b) => b.lot === 'ASH-2407-A')!;
    expect(raw).toMatchObject({ receivedOrProduced: q(25), consumed: q(11.5), onHand: q(13.5), unaccounted: 0, accountedPercent: 100, unit: 'kg', role: 'start' });
    expect(t.massBalance.find((b) => b.lot === FG_LOT)).toMatchObject({ receivedOrProduced: q(390), consumed: q(20), shipped: q(50), onHand: q(320), unaccounted: 0 });
    expect(t.warnings).toEqual([]);
  });

  it('finds the lot from a GS1 scan (GTIN through Products, lot) and traces it backward to its inputs', async () => {
    const { workbook } = await setup();
    const t = await trace(workbook, `]C1\x1d01${FG_GTIN}10${FG_LOT}`, 'backward');
    expect(t.starts).toEqual([{ sku: 'FG-ASH60', lot: FG_LOT }]);
    expect(t.lots.filter((l) => l.direction === 'backward').map((l) => `${l.sku} / ${l.lot}`)).toEqual(['PK-BTL150 / BTL-5521', 'RM-ASH / ASH-2407-A']);
    // The start lot's own customers are always part of a recall; inputs' other uses are not.
    expect(t.notifications.map((n) => n.customerId)).toEqual(['C-VITAHUB']);
  });

  it('takes SKU / lot, and the human-readable GS1 form', async () => {
    const { workbook } = await setup();
    expect((await trace(workbook, `FG-ASH60 / ${FG_LOT}`)).starts).toEqual([{ sku: 'FG-ASH60', lot: FG_LOT }]);
    expect((await trace(workbook, `(01)${FG_GTIN}(10)${FG_LOT}`)).starts).toEqual([{ sku: 'FG-ASH60', lot: FG_LOT }]);
  });

  it('asks which lot when a supplier lot matches several, then traces the one chosen', async () => {
    const { workbook } = await setup();
    const r = await runRecall(workbook, { query: 'SH-77812', direction: 'forward' });
    expect(r).toMatchObject({ ok: true, kind: 'choose' });
    if (!r.ok || r.kind !== 'choose') throw new Error('expected a choice');
    expect(r.candidates.map((c) => [c.sku, c.lot, c.matchedBy, c.supplier])).toEqual([
      ['RM-ASH', 'ASH-2407-A', 'supplier-lot', 'Sattva Herbs'],
      ['RM-ASH', 'ASH-2407-C', 'supplier-lot', 'Sattva Herbs'],
    ]);
    const chosen = await runRecall(workbook, { starts: r.candidates.map((c) => ({ sku: c.sku, lot: c.lot })), direction: 'forward' });
    if (!chosen.ok || chosen.kind !== 'traced') throw new Error('expected a trace');
    expect(chosen.trace.lots.filter((l) => l.direction === 'start').map((l) => l.lot)).toEqual(['ASH-2407-A', 'ASH-2407-C']);
  });

  it('says what is wrong with a query that names no lot', async () => {
    const { workbook } = await setup();
    expect(await runRecall(workbook, { query: 'NOPE-1', direction: 'forward' })).toMatchObject({ ok: false, code: 'lot-not-found', field: 'query', message: expect.stringContaining('"NOPE-1"') });
    expect(await runRecall(workbook, { query: `(01)${FG_GTIN}`, direction: 'forward' })).toMatchObject({ ok: false, code: 'scan-without-lot', message: expect.stringContaining('FG-ASH60') });
    expect(await runRecall(workbook, { query: `(01)${gtin('0950600019999')}(10)A1`, direction: 'forward' })).toMatchObject({ ok: false, code: 'unknown-gtin' });
    expect(await runRecall(workbook, { query: '   ', direction: 'forward' })).toMatchObject({ ok: false, code: 'empty-query' });
    // A lot in Lots that never moved has nothing to trace.
    await workbook.transact((tx) => tx.write({ append: { Lots: [{ sku: 'RM-MGC', lot: 'MGC-NEW', supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: null, received: null, status: 'quarantine', unitCost: null, location: '', coaRef: '', onHand: null }] } }));
    expect(await runRecall(workbook, { query: 'MGC-NEW', direction: 'forward' })).toMatchObject({ ok: false, code: 'unknown-lots' });
  });

  it('refuses when a Shipments row of an affected lot cannot be read, and names the cell', async () => {
    const { fake, workbook } = await setup();
    const i = rowsOf(fake, 'Shipments').findIndex((r) => r['Shipment ID'] === 'S-0100');
    fake.user.editTableCell('Shipments', i, 'Qty', 'five');
    const r = await runRecall(workbook, { query: 'ASH-2407-A', direction: 'forward' });
    expect(r).toMatchObject({ ok: false, code: 'rows-bad', message: expect.stringMatching(/Shipments!H\d+/) });
    // A bad row of an unrelated lot does not stop the recall.
    const other = await runRecall(workbook, { query: 'MAG-2311', direction: 'forward' });
    expect(other).toMatchObject({ ok: true, kind: 'traced' });
  });
});

describe('writeRecallReport', () => {
  const meta = { reason: '=HYPERLINK("x") Salmonella found in retained sample', recallClass: 'II' as const, user: 'Quinn (QA)', now: NOW };

  it('writes a sheet named for the lot and the date, with the header, the mass balance and one table row per customer line', async () => {
    const { fake, workbook } = await setup();
    const steps: string[] = [];
    const r = await writeRecallReport(workbook, { ...meta, reportId: 'RCL-TEST-1', starts: [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }], direction: 'forward' }, { onProgress: (s) => steps.push(s) });
    expect(r).toMatchObject({ ok: true, sheetName: 'Recall ASH-2407-A 2026-11-30' });
    expect(steps).toEqual(['reading', 'tracing', 'writing']);

    const sheet = fake.usedRange('Recall ASH-2407-A 2026-11-30')!.values;
    const header = new Map(sheet.filter((row) => typeof row[0] === 'string' && row[0] !== '').map((row) => [row[0] as string, row[1]]));
    // The customer reads the products they received, not the raw material the trace started from.
    expect(header.get('Recalled product')).toBe('KIT-ASH Calm gift kit; FG-ASH60 Ashwagandha 500 mg, 60 capsules');
    expect(header.get('Recalled lots')).toBe(`KIT-ASH / KIT-01, FG-ASH60 / ${FG_LOT}`);
    expect(header.get('Reason')).toBe(storedText(meta.reason));
    expect(header.get('Recall class')).toMatch(/^Class II: /);
    expect(header.get('Started by')).toBe('Quinn (QA)');
    expect(header.get('Started at')).toBe('2026-11-30 10:15:00');
    // No internal figures on a sheet that goes to customers: no trace timings.
    expect(header.has('Trace time')).toBe(false);
    expect(sheet.flat().some((v) => typeof v === 'string' && / ms\b/.test(v))).toBe(false);
    expect(header.get('Customers to notify')).toBe('2 (1 not found in Customers: see the Flag column)');
    expect(header.get('RM-ASH / ASH-2407-A (recalled lot)')).toBe('in 25 kg; consumed 11.5; shipped 0; destroyed 0; on hand 13.5; unaccounted 0; 100% accounted for');
    expect(header.get(`KIT-ASH / KIT-01 (made from it)`)).toMatch(/^in 20 ea; .*shipped 5; .*on hand 15; unaccounted 0; 100% accounted for$/);
    // The reason is text, never a formula.
    const reasonRow = sheet.findIndex((row) => row[0] === 'Reason') + 1;
    expect(fake.cell('Recall ASH-2407-A 2026-11-30', `B${reasonRow}`)).toMatchObject({ formula: null, value: storedText(meta.reason) });

    const table = fake.table(fake.tableNames().find((n) => n.startsWith('Recall_'))!)!;
    expect(table.sheet).toBe('Recall ASH-2407-A 2026-11-30');
    const rows = table.rows.map((row) => Object.fromEntries(table.headers.map((h, i) => [h, row[i]])));
    expect(rows).toEqual([
      expect.objectContaining({ Customer: '', 'Customer ID': 'C-POPUP', Order: 'SO-4000', Shipment: 'S-0100', SKU: 'KIT-ASH', Product: 'Calm gift kit', Lot: 'KIT-01', Qty: 5, Unit: 'ea', Flag: 'not in Customers' }),
      expect.objectContaining({
        Customer: 'VitaHub Online',
        'Customer ID': 'C-VITAHUB',
        Contact: 'Sam Lee',
        Email: 'ops@vitahub.example',
        Phone: '+1 512 555 0199',
        Address: '88 Commerce Park',
        City: 'Austin',
        Region: 'TX',
        'Postal Code': '78701',
        Country: 'US',
        Order: 'SO-3010',
        Shipment: 'S-0002',
        Line: 1,
        'Ship Date': isoDateToSerial('2026-11-18' as IsoDate),
        SKU: 'FG-ASH60',
        Product: 'Ashwagandha 500 mg, 60 capsules',
        Lot: FG_LOT,
        Qty: 50,
        Unit: 'ea',
        Flag: '',
      }),
    ]);
    // The phone number starting with + stays text.
    const phoneCol = table.headers.indexOf('Phone');
    expect(table.rows[1]![phoneCol]).toBe('+1 512 555 0199');
  });

  it('writes one sheet when the same report is written twice', async () => {
    const { fake, workbook } = await setup();
    const input = { ...meta, reportId: 'RCL-TEST-2', starts: [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }], direction: 'forward' as const };
    await writeRecallReport(workbook, input);
    const again = await writeRecallReport(workbook, input);
    expect(again).toMatchObject({ ok: true, sheetName: 'Recall ASH-2407-A 2026-11-30' });
    expect(fake.sheetNames().filter((s) => s.startsWith('Recall'))).toHaveLength(1);
  });

  it('refuses without a reason, and writes nothing', async () => {
    const { fake, workbook } = await setup();
    const r = await writeRecallReport(workbook, { ...meta, reason: '  ', reportId: 'RCL-TEST-3', starts: [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }], direction: 'forward' });
    expect(r).toMatchObject({ ok: false, code: 'reason-required' });
    expect(fake.sheetNames().filter((s) => s.startsWith('Recall'))).toHaveLength(0);
  });
});

describe('holdAffectedLots', () => {
  const input = (over: Partial<HoldInput> = {}): HoldInput => ({
    starts: [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }],
    to: 'hold',
    why: 'Supplier reports Salmonella in SH-77812',
    user: 'Quinn (QA)',
    now: NOW,
    operationId: 'L-20261130-HOLD0001',
    ...over,
  });

  it('puts the raw lot and every lot made from it on hold, with the reason in Log, and FEFO no longer picks them', async () => {
    const { fake, workbook } = await setup();
    const logBefore = rowsOf(fake, 'Log').length;
    const r = await holdAffectedLots(workbook, input());
    expect(r).toMatchObject({ ok: true, written: { lots: 3, log: 3 } });
    expect(statusOf(fake, 'RM-ASH', 'ASH-2407-A')).toBe('hold');
    expect(statusOf(fake, 'FG-ASH60', FG_LOT)).toBe('hold');
    expect(statusOf(fake, 'KIT-ASH', 'KIT-01')).toBe('hold');
    expect(statusOf(fake, 'PK-BTL150', 'BTL-5521')).toBe('released');
    const log = rowsOf(fake, 'Log').slice(logBefore);
    expect(log.map((l) => [l['Action'], l['Table'], l['Key'], l['From'], l['To'], l['Why'], l['User']])).toEqual(
      expect.arrayContaining([
        ['status-change', 'Lots', 'RM-ASH / ASH-2407-A', 'released', 'hold', 'Supplier reports Salmonella in SH-77812', 'Quinn (QA)'],
        ['status-change', 'Lots', `FG-ASH60 / ${FG_LOT}`, 'released', 'hold', 'Supplier reports Salmonella in SH-77812', 'Quinn (QA)'],
        ['status-change', 'Lots', 'KIT-ASH / KIT-01', 'released', 'hold', 'Supplier reports Salmonella in SH-77812', 'Quinn (QA)'],
      ]),
    );
    expect(log).toHaveLength(3);

    // The open order for FG-ASH60 finds no lot to pick.
    const lots = await workbook.transact((tx) => tx.read(['Lots']));
    const fefo = allocateFefo({ shipDate: TODAY, lines: [{ id: 'SO-3022/1', sku: 'FG-ASH60', qty: q(60) }], lots: lots.Lots.rows });
    expect(fefo.picks).toEqual([]);
    expect(fefo.shortfalls[0]!.reasons.map((x) => x.code)).toContain('hold');
  });

  it('doing it twice changes and logs once', async () => {
    const { fake, workbook } = await setup();
    await holdAffectedLots(workbook, input());
    const logCount = rowsOf(fake, 'Log').length;
    const again = await holdAffectedLots(workbook, input());
    expect(again).toMatchObject({ ok: true, written: { lots: 0, log: 0 } });
    if (!again.ok) throw new Error('expected ok');
    expect(again.lots.every((l) => l.outcome === 'unchanged')).toBe(true);
    expect(rowsOf(fake, 'Log')).toHaveLength(logCount);
  });

  it('recalls lots on hold, and reports a lot that the rules keep where it is', async () => {
    const { fake, workbook } = await setup();
    await holdAffectedLots(workbook, input());
    const r = await holdAffectedLots(workbook, input({ to: 'recalled', operationId: 'L-20261130-RCL00001' }));
    expect(r).toMatchObject({ ok: true, written: { lots: 3, log: 3 } });
    expect(statusOf(fake, 'KIT-ASH', 'KIT-01')).toBe('recalled');

    // A lot still in quarantine was never shipped: it is held, not recalled.
    const q1 = await holdAffectedLots(workbook, input({ starts: [{ sku: 'RM-ASH', lot: 'ASH-2409-B' }], to: 'recalled', operationId: 'L-20261130-RCL00002' }));
    expect(q1).toMatchObject({ ok: true, written: { lots: 0, log: 0 }, lots: [{ lot: 'ASH-2409-B', outcome: 'refused', message: expect.stringContaining('cannot go from quarantine to recalled') }] });
    expect(statusOf(fake, 'RM-ASH', 'ASH-2409-B')).toBe('quarantine');
  });

  it('refuses without a reason', async () => {
    const { fake, workbook } = await setup();
    expect(await holdAffectedLots(workbook, input({ why: ' ' }))).toMatchObject({ ok: false, code: 'reason-required' });
    expect(statusOf(fake, 'RM-ASH', 'ASH-2407-A')).toBe('released');
  });

  it('says to clear the filter when Lots is filtered in Excel, and writes nothing', async () => {
    const { fake, workbook } = await setup();
    const logCount = rowsOf(fake, 'Log').length;
    fake.user.filter('Lots', 'Status', (v) => v === 'released');
    const r = await holdAffectedLots(workbook, input());
    expect(r).toMatchObject({ ok: false, code: 'table-filtered', message: expect.stringContaining('clear the filter on Lots') });
    fake.user.clearFilter('Lots');
    expect(statusOf(fake, 'RM-ASH', 'ASH-2407-A')).toBe('released');
    expect(rowsOf(fake, 'Log')).toHaveLength(logCount);
  });

  it('refuses when the Lots row of an affected lot is bad, and names the cell', async () => {
    const { fake, workbook } = await setup();
    const i = rowsOf(fake, 'Lots').findIndex((r) => r['Lot'] === 'KIT-01');
    fake.user.editTableCell('Lots', i, 'Status', 'on hold?');
    const r = await holdAffectedLots(workbook, input());
    expect(r).toMatchObject({ ok: false, code: 'lot-row-bad', message: expect.stringMatching(/KIT-ASH \/ KIT-01.*Lots!I\d+/) });
    expect(statusOf(fake, 'RM-ASH', 'ASH-2407-A')).toBe('released');
  });

  it('writes each change once when a sync fails part-way and the user tries again', async () => {
    // Every round trip of the action, each failing before, during and after its commands.
    const clean = await setup();
    clean.fake.resetStats();
    await holdAffectedLots(clean.workbook, input());
    const syncs = clean.fake.stats.syncs;
    expect(syncs).toBeGreaterThan(1);
    for (let nth = 1; nth <= syncs; nth++) {
      for (const afterCommands of [0, 1, 4]) {
        const { fake, workbook } = await setup();
        const logCount = rowsOf(fake, 'Log').length;
        fake.failSync(nth, { afterCommands });
        await holdAffectedLots(workbook, input()).catch((e: unknown) => expect(e).toBeInstanceOf(WorkbookError));
        const retry = await holdAffectedLots(workbook, input());
        expect(retry.ok).toBe(true);
        const log = rowsOf(fake, 'Log').slice(logCount);
        expect(log.map((l) => l['Entry ID']).sort()).toEqual(
          [statusLogId('L-20261130-HOLD0001', { sku: 'RM-ASH', lot: 'ASH-2407-A' }), statusLogId('L-20261130-HOLD0001', { sku: 'FG-ASH60', lot: FG_LOT }), statusLogId('L-20261130-HOLD0001', { sku: 'KIT-ASH', lot: 'KIT-01' })].sort(),
        );
        expect(statusOf(fake, 'KIT-ASH', 'KIT-01')).toBe('hold');
      }
    }
  });
});

describe('previewHold', () => {
  it('says, before anything is written, which lots a recall or hold changes and how many customers received them', async () => {
    const { workbook } = await setup();
    const t = await trace(workbook, 'ASH-2407-A');
    const recall = previewHold(t, 'recalled');
    expect(recall.change.map((l) => [l.sku, l.lot, l.status])).toEqual([
      ['RM-ASH', 'ASH-2407-A', 'released'],
      ['FG-ASH60', FG_LOT, 'released'],
      ['KIT-ASH', 'KIT-01', 'released'],
    ]);
    expect(recall.customers).toBe(2);
    // After the hold, holding again changes nothing; recalling still changes all three (hold -> recalled is allowed).
    const held = await holdAffectedLots(workbook, { starts: t.starts, to: 'hold', why: 'Suspect', user: 'Quinn', now: `${TODAY}T11:00:00` as IsoDateTime, operationId: 'L-PREVIEW' });
    expect(held.ok).toBe(true);
    const again = await trace(workbook, 'ASH-2407-A');
    expect(previewHold(again, 'hold')).toMatchObject({ change: [], refused: [] });
    expect(previewHold(again, 'hold').unchanged).toHaveLength(3);
    expect(previewHold(again, 'recalled').change).toHaveLength(3);
  });
});

describe('layoutGenealogy', () => {
  it('draws inputs above the start lot and outputs below, with a line for each run link', async () => {
    const { workbook } = await setup();
    const t = await trace(workbook, FG_LOT, 'both');
    const layout = layoutGenealogy(t);
    const level = (lot: string) => layout.nodes.find((n) => n.lot.lot === lot)!;
    expect(level('ASH-2407-A').level).toBe(-1);
    expect(level('BTL-5521').level).toBe(-1);
    expect(level(FG_LOT).level).toBe(0);
    expect(level('KIT-01').level).toBe(1);
    expect(level('ASH-2407-A').y).toBeLessThan(level(FG_LOT).y);
    expect(level(FG_LOT).y).toBeLessThan(level('KIT-01').y);
    // Boxes of one row do not overlap.
    expect(Math.abs(level('ASH-2407-A').x - level('BTL-5521').x)).toBeGreaterThanOrEqual(layout.box.width);
    expect(layout.edges.map((e) => `${e.from.lot.lot} -> ${e.to.lot.lot} (${e.runs.join(',')})`).sort()).toEqual([
      `${FG_LOT} -> KIT-01 (R-0100)`,
      `ASH-2407-A -> ${FG_LOT} (R-0001)`,
      `BTL-5521 -> ${FG_LOT} (R-0001)`,
    ]);
  });
});
