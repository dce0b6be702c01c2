/**
 * Rules kept in the workbook (issue 18 §3), against the real Excel adapter over the Office.js fake seeded with the
 * demo workbook: the Settings pane's view and saves, hand-typed values named with their cell, and for each rule a
 * command that does something else once the rule is changed.
 */
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { gtin } from '../demo/demo-data';
import { addDays } from '../domain/dates';
import type { IsoDate, IsoDateTime, Qty } from '../domain/types';
import { loadExpiry } from './expiry';
import { loadPickView, proposePicks } from './pick';
import { decideLot, readLotsView } from './qc';
import { receive, type ReceiptInput } from './receive';
import { writeFsmaSheet } from './recall-exports';
import { loadSettings, saveSetting } from './settings';
import { checkWorkbook } from './workbook-health';
import type { WorkbookPort } from './ports';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T10:15:00` as IsoDateTime;

let n = 0;
const receiptCtx = () => {
  n += 1;
  return { user: 'Alex (dock)', today: TODAY, now: NOW, ids: { movement: `M-SET-${n}`, log: `L-SET-${n}` } };
};
const rmLabel: ReceiptInput = { gtin: gtin('0950600013411'), lot: 'ASH-2411-C', expiry: '2028-10-31', quantity: '25', supplier: 'Sattva Herbs', supplierLot: 'SH-90001' };

async function save(workbook: WorkbookPort, rule: Parameters<typeof saveSetting>[1]) {
  const out = await saveSetting(workbook, rule);
  expect(out.ok).toBe(true);
  return out;
}

/** The Settings row a person sees for a key. */
const settingRow = (fake: Parameters<typeof rowsOf>[0], key: string) => rowsOf(fake, 'Settings').filter((r) => r['Key'] === key);

describe('the Settings view and saving a rule', () => {
  it("shows each rule's value as the workbook holds it, and the defaults for the rest", async () => {
    const { workbook } = await demoFake(TODAY, NOW);
    const view = await loadSettings(workbook);
    expect(view.problems).toEqual([]);
    expect(view.entries.expiryWarningDays).toMatchObject({ key: 'expiryWarningDays', text: '30,60,90', address: expect.stringMatching(/^Settings!B\d+$/) });
    expect(view.entries.receiptStatus).toEqual({ key: 'receiptStatus', text: '' });
    expect(view.rules).toMatchObject({ receiptStatus: 'quarantine', releaseNeedsCoa: true, productionLotPattern: '{yy}{mm}-{sku}-{seq}', labelStock: '4x6' });
  });

  it('appends a rule the first time, updates its row after, and writes nothing when the value is the same', async () => {
    const { fake, workbook } = await demoFake(TODAY, NOW);
    expect(await saveSetting(workbook, { rule: 'receiptStatus', value: 'released' })).toEqual({ ok: true, key: 'receiptStatus', value: 'released', written: 'appended' });
    expect(await saveSetting(workbook, { rule: 'receiptStatus', value: 'quarantine' })).toMatchObject({ written: 'updated' });
    expect(await saveSetting(workbook, { rule: 'receiptStatus', value: 'quarantine' })).toMatchObject({ written: 'unchanged' });
    expect(settingRow(fake, 'receiptStatus')).toEqual([{ Key: 'receiptStatus', Value: 'quarantine' }]);
    // An existing row keyed in other capitals is that rule's row.
    expect(await saveSetting(workbook, { rule: 'expiryWarningDays', value: '14, 45' })).toMatchObject({ written: 'updated' });
    expect(settingRow(fake, 'expiryWarningDays')).toEqual([{ Key: 'expiryWarningDays', Value: '14, 45' }]);
  });

  it('refuses a value the rule cannot use and writes nothing', async () => {
    const { fake, workbook } = await demoFake(TODAY, NOW);
    const before = rowsOf(fake, 'Settings');
    expect(await saveSetting(workbook, { rule: 'defaultMinShelfLifeDays', value: 'six months' })).toEqual({ ok: false, code: 'bad-value', message: '"six months" is not a whole number of days.' });
    expect(await saveSetting(workbook, { rule: 'scannerGsSubstitute', value: '7' })).toMatchObject({ ok: false, code: 'bad-value' });
    expect(await saveSetting(workbook, { format: { scope: 'supplier', name: ' ' }, value: 'SH-*' })).toMatchObject({ ok: false, code: 'bad-key', message: 'Enter the supplier the format is for.' });
    expect(rowsOf(fake, 'Settings')).toEqual(before);
  });

  it('a value typed by hand into Settings is reported with its cell, here and in the Workbook check, and the default is used', async () => {
    const { fake, workbook } = await demoFake(TODAY, NOW);
    await save(workbook, { rule: 'receiptStatus', value: 'released' });
    const index = rowsOf(fake, 'Settings').findIndex((r) => r['Key'] === 'receiptStatus');
    fake.user.editTableCell('Settings', index, 'Value', 'later');
    const view = await loadSettings(workbook);
    const cell = `Settings!B${index + 2}`;
    expect(view.problems.map((p) => `${p.address}: ${p.message}`)).toEqual([`${cell}: receiptStatus: "later" is neither quarantine nor released; Lotbook uses quarantine until it is fixed.`]);
    expect(view.rules.receiptStatus).toBe('quarantine');
    const health = await checkWorkbook(workbook);
    expect(health.state === 'ready' && health.problems.filter((p) => p.code === 'bad-setting').map((p) => p.address)).toEqual([cell]);
    const out = await receive(workbook, rmLabel, receiptCtx());
    expect(out).toMatchObject({ ok: true, lot: { status: 'quarantine' } });
  });
});

describe('a changed rule changes what a command does', () => {
  it('receiptStatus: receipts start in quarantine, and released once the rule says so', async () => {
    const { fake, workbook } = await demoFake(TODAY, NOW);
    await receive(workbook, rmLabel, receiptCtx());
    await save(workbook, { rule: 'receiptStatus', value: 'released' });
    await receive(workbook, { ...rmLabel, lot: 'ASH-2411-D' }, receiptCtx());
    const lots = rowsOf(fake, 'Lots');
    expect(lots.find((r) => r['Lot'] === 'ASH-2411-C')?.['Status']).toBe('quarantine');
    expect(lots.find((r) => r['Lot'] === 'ASH-2411-D')?.['Status']).toBe('released');
  });

  it('releaseNeedsCoa: a release without a COA reference is refused, and goes through once the rule is off', async () => {
    const { fake, workbook } = await demoFake(TODAY, NOW);
    const release = { sku: 'RM-ASH', lot: 'ASH-2409-B', to: 'released' as const, why: 'In-house assay within spec', coaRef: '' };
    expect(await decideLot(workbook, release, { user: 'Maya (QA)', now: NOW, logId: 'L-COA-1' })).toMatchObject({ ok: false, code: 'coa-required', field: 'coaRef' });
    expect((await readLotsView(workbook, TODAY)).rules.releaseNeedsCoa).toBe(true);
    await save(workbook, { rule: 'releaseNeedsCoa', value: 'no' });
    expect((await readLotsView(workbook, TODAY)).rules.releaseNeedsCoa).toBe(false);
    expect(await decideLot(workbook, release, { user: 'Maya (QA)', now: NOW, logId: 'L-COA-2' })).toMatchObject({ ok: true, lot: { status: 'released', coaRef: '' } });
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2409-B')?.['Status']).toBe('released');
  });

  it('defaultMinShelfLifeDays: a line whose customer and product set none follows the workbook default', async () => {
    // VitaHub sets no minimum shelf life, nor does RM-ASH; its released lot ASH-2407-A has 580 days left.
    const order = { orderId: 'SO-5000', line: 1, customerId: 'C-VITAHUB', sku: 'RM-ASH', qty: 5000 as Qty, dueDate: addDays(TODAY, 2), status: 'open' as const };
    const { workbook } = await demoFake(TODAY, NOW, { Orders: [order] });
    const before = await proposePicks(workbook, { shipDate: TODAY, lineKeys: ['SO-5000#1'] });
    expect(before).toMatchObject({ ok: true, picks: [{ lot: 'ASH-2407-A', qty: 5000 }], shortfalls: [] });
    await save(workbook, { rule: 'defaultMinShelfLifeDays', value: '600' });
    expect((await loadPickView(workbook)).lines.find((l) => l.key === 'SO-5000#1')?.minShelfLifeDays).toBe(600);
    // A customer's or a product's own minimum still wins.
    expect((await loadPickView(workbook)).lines.find((l) => l.key === 'SO-3022#1')?.minShelfLifeDays).toBe(365);
    const after = await proposePicks(workbook, { shipDate: TODAY, lineKeys: ['SO-5000#1'] });
    expect(after).toMatchObject({ ok: true, picks: [], shortfalls: [{ lineKey: 'SO-5000#1', qty: 5000 }] });
    expect(after.ok && after.shortfalls[0]?.reasons).toContainEqual({ code: 'short-shelf-life', qty: 13500 });
  });

  it('expiryWarningDays: the expiring lots view uses the windows in Settings', async () => {
    const { workbook } = await demoFake(TODAY, NOW);
    const before = await loadExpiry(workbook, TODAY);
    expect(before.windows).toEqual([30, 60, 90]);
    expect(before.lots.map((l) => `${l.lot} ${l.window}`)).toEqual(['MGC-0311 expired', 'MAG-2311 60']);
    await save(workbook, { rule: 'expiryWarningDays', value: '7, 14' });
    const after = await loadExpiry(workbook, TODAY);
    expect(after.windows).toEqual([7, 14]);
    expect(after.lots.map((l) => `${l.lot} ${l.window}`)).toEqual(['MGC-0311 expired']);
  });

  it('lot code formats: a lot code unlike its SKU\'s or supplier\'s format is warned about, a matching one is not', async () => {
    const { workbook } = await demoFake(TODAY, NOW);
    await save(workbook, { format: { scope: 'supplier', name: 'Sattva Herbs' }, value: 'ASH-####-@' });
    const odd = await receive(workbook, { ...rmLabel, lot: 'SH-90001' }, receiptCtx());
    expect(odd.ok && odd.warnings.find((w) => w.code === 'lot-format')).toMatchObject({
      field: 'lot',
      message: 'Lot SH-90001 does not match the lot code format of supplier Sattva Herbs (ASH-####-@, Settings lotFormat:supplier:Sattva Herbs): check the label and the scan.',
    });
    const fine = await receive(workbook, { ...rmLabel, lot: 'ASH-2411-E' }, receiptCtx());
    expect(fine.ok && fine.warnings.map((w) => w.code)).not.toContain('lot-format');
    // The SKU's own format wins over the supplier's.
    await save(workbook, { format: { scope: 'sku', name: 'RM-ASH' }, value: 'SH-#####' });
    const bySku = await receive(workbook, { ...rmLabel, lot: 'SH-90002' }, receiptCtx());
    expect(bySku.ok && bySku.warnings.map((w) => w.code)).not.toContain('lot-format');
  });

  it('labelStock: the Lots view tells the label printer which stock to offer first', async () => {
    const { workbook } = await demoFake(TODAY, NOW);
    expect((await readLotsView(workbook, TODAY)).rules.labelStock).toBe('4x6');
    await save(workbook, { rule: 'labelStock', value: '2x1' });
    expect((await readLotsView(workbook, TODAY)).rules.labelStock).toBe('2x1');
  });

  it('facility: the FSMA 204 sheet names the business from Settings', async () => {
    const { fake, workbook } = await demoFake(TODAY, NOW);
    const input = { starts: [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }], direction: 'forward' as const, user: 'Quinn (QA)', now: NOW };
    const first = await writeFsmaSheet(workbook, { ...input, reportId: 'FSMA-SET-1' });
    const business = (sheet: string) => fake.usedRange(sheet)!.values.find((r) => r[0] === 'This business')?.[1];
    expect(first.ok && business(first.sheetName)).toMatch(/^not set/);
    await save(workbook, { rule: 'facility', value: 'Lotbook Labs, 1 Dock Rd, Reno NV 89501' });
    const second = await writeFsmaSheet(workbook, { ...input, reportId: 'FSMA-SET-2' });
    expect(second.ok && business(second.sheetName)).toBe('Lotbook Labs, 1 Dock Rd, Reno NV 89501');
  });
});
