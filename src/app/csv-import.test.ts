/**
 * CSV import of receipts against the real Excel adapter over the Office.js fake, seeded with the demo workbook:
 * the preview's per-row problems, what is written, and that a re-imported file writes nothing twice.
 */
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { gtin } from '../demo/demo-data';
import { isoDate } from '../domain/dates';
import type { IsoDate, IsoDateTime } from '../domain/types';
import { WorkbookError } from './ports';
import { checkMapping, guessMapping, importReceipts, movementIdFor, parseCsv, planImport, readImportTables } from './csv-import';
import { storedText } from '../../test/support/variants';

const TODAY = isoDate('2026-11-30') as IsoDate;
const ctx = { user: 'Alex (import)', today: TODAY };
const FG = gtin('0950600013435');

async function setup() {
  const { fake, workbook } = await demoFake(TODAY, `${TODAY}T09:00:00` as IsoDateTime);
  return { fake, workbook };
}


// Row numbers as a spreadsheet shows the file: the header is row 1.
const FILE = [
  'Item,GTIN,Batch,Expiry Date,Qty,Vendor,Vendor Lot,Unit Price,PO Number,Notes',
  'FG-ASH60,,2611-ASH60-901,2028-10-31,240,Contract Caps Co,CC-9101,3.8125,PO-2101,"=HYPERLINK(""http://evil.example"",""x"")"',
  ',' + FG + ',2611-ASH60-902,2028-11-30,120,Contract Caps Co,CC-9102,3.8125,PO-2101,+call',
  'RM-ASH,,ASH-2409-B,,5.5,Sattva Herbs,SH-80144,39.25,PO-2102,second drum', // an existing lot: adds to it
  'FG-ASH60,,2611-ASH60-903,31/12/2028,60,Contract Caps Co,,3.8125,PO-2101,', // broken date
  '',
  'NOPE-1,,X-1,2028-01-01,1,,,,,', // unknown SKU
  'FG-ASH60,,2611-ASH60-901,2028-10-31,2.5,Contract Caps Co,CC-9101,3.8125,PO-2101,', // capsules are whole
].join('\r\n');

describe('parseCsv and the column mapping', () => {
  it('reads rows with their row numbers, skipping blank lines, and reports progress to the end', async () => {
    const progress: number[] = [];
    const csv = await parseCsv(`\ufeff${FILE}\r\n`, (f) => progress.push(f));
    expect(csv.headers[0]).toBe('Item');
    expect(csv.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 7, 8]);
    expect(csv.rows[0]!.cells[9]).toBe('=HYPERLINK("http://evil.example","x")');
    expect(progress.at(-1)).toBe(1);
  });

  it('reads a semicolon file (Excel in many regions) and a quote that never closes is reported with its row', async () => {
    const semi = await parseCsv('SKU;Lot;Qty\nRM-ASH;A-1;1.5\n');
    expect(semi.rows).toEqual([{ line: 2, cells: ['RM-ASH', 'A-1', '1.5'] }]);
    const broken = await parseCsv('SKU,Lot,Qty\nRM-ASH,"A-1,2\n');
    expect(broken.errors[0]?.message).toMatch(/quote/i);
  });

  it('guesses the columns from the headers and says what is missing', () => {
    const headers = FILE.split('\r\n')[0]!.split(',');
    const m = guessMapping(headers);
    expect(m).toMatchObject({ sku: 0, gtin: 1, lot: 2, expiry: 3, quantity: 4, supplier: 5, supplierLot: 6, unitCost: 7, poRef: 8, note: 9 });
    expect(checkMapping(m, headers)).toEqual([]);
    expect(checkMapping({ sku: 0, lot: 0 }, headers).map((p) => p.code)).toEqual(['no-quantity-column', 'column-used-twice']);
    expect(checkMapping({}, headers).map((p) => p.code)).toEqual(['no-product-column', 'no-lot-column', 'no-quantity-column']);
  });

  it('gives a row the same movement id whatever the column order, and identical rows their own ids', () => {
    const a = movementIdFor({ sku: 'FG-ASH60', lot: 'L1', quantity: '5' }, 1);
    expect(movementIdFor({ lot: ' L1', quantity: '5 ', sku: 'FG-ASH60' }, 1)).toBe(a);
    expect(movementIdFor({ sku: 'FG-ASH60', lot: 'L1', quantity: '5' }, 2)).not.toBe(a);
    expect(movementIdFor({ sku: 'FG-ASH60', lot: 'L1', quantity: '6' }, 1)).not.toBe(a);
    expect(a).toMatch(/^CSV-[0-9a-f]{24}$/);
  });
});

