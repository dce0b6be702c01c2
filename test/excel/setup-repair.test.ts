/**
 * Set up repairs what people do to Lotbook's tables instead of making things worse (src/excel/setup-repair.ts): a
 * renamed table is named back, a table turned into a range is made a table again over exactly its old block, and a
 * person's own tables and data are never taken.
 */
import { setUpWorkbook } from '../../src/app/workbook-health';
import { TABLES, TABLE_NAMES } from '../../src/domain/schema';
import type { Lot } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';
import { FakeExcel } from '../../src/office-fake/fake-excel';
import { testLot } from '../support/rows';

const lot = testLot;

async function setUpWithLots(lots: Lot[]) {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((batch) => fake.run(batch), {});
  await workbook.setUp();
  await workbook.transact((tx) => tx.write({ append: { Lots: lots } }));
  return { fake, workbook };
}

const LOTS_HEADERS = TABLES.Lots.columns.map((c) => c.header);
const lastLotsColumn = String.fromCharCode(64 + LOTS_HEADERS.length); // M for 13 columns

describe('set up and a renamed Lotbook table', () => {
  it('names it back instead of making a second Lots table, and leaves look-alikes elsewhere and other tables alone', async () => {
    const { fake, workbook } = await setUpWithLots([lot('000123'), lot('B-7')]);
    fake.user.renameTable('Lots', 'Table3');
    // A person's own table on the same sheet, after a blank column, and a copy of Lots on a sheet of its own.
    fake.user.setValues('Lots', 'P1:Q2', [['Supplier', 'Phone'], ['Sattva', '555']]);
    fake.user.addTable('Lots', 'P1:Q2', 'Suppliers');
    fake.user.addSheet('Archive');
    fake.user.setValues('Archive', `A1:${lastLotsColumn}2`, [LOTS_HEADERS, LOTS_HEADERS.map(() => 'x')]);
    fake.user.addTable('Archive', `A1:${lastLotsColumn}2`, 'OldLots');
    const sheets = fake.sheetNames();

    const outcome = await setUpWorkbook(workbook);
    expect(outcome.report.renamedTables).toEqual([{ table: 'Lots', from: 'Table3' }]);
    expect(outcome.report.createdTables).toEqual([]);
    expect(outcome.summary).toContain('Found the Lots table under the name "Table3" and named it Lots again.');
    expect(fake.sheetNames()).toEqual(sheets);
    expect(fake.tableNames().sort()).toEqual([...TABLE_NAMES, 'OldLots', 'Suppliers'].sort());
    expect(fake.table('Lots')!.sheet).toBe('Lots');
    expect(fake.table('Suppliers')!.rows).toEqual([['Sattva', 555]]);
    const snap = await workbook.transact((tx) => tx.read(['Lots']));
    expect(snap.Lots.rows.map((l) => l.lot)).toEqual(['000123', 'B-7']);
    expect(await workbook.setUp()).toEqual({ createdTables: [], addedColumns: [], skipped: [] });
  });

  it('also finds it under a name like Lots2 with a column renamed and one of its own added, and asks about the renamed one', async () => {
    const { fake, workbook } = await setUpWithLots([lot('A-1')]);
    fake.user.renameTable('Lots', 'Lots2');
    fake.user.typeCell('Lots', 'G1', 'Best before'); // Expiry, renamed
    fake.user.addTableColumn('Lots2', 'My notes', ['check']);
    const report = await workbook.setUp();
    expect(report.renamedTables).toEqual([{ table: 'Lots', from: 'Lots2' }]);
    expect(report.createdTables).toEqual([]);
    expect(report.askedColumns?.map((a) => a.header)).toEqual(['Expiry']);
    expect(fake.table('Lots')!.headers).toContain('My notes');
  });

  it("never renames a person's own table on that sheet, even one with some of Lotbook's headers", async () => {
    const fake = new FakeExcel();
    const workbook = createExcelWorkbook((batch) => fake.run(batch), {});
    fake.user.addSheet('Lots');
    fake.user.setValues('Lots', 'A1:D2', [['SKU', 'Lot', 'Status', 'Shelf'], ['RM-ASH', 'A-1', 'released', 'top']]);
    fake.user.addTable('Lots', 'A1:D2', 'Table1');
    const report = await workbook.setUp();
    expect(report.renamedTables).toBeUndefined();
    expect(report.createdTables).not.toContain('Lots');
    expect(report.skipped).toEqual([{ table: 'Lots', reason: expect.stringContaining('If "Table1" holds your lots, name it "Lots"') }]);
    expect(fake.tableNames()).toContain('Table1');
    expect(fake.table('Table1')!.rows).toEqual([['RM-ASH', 'A-1', 'released', 'top']]);
    expect(fake.sheetNames().filter((s) => s.toLowerCase().startsWith('lots'))).toEqual(['Lots']);
  });

  it('asks which one when two tables on the sheet look like Lots, and changes nothing', async () => {
    const { fake, workbook } = await setUpWithLots([lot('A-1')]);
    fake.user.renameTable('Lots', 'Lots_old');
    fake.user.setValues('Lots', `A5:${lastLotsColumn}6`, [LOTS_HEADERS, LOTS_HEADERS.map(() => 'y')]);
    fake.user.addTable('Lots', `A5:${lastLotsColumn}6`, 'Lots_copy');
    const report = await workbook.setUp();
    expect(report.renamedTables).toBeUndefined();
    expect(report.createdTables).toEqual([]);
    expect(report.skipped).toEqual([{ table: 'Lots', reason: expect.stringContaining('Name that one "Lots"') }]);
    expect(fake.tableNames()).toEqual(expect.arrayContaining(['Lots_old', 'Lots_copy']));
    expect(fake.tableNames()).not.toContain('Lots');
  });
});

