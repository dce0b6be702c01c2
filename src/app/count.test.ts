/**
 * Cycle counts against the real Excel adapter over the Office.js fake, seeded with the demo workbook: the count
 * sheet a counter walks with, counts typed into Excel and entered in the pane, the variance review and posting.
 */
import { demoWorkbook } from '../demo/demo-data';
import type { IsoDate, IsoDateTime, Lot, Money, Movement, Product, Qty } from '../domain/types';
// The use case runs on the real adapter over the fake on purpose (notes/panes.md).
import { createExcelWorkbook } from '../excel/excel-workbook';
import { FakeExcel } from '../office-fake/fake-excel';
import { countLineKey, countSummary, loadCountView, parseCountSheet, postCount, recordCount, reviewCount, variances, writeCountSheet, type CountScope } from './count';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;
const FG_LOT = '2611-ASH60-001';
const q = (n: number) => Math.round(n * 1000) as Qty;

async function setup() {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((b) => fake.run(b));
  await workbook.setUp();
  await workbook.transact((tx) => tx.write({ append: demoWorkbook(TODAY, NOW) }));
  return { fake, workbook };
}

function rowsOf(fake: FakeExcel, table: string): Record<string, unknown>[] {
  const t = fake.table(table)!;
  return t.rows.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
}

function countTable(fake: FakeExcel, id: string) {
  const name = fake.tableNames().find((t) => t.startsWith('Count_') && t.endsWith(id.replace(/-/g, '_')))!;
  return { name, headers: fake.table(name)!.headers, rows: rowsOf(fake, name) };
}

async function write(workbook: Awaited<ReturnType<typeof setup>>['workbook'], id: string, scope: CountScope, blind = false, despiteOpenCounts = false) {
  const r = await writeCountSheet(workbook, { id, scope, blind, user: 'Ana', today: TODAY, despiteOpenCounts });
  if (!r.ok) throw new Error(r.message);
  return r;
}

let entry = 0;
async function count(workbook: Awaited<ReturnType<typeof setup>>['workbook'], countId: string, sku: string, lot: string, location: string, counted: string, minute = 0) {
  entry += 1;
  return recordCount(workbook, { countId, sku, lot, location, counted, entryId: `L-count-${entry}`, user: 'Ben', now: `${TODAY}T10:${String(minute).padStart(2, '0')}:00` as IsoDateTime });
}