describe('importReceipts', () => {
  it('previews each broken row with its row number, column, value and planReceipt code', async () => {
    const { workbook } = await setup();
    const csv = await parseCsv(FILE);
    const plan = planImport(csv, guessMapping(csv.headers), await readImportTables(workbook), ctx);
    expect(plan.problems.map(({ line, column, value, code }) => ({ line, column, value, code }))).toEqual([
      { line: 5, column: 'Expiry Date', value: '31/12/2028', code: 'bad-date' },
      { line: 7, column: 'Item', value: 'NOPE-1', code: 'unknown-sku' },
      { line: 8, column: 'Qty', value: '2.5', code: 'too-many-decimals' },
    ]);
    expect(plan.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(plan).toMatchObject({ newLots: 2, movements: 3, alreadyImported: 0 });
  });

  it('writes the valid rows in one batch: new lots in quarantine, movements, text kept as text', async () => {
    const { fake, workbook } = await setup();
    const movementsBefore = rowsOf(fake, 'Movements').length;
    const csv = await parseCsv(FILE);
    const out = await importReceipts(workbook, csv, guessMapping(csv.headers), ctx);
    expect(out).toMatchObject({ ok: true, written: { lots: 2, lotsUpdated: 1, movements: 3 } });

    const lots = rowsOf(fake, 'Lots');
    expect(lots.find((r) => r['Lot'] === '2611-ASH60-901')).toMatchObject({ SKU: 'FG-ASH60', Status: 'quarantine', Supplier: 'Contract Caps Co', 'Supplier Lot': 'CC-9101', 'On Hand': 240, 'Unit Cost': 3.8125 });
    expect(lots.find((r) => r['Lot'] === 'ASH-2409-B')).toMatchObject({ Status: 'quarantine', 'On Hand': 25.5 });
    const movements = rowsOf(fake, 'Movements');
    expect(movements).toHaveLength(movementsBefore + 3);
    const m901 = movements.find((r) => r['Lot'] === '2611-ASH60-901')!;
    expect(m901).toMatchObject({ Type: 'RECEIVE', Qty: 240, Reference: 'PO-2101', User: 'Alex (import)', Note: storedText('=HYPERLINK("http://evil.example","x")') });
    // The note is a string in its cell, not a formula.
    const t = fake.table('Movements')!;
    const rowIndex = t.rows.findIndex((r) => r[t.headers.indexOf('Lot')] === '2611-ASH60-901');
    const noteCell = fake.cell('Movements', `${String.fromCharCode(65 + t.headers.indexOf('Note'))}${rowIndex + 2}`);
    expect(noteCell).toMatchObject({ formula: null, type: 'String' });
    expect(movements.find((r) => r['Lot'] === '2611-ASH60-902')).toMatchObject({ Note: '+call', SKU: 'FG-ASH60' });
  });

  it('importing the same file again writes nothing; the file with its broken rows fixed adds only those rows', async () => {
    const { fake, workbook } = await setup();
    const csv = await parseCsv(FILE);
    const mapping = guessMapping(csv.headers);
    await importReceipts(workbook, csv, mapping, ctx);
    const snapshot = JSON.stringify([rowsOf(fake, 'Lots'), rowsOf(fake, 'Movements')]);

    const again = await importReceipts(workbook, await parseCsv(FILE), mapping, ctx);
    expect(again).toMatchObject({ ok: true, written: { lots: 0, lotsUpdated: 0, movements: 0 }, plan: { alreadyImported: 3 } });
    expect(JSON.stringify([rowsOf(fake, 'Lots'), rowsOf(fake, 'Movements')])).toBe(snapshot);

    // The clerk fixes the date in row 5, removes the two bad rows and the blank line, and imports again.
    const fixed = FILE.split('\r\n').slice(0, 5).map((l) => l.replace('31/12/2028', '2028-12-31')).join('\n');
    const third = await importReceipts(workbook, await parseCsv(fixed), mapping, ctx);
    expect(third).toMatchObject({ ok: true, written: { lots: 1, movements: 1 }, plan: { alreadyImported: 3 } });
    expect(rowsOf(fake, 'Movements').filter((r) => String(r['Lot']).startsWith('2611-ASH60-90'))).toHaveLength(3);
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2409-B')).toMatchObject({ 'On Hand': 25.5 });
  });

  it('two identical lines are two receipts of one lot', async () => {
    const { fake, workbook } = await setup();
    const file = 'SKU,Lot,Qty,Expiry\nRM-ASH,ASH-2412-C,10,2028-06-30\nRM-ASH,ASH-2412-C,10,2028-06-30\n';
    const csv = await parseCsv(file);
    const out = await importReceipts(workbook, csv, guessMapping(csv.headers), ctx);
    expect(out).toMatchObject({ ok: true, written: { lots: 1, movements: 2 } });
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2412-C')).toMatchObject({ 'On Hand': 20, Status: 'quarantine' });
    expect(await importReceipts(workbook, csv, guessMapping(csv.headers), ctx)).toMatchObject({ written: { movements: 0 } });
  });

  it('a sync that fails part-way, then a retry, writes each row once', async () => {
    for (const afterCommands of [0, 1, 3]) {
      const { fake, workbook } = await setup();
      const before = rowsOf(fake, 'Movements').length;
      const csv = await parseCsv(FILE);
      fake.failSync(2, { afterCommands });
      await importReceipts(workbook, csv, guessMapping(csv.headers), ctx).catch((e: unknown) => expect(e).toBeInstanceOf(WorkbookError));
      const retry = await importReceipts(workbook, csv, guessMapping(csv.headers), ctx);
      expect(retry.ok).toBe(true);
      expect(rowsOf(fake, 'Movements')).toHaveLength(before + 3);
      expect(rowsOf(fake, 'Lots').filter((r) => r['Lot'] === '2611-ASH60-901')).toHaveLength(1);
      expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2409-B')).toMatchObject({ 'On Hand': 25.5 });
    }
  });

  it('refuses without a quantity column, and when no row is valid, writing nothing', async () => {
    const { fake, workbook } = await setup();
    const before = rowsOf(fake, 'Movements').length;
    const csv = await parseCsv('SKU,Lot\nRM-ASH,A-1\n');
    expect(await importReceipts(workbook, csv, guessMapping(csv.headers), ctx)).toMatchObject({ ok: false, code: 'no-quantity-column' });
    const bad = await parseCsv('SKU,Lot,Qty\nRM-ASH,A-1,-1\n');
    expect(await importReceipts(workbook, bad, guessMapping(bad.headers), ctx)).toMatchObject({ ok: false, code: 'nothing-to-import' });
    expect(rowsOf(fake, 'Movements')).toHaveLength(before);
  });
});

describe('expired rows in an import', () => {
  const EXPIRED_FILE = ['SKU,Lot,Expiry,Qty', 'FG-ASH60,2611-OK-1,2028-10-31,10', 'FG-ASH60,2611-OLD-1,2026-11-01,5'].join('\n');

  it('flags an expired row instead of calling it ready, and imports it only with a reason, which is logged', async () => {
    const { fake, workbook } = await setup();
    const csv = await parseCsv(EXPIRED_FILE);
    const mapping = guessMapping(csv.headers);
    const tables = await readImportTables(workbook);
    const preview = planImport(csv, mapping, tables, ctx);
    expect(preview.rows.map((r) => r.line)).toEqual([2]);
    expect(preview.expired.map((e) => [e.line, e.column, e.value])).toEqual([[3, 'Expiry', '2026-11-01']]);
    expect(preview.problems).toEqual([]);

    const withReason = planImport(csv, mapping, tables, { ...ctx, expiredReason: 'Supplier credit pending' });
    expect(withReason.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(withReason.expired.map((e) => e.line)).toEqual([3]);

    const out = await importReceipts(workbook, csv, mapping, { ...ctx, expiredReason: 'Supplier credit pending' });
    expect(out).toMatchObject({ ok: true, written: { lots: 2, movements: 2 } });
    await importReceipts(workbook, csv, mapping, { ...ctx, expiredReason: 'Supplier credit pending' });
    const log = rowsOf(fake, 'Log').filter((r) => r['Action'] === 'receive-expired');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ Key: 'FG-ASH60 / 2611-OLD-1', User: 'Alex (import)' });
  });
});