describe('set up and a Lotbook table turned into a range', () => {
  it("makes a table of exactly the old block, leaving a note below and the person's block to the right outside", async () => {
    const { fake, workbook } = await setUpWithLots([lot('000123'), lot('B-7'), lot('C-9', { status: 'released' })]);
    fake.user.convertToRange('Lots');
    fake.user.typeCell('Lots', 'A6', 'Counted by Ana on Friday'); // a blank row, then a note
    fake.user.setValues('Lots', 'O1:P3', [['Shelf', 'Count'], ['A', 3], ['B', 4]]); // after the blank column N

    const outcome = await setUpWorkbook(workbook);
    expect(outcome.report.createdTables).toEqual([]);
    expect(outcome.report.recoveredTables).toEqual([{ table: 'Lots', address: `Lots!A1:${lastLotsColumn}4`, note: expect.stringContaining('the other cells on the sheet were left as they are') }]);
    expect(fake.table('Lots')!.address).toBe(`Lots!A1:${lastLotsColumn}4`);
    expect(fake.table('Lots')!.headers).toEqual(LOTS_HEADERS);
    expect(fake.cell('Lots', 'A6').value).toBe('Counted by Ana on Friday');
    expect(fake.usedRange('Lots')!.values.slice(0, 3).map((r) => r.slice(14, 16))).toEqual([['Shelf', 'Count'], ['A', 3], ['B', 4]]);
    expect(fake.sheetNames().filter((s) => s.toLowerCase().startsWith('lots'))).toEqual(['Lots']);

    const snap = await workbook.transact((tx) => tx.read(['Lots']));
    expect(snap.Lots.rows.map((l) => [l.lot, l.status])).toEqual([['000123', 'quarantine'], ['B-7', 'quarantine'], ['C-9', 'released']]);
    // The text formats came back with the cells: a new lot code keeps its leading zeros.
    await workbook.transact((tx) => tx.write({ append: { Lots: [lot('000777')] } }));
    const again = await workbook.transact((tx) => tx.read(['Lots']));
    expect(again.Lots.rows.map((l) => l.lot)).toEqual(['000123', 'B-7', 'C-9', '000777']);
    expect(await workbook.setUp()).toEqual({ createdTables: [], addedColumns: [], skipped: [] });
  });

  it('finds the block under a title and stops at its first blank row', async () => {
    const fake = new FakeExcel();
    const workbook = createExcelWorkbook((batch) => fake.run(batch), {});
    fake.user.addSheet('Lots');
    fake.user.setValues('Lots', 'B1', [['Lot list (copied from the old file)']]);
    fake.user.setValues('Lots', 'B3:E5', [['SKU', 'Lot', 'Status', 'Location'], ['RM-ASH', 'A-1', 'released', 'RM-01'], ['RM-ASH', 'A-2', 'hold', 'RM-02']]);
    fake.user.setValues('Lots', 'B7:C7', [['Total', 2]]);
    const report = await workbook.setUp();
    expect(report.recoveredTables?.map((r) => r.address)).toEqual(['Lots!B3:E5']);
    expect(fake.table('Lots')!.address.startsWith('Lots!B3:')).toBe(true);
    expect(fake.table('Lots')!.rows.map((r) => r.slice(0, 4))).toEqual([['RM-ASH', 'A-1', 'released', 'RM-01'], ['RM-ASH', 'A-2', 'hold', 'RM-02']]);
    expect(fake.cell('Lots', 'B1').value).toBe('Lot list (copied from the old file)');
    expect(fake.cell('Lots', 'B7').value).toBe('Total');
  });

  it("refuses with words when Lotbook's headers are split by a blank header cell", async () => {
    const fake = new FakeExcel();
    const workbook = createExcelWorkbook((batch) => fake.run(batch), {});
    fake.user.addSheet('Lots');
    fake.user.setValues('Lots', 'A1:E2', [['SKU', 'Lot', '', 'Status', 'Notes'], ['RM-ASH', 'A-1', 'x', 'hold', 'n']]);
    const report = await workbook.setUp();
    expect(report.skipped).toEqual([{ table: 'Lots', reason: expect.stringContaining('blank header cells between them') }]);
    expect(fake.tableNames()).not.toContain('Lots');
  });
});