describe('count sheet', () => {
  it('lists the lots at a location with Expected and a blank Counted column, and records the open count', async () => {
    const { fake, workbook } = await setup();
    const r = await write(workbook, 'CNT-1', { kind: 'location', location: 'rm-01' });
    expect(r.lines.map((l) => [l.sku, l.lot, l.location])).toEqual([['RM-ASH', 'ASH-2407-A', 'RM-01']]);
    const sheet = countTable(fake, 'CNT-1');
    expect(sheet.headers).toEqual(['SKU', 'Description', 'Lot', 'Expiry', 'Location', 'Expected', 'Counted']);
    expect(sheet.rows).toEqual([expect.objectContaining({ SKU: 'RM-ASH', Lot: 'ASH-2407-A', Location: 'RM-01', Expected: 13.5, Counted: '' })]);
    expect(rowsOf(fake, 'Settings')).toContainEqual({ Key: 'count:CNT-1', Value: 'open' });
    expect((await loadCountView(workbook)).openCounts).toEqual(['CNT-1']);

    // Written again (a retry): still one sheet, one setting.
    await write(workbook, 'CNT-1', { kind: 'location', location: 'RM-01' });
    expect(fake.tableNames().filter((t) => t.startsWith('Count_'))).toHaveLength(1);
    expect(rowsOf(fake, 'Settings').filter((s) => s.Key === 'count:CNT-1')).toHaveLength(1);
  });

  it('leaves the Expected column out of a blind count, and still knows what was expected', async () => {
    const { fake, workbook } = await setup();
    await write(workbook, 'CNT-B', { kind: 'skus', skus: ['FG-ASH60', 'FG-MAG120'] }, true);
    const sheet = countTable(fake, 'CNT-B');
    expect(sheet.headers).not.toContain('Expected');
    expect(sheet.rows.map((r) => r.Lot)).toEqual([FG_LOT, 'MAG-2311']);
    fake.user.editTableCell(sheet.name, 0, 'Counted', 338);
    fake.user.editTableCell(sheet.name, 1, 'Counted', 96);
    const review = await reviewCount(workbook, 'CNT-B');
    if (!review.ok) throw new Error(review.message);
    expect(review.blind).toBe(true);
    expect(review.lines.map((l) => [l.lot, l.expected, l.counted, l.difference, l.source])).toEqual([
      [FG_LOT, q(340), q(338), q(-2), 'sheet'],
      ['MAG-2311', q(96), q(96), 0, 'sheet'],
    ]);
  });

  it('counts lots expiring within N days, and a seeded random sample that a retry draws again', async () => {
    const { workbook } = await setup();
    const expiring = await write(workbook, 'CNT-E', { kind: 'expiring', withinDays: 60 });
    expect(expiring.lines.map((l) => l.lot).sort()).toEqual(['MAG-2311', 'MGC-0311']);
    const a = await write(workbook, 'CNT-S', { kind: 'sample', lots: 3 }, false, true);
    const again = await writeCountSheet(workbook, { id: 'CNT-S', scope: { kind: 'sample', lots: 3 }, blind: false, user: 'Ana', today: TODAY, despiteOpenCounts: true });
    expect(a.lines).toHaveLength(3);
    expect(again.ok && again.lines.map((l) => l.lot)).toEqual(a.lines.map((l) => l.lot));
  });

  it('warns before a second sheet for a location an open count covers, and writes it when asked to anyway', async () => {
    const { fake, workbook } = await setup();
    await write(workbook, 'CNT-A', { kind: 'location', location: 'FG-A1' });
    const second = await writeCountSheet(workbook, { id: 'CNT-B', scope: { kind: 'location', location: 'fg-a1' }, blind: false, user: 'Ana', today: TODAY });
    expect(second).toMatchObject({ ok: false, code: 'open-count-overlaps' });
    expect(!second.ok && second.message).toMatch(/An open count already lists these lots: CNT-A \(1 lot of this sheet\)/);
    expect(fake.tableNames().filter((n) => n.startsWith('Count_'))).toHaveLength(1);
    // Another location is another shelf: no warning.
    expect((await writeCountSheet(workbook, { id: 'CNT-C', scope: { kind: 'location', location: 'FG-B2' }, blind: false, user: 'Ana', today: TODAY })).ok).toBe(true);
    // Asked again, knowingly.
    expect((await writeCountSheet(workbook, { id: 'CNT-B', scope: { kind: 'location', location: 'FG-A1' }, blind: false, user: 'Ana', today: TODAY, despiteOpenCounts: true })).ok).toBe(true);
  });

  it('says which field a refusal is about: the scope, or the counted quantity', async () => {
    const { workbook } = await setup();
    expect(await writeCountSheet(workbook, { id: 'CNT-X', scope: { kind: 'location', location: '' }, blind: false, user: 'Ana', today: TODAY })).toMatchObject({ ok: false, code: 'bad-scope', field: 'scope' });
    await write(workbook, 'CNT-Q', { kind: 'location', location: 'FG-A1' });
    const bad = await recordCount(workbook, { countId: 'CNT-Q', sku: 'FG-ASH60', lot: FG_LOT, location: 'FG-A1', counted: '', entryId: 'L-Q1', user: 'Ana' });
    expect(bad).toMatchObject({ ok: false, code: 'bad-quantity', field: 'counted', message: 'Nothing typed is not a quantity of FG-ASH60: type 0 or more, in whole units.' });
  });

  it('refuses an empty or bad scope', async () => {
    const { workbook } = await setup();
    expect(await writeCountSheet(workbook, { id: 'CNT-X', scope: { kind: 'location', location: 'NOWHERE' }, blind: false, user: 'Ana', today: TODAY })).toMatchObject({ ok: false, code: 'nothing-to-count' });
    expect(await writeCountSheet(workbook, { id: 'CNT-X', scope: { kind: 'sample', lots: 0 }, blind: false, user: 'Ana', today: TODAY })).toMatchObject({ ok: false, code: 'bad-scope' });
  });
});

describe('counting and posting', () => {
  it('keeps pane entries in the Log: the last count of a lot wins, a lot not listed is added', async () => {
    const { fake, workbook } = await setup();
    await write(workbook, 'CNT-2', { kind: 'location', location: 'FG-A1' });
    expect(await count(workbook, 'CNT-2', 'FG-ASH60', FG_LOT, 'FG-A1', '300', 1)).toMatchObject({ ok: true });
    expect(await count(workbook, 'CNT-2', 'FG-ASH60', FG_LOT, 'FG-A1', '336', 2)).toMatchObject({ ok: true }); // recount
    // Found on the FG-A1 shelf: 10 bottles of BTL-5521 that the ledger has at PK-01 only.
    expect(await count(workbook, 'CNT-2', 'PK-BTL150', 'BTL-5521', 'FG-A1', '10', 3)).toMatchObject({ ok: true });
    expect(await count(workbook, 'CNT-2', 'PK-BTL150', 'NO-SUCH', 'FG-A1', '1')).toMatchObject({ ok: false, code: 'lot-not-found' });
    expect(await count(workbook, 'CNT-2', 'FG-ASH60', FG_LOT, 'FG-A1', '1.5')).toMatchObject({ ok: false, code: 'bad-quantity' });

    const entries = rowsOf(fake, 'Log').filter((l) => l.Action === 'count-entry');
    expect(entries.map((e) => [e.Table, e.Key, e.From, e.To])).toEqual([
      ['Count CNT-2', `FG-ASH60 / ${FG_LOT}`, 'FG-A1', '300'],
      ['Count CNT-2', `FG-ASH60 / ${FG_LOT}`, 'FG-A1', '336'],
      ['Count CNT-2', 'PK-BTL150 / BTL-5521', 'FG-A1', '10'],
    ]);
    // A person types into the sheet too: the timestamped pane entry wins and the review shows the cell.
    fake.user.editTableCell(countTable(fake, 'CNT-2').name, 0, 'Counted', 337);
    const review = await reviewCount(workbook, 'CNT-2');
    if (!review.ok) throw new Error(review.message);
    expect(review.lines.map((l) => [l.sku, l.lot, l.location, l.expected, l.counted, l.difference, l.listed, l.sheetCounted])).toEqual([
      ['FG-ASH60', FG_LOT, 'FG-A1', q(340), q(336), q(-4), true, q(337)],
      ['PK-BTL150', 'BTL-5521', 'FG-A1', 0, q(10), q(10), false, null],
    ]);
    // 10 bottles at 0.185: 1.85; the FG lot has no unit cost in Lots, so it is not valued.
    expect(review.lines[1]!.value).toBe(18500);
    expect(review.lines[0]!.value).toBeNull();
  });

  it('posts one ADJUST or DESTROY per lot with a difference, refreshes On Hand, and posting twice writes once', async () => {
    const { fake, workbook } = await setup();
    await write(workbook, 'CNT-3', { kind: 'skus', skus: ['RM-ASH', 'RM-MGC', 'PK-BTL150'] });
    const sheet = countTable(fake, 'CNT-3');
    expect(sheet.rows.map((r) => r.Lot)).toEqual(['BTL-5521', 'ASH-2409-B', 'ASH-2407-A', 'MGC-0311']); // walking order: PK-01, QC-HOLD, RM-01, RM-02
    fake.user.editTableCell(sheet.name, 0, 'Counted', 1600); // right
    fake.user.editTableCell(sheet.name, 1, 'Counted', 20); // right
    fake.user.editTableCell(sheet.name, 2, 'Counted', 13.2); // 0.3 kg short
    fake.user.editTableCell(sheet.name, 3, 'Counted', 0); // expired and destroyed

    const keys = { ash: countLineKey('RM-ASH', 'ASH-2407-A', 'RM-01'), mgc: countLineKey('RM-MGC', 'MGC-0311', 'RM-02') };
    const input = { countId: 'CNT-3', user: 'Ana', today: TODAY };
    expect(await postCount(workbook, { ...input, reasons: { [keys.ash]: 'damaged' } })).toMatchObject({ ok: false, code: 'reason-missing' });
    expect(await postCount(workbook, { ...input, reasons: { [keys.ash]: 'found', [keys.mgc]: 'expired-destroyed' } })).toMatchObject({ ok: false, code: 'reason-mismatch' });
    const before = rowsOf(fake, 'Movements').length;
    fake.failSync(2); // a failed first attempt: the retry still writes each row once
    await expect(postCount(workbook, { ...input, reasons: { [keys.ash]: 'miscount', [keys.mgc]: 'expired-destroyed' } })).rejects.toThrow();
    const posted = await postCount(workbook, { ...input, reasons: { [keys.ash]: 'miscount', [keys.mgc]: 'expired-destroyed' } });
    if (!posted.ok) throw new Error(posted.message);
    expect(posted.alreadyPosted).toBe(false);
    // 2 of 4 lots counted right; -0.3 kg x 38.50 = -11.55 and -4.2 kg x 12.10 = -50.82.
    expect(posted.summary).toMatchObject({ counted: 4, right: 2, accuracyPercent: 50, netValue: -(115500 + 508200) });
    expect(posted.summary.byReason).toEqual([
      { reason: 'expired-destroyed', lines: 1, value: -508200 },
      { reason: 'miscount', lines: 1, value: -115500 },
    ]);

    const mine = rowsOf(fake, 'Movements').filter((m) => m.Reference === 'CNT-3');
    expect(rowsOf(fake, 'Movements')).toHaveLength(before + 2);
    expect(mine.map((m) => [m.Type, m.SKU, m.Lot, m.Qty, m.Location, m.Note, m.User])).toEqual([
      ['ADJUST', 'RM-ASH', 'ASH-2407-A', -0.3, 'RM-01', 'miscount', 'Ana'],
      ['DESTROY', 'RM-MGC', 'MGC-0311', -4.2, 'RM-02', 'expired-destroyed', 'Ana'],
    ]);
    const lots = rowsOf(fake, 'Lots');
    expect(lots.find((l) => l.Lot === 'ASH-2407-A')?.['On Hand']).toBe(13.2);
    expect(lots.find((l) => l.Lot === 'MGC-0311')?.['On Hand']).toBe(0);
    expect(rowsOf(fake, 'Settings')).toContainEqual({ Key: 'count:CNT-3', Value: 'posted' });

    // The record of the count: one summary sheet (also after the failed first attempt), every line with its reason
    // and movement, accuracy and net value below the table.
    const summaryTables = fake.tableNames().filter((t) => t.startsWith('CountSummary_'));
    expect(summaryTables).toEqual(['CountSummary_CNT_3']);
    expect(rowsOf(fake, 'CountSummary_CNT_3').map((r) => [r.Lot, r.Listed, r.Expected, r.Counted, r.Difference, r['Unit Cost'], r.Value, r.Reason, r.Movement])).toEqual([
      ['BTL-5521', 'yes', 1600, 1600, 0, expect.any(Number), 0, '', ''],
      ['ASH-2409-B', 'yes', 20, 20, 0, expect.anything(), expect.anything(), '', ''],
      ['ASH-2407-A', 'yes', 13.5, 13.2, -0.3, 38.5, -11.55, 'miscount', 'CNT-3/RM-ASH/ASH-2407-A/RM-01'],
      ['MGC-0311', 'yes', 4.2, 0, -4.2, 12.1, -50.82, 'expired-destroyed', 'CNT-3/RM-MGC/MGC-0311/RM-02'],
    ]);
    const sheetName = fake.sheetNames().find((n) => n.startsWith('Count summary'))!;
    const footer = (label: string) => fake.usedRange(sheetName)!.values.find((r) => r[0] === label)?.[1];
    expect([footer('Lots counted'), footer('Counted right'), footer('Accuracy'), footer('Net value of variances'), footer('Value, miscount')]).toEqual([4, 2, '50%', -62.37, '-11.55 (1 lot)']);

    const twice = await postCount(workbook, { ...input, reasons: { [keys.ash]: 'miscount', [keys.mgc]: 'expired-destroyed' } });
    expect(twice).toMatchObject({ ok: true, alreadyPosted: true, written: 0 });
    expect(rowsOf(fake, 'Movements')).toHaveLength(before + 2);
    expect(fake.tableNames().filter((t) => t.startsWith('CountSummary_'))).toHaveLength(1);
    // Asked again later, the count says what it found, not what the corrected ledger says now.
    const again = { counted: 4, right: 2, accuracyPercent: 50, netValue: -(115500 + 508200), byReason: posted.summary.byReason };
    expect(twice.ok && twice.summary).toMatchObject(again);
    const review = await reviewCount(workbook, 'CNT-3');
    expect(review.ok && review.state).toBe('posted');
    expect(review.ok && review.posted).toMatchObject(again);
    expect(await count(workbook, 'CNT-3', 'RM-ASH', 'ASH-2407-A', 'RM-01', '1')).toMatchObject({ ok: false, code: 'count-posted' });
  });

  it('refuses to post while a listed lot is not counted', async () => {
    const { workbook } = await setup();
    await write(workbook, 'CNT-4', { kind: 'location', location: 'FG-B2' });
    expect(await postCount(workbook, { countId: 'CNT-4', reasons: {}, user: 'Ana', today: TODAY })).toMatchObject({ ok: false, code: 'not-all-counted' });
    await count(workbook, 'CNT-4', 'FG-MAG120', 'MAG-2311', 'FG-B2', '96');
    const posted = await postCount(workbook, { countId: 'CNT-4', reasons: {}, user: 'Ana', today: TODAY });
    expect(posted).toMatchObject({ ok: true, movements: [], summary: { accuracyPercent: 100, netValue: 0 } });
  });
});

describe('variance values', () => {
  const lot = (l: string, unitCost: number | null): Lot => ({ sku: 'RM-X', lot: l, supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: null, received: null, status: 'released', unitCost: unitCost as Money | null, location: 'A', coaRef: '', onHand: null });
  const mv = (l: string, qty: number): Movement => ({ id: `M-${l}`, date: TODAY, type: 'RECEIVE', sku: 'RM-X', lot: l, qty: q(qty), location: 'A', ref: '', unitCost: null, user: '', note: '' });
  const product: Product = { sku: 'RM-X', gtin: '', description: 'x', unit: 'kg', decimals: 3, shelfLifeDays: null, minShipLifeDays: null, kind: 'raw' };

  it('values each difference at the unit cost, rounded half to even to the ten-thousandth, and sums exactly', () => {
    const sheet = parseCountSheet({
      sheet: 'Count',
      headers: ['SKU', 'Lot', 'Location', 'Expected', 'Counted'],
      rows: [
        ['RM-X', 'L1', 'A', 10, 9.5],
        ['RM-X', 'L2', 'A', 10, 9.7],
        ['RM-X', 'L3', 'A', 10, 10.001],
      ],
    });
    // 1.2345 a kg: -0.5 kg is -0.61725 -> -0.6172 (to even); -0.3 kg is -0.37035 -> -0.3704 (to even).
    // 0.0005 a kg: +0.001 kg is 0.0000005 -> 0.
    const lines = variances({ sheet, entries: [], lots: [lot('L1', 12345), lot('L2', 12345), lot('L3', 5)], products: [product], movements: [mv('L1', 10), mv('L2', 10), mv('L3', 10)] });
    expect(lines.map((l) => l.value)).toEqual([-6172, -3704, 0]);
    expect(countSummary(lines).netValue).toBe(-9876);
    expect(countSummary(lines).accuracyPercent).toBe(0);
  });

  it('reads quantities that are not numbers as problems', () => {
    const sheet = parseCountSheet({ sheet: 'Count', headers: ['SKU', 'Lot', 'Location', 'Counted'], rows: [['RM-X', 'L1', 'A', 'lots'], ['RM-X', 'L2', 'A', -1]] });
    expect(sheet.rows).toEqual([]);
    expect(sheet.problems).toHaveLength(2);
  });
});
