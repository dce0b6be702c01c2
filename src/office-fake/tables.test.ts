import { FakeExcel } from './fake-excel';
import type { FakeTableRow } from './proxies';

describe('tables.add', () => {
  it('creates a table from a range with headers, with default names Table1, Table2', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('Lots');
    fake.user.setValues('Lots', 'A1:B3', [['SKU', 'Qty'], ['A', 1], ['B', 2]]);
    await fake.run(async (context) => {
      const first = context.workbook.worksheets.getItem('Lots').tables.add('A1:B3', true).load('name');
      const second = context.workbook.tables.add('Lots!D1:E2', true).load('name');
      const range = first.getRange().load('address');
      const body = first.getDataBodyRange().load('values');
      const header = first.getHeaderRowRange().load('values');
      const rows = first.rows.load('count');
      await context.sync();
      expect([first.name, second.name]).toEqual(['Table1', 'Table2']);
      expect(range.address).toBe('Lots!A1:B3');
      expect(header.values).toEqual([['SKU', 'Qty']]);
      expect(body.values).toEqual([['A', 1], ['B', 2]]);
      expect(rows.count).toBe(2);
    });
  });

  it('gives a header-only table one empty body row, which the first rows.add fills (no blank row left)', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('Lots');
    await fake.run(async (context) => {
      const table = context.workbook.worksheets.getItem('Lots').tables.add('A1:C1', true);
      table.getHeaderRowRange().values = [['SKU', 'Lot', 'Qty']];
      const before = table.getRange().load('address');
      const count = table.rows.load('count');
      await context.sync();
      expect(before.address).toBe('Lots!A1:C2');
      expect(count.count).toBe(1);
      table.rows.add(undefined, [['A', 'L1', 1], ['B', 'L2', 2]]);
      const after = table.getRange().load('address');
      await context.sync();
      expect(after.address).toBe('Lots!A1:C3');
    });
    expect(fake.table('Table1')?.rows).toEqual([['A', 'L1', 1], ['B', 'L2', 2]]);
  });

  it('adds a header row above a range without headers, pushing the cells below down (office-js #196)', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('S');
    fake.user.setValues('S', 'B1:C2', [['x', 'y'], ['below', 'too']]);
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('S').tables.add('B1:C1', false);
      await context.sync();
    });
    expect(fake.table('Table1')).toMatchObject({ address: 'S!B1:C2', headers: ['Column1', 'Column2'], rows: [['x', 'y']] });
    expect(fake.cell('S', 'B3').value).toBe('below');
  });

  it('rejects a table that overlaps another', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU', 'Qty'], [['A', 1]]);
    await expect(
      fake.run(async (context) => {
        context.workbook.tables.add('Lots!B2:C4', true);
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'MergedRangeConflict' });
  });

  it('makes header cells unique text', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('S');
    fake.user.setValues('S', 'A1:D2', [['Qty', 'qty', '', 5], [1, 2, 3, 4]]);
    fake.user.addTable('S', 'A1:D2', 'T');
    expect(fake.table('T')?.headers).toEqual(['Qty', 'qty2', 'Column3', '5']);
  });
});

describe('table names', () => {
  it.each([
    ['a space', 'Pick list'],
    ['a leading digit', '1Lots'],
    ['a cell reference', 'AB12'],
    ['an R1C1 reference', 'R2C3'],
    ['a lone R', 'r'],
    ['a hyphen', 'Lots-2'],
    ['an existing name in another case', 'LOTS'],
  ])('rejects a name with %s with InvalidArgument', async (_what, name) => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU'], [['A']]);
    fake.seedTable('Other', 'Other', ['SKU'], [['A']]);
    await expect(
      fake.run(async (context) => {
        context.workbook.tables.getItem('Other').name = name;
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(fake.tableNames()).toEqual(['Lots', 'Other']);
  });

  it.each(['Lots_2024', '_lots', '\\lots', 'Lots.v2', 'Lötë', 'XFE1'])('accepts %j', async (name) => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU'], [['A']]);
    await fake.run(async (context) => {
      context.workbook.tables.getItem('lots').name = name;
      await context.sync();
    });
    expect(fake.tableNames()).toEqual([name]);
  });
});

describe('rows and columns', () => {
  it('appends rows, growing the table and shifting the cells below it down', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU', 'Qty'], [['A', 1]]);
    fake.user.setValues('Lots', 'A4:C4', [['note under the table', 'x', 'beside']]);
    await fake.run(async (context) => {
      const table = context.workbook.tables.getItem('Lots');
      table.rows.add(undefined, [['B', 2], ['C', 3]]);
      const count = table.rows.load('count');
      await context.sync();
      expect(count.count).toBe(3);
    });
    expect(fake.table('Lots')).toMatchObject({ address: 'Lots!A1:B4', rows: [['A', 1], ['B', 2], ['C', 3]] });
    // Only the table's columns move: C4 stays where it was.
    expect(fake.cell('Lots', 'A6').value).toBe('note under the table');
    expect(fake.cell('Lots', 'C4').value).toBe('beside');
  });

  it('inserts rows at an index and returns the new row', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU'], [['A'], ['C']]);
    await fake.run(async (context) => {
      // XlTableRow has no load in the adapter's subset; Office.js TableRow has one, and so has the fake's.
      const row = context.workbook.tables.getItem('Lots').rows.add(1, [['B']]) as FakeTableRow;
      row.load('index');
      await context.sync();
      expect(row.index).toBe(1);
    });
    expect(fake.table('Lots')?.rows).toEqual([['A'], ['B'], ['C']]);
  });

  it('types appended values into the column formats, so text columns keep leading zeros', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['Lot', 'Qty'], [], { Lot: '@' });
    await fake.run(async (context) => {
      context.workbook.tables.getItem('Lots').rows.add(undefined, [['000123', '000123']]);
      await context.sync();
    });
    expect(fake.table('Lots')?.rows).toEqual([['000123', 123]]);
    expect(fake.cell('Lots', 'A2').numberFormat).toBe('@');
  });

  it('rejects rows of the wrong width with InvalidArgument', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU', 'Qty'], [['A', 1]]);
    await expect(
      fake.run(async (context) => {
        context.workbook.tables.getItem('Lots').rows.add(undefined, [['B']]);
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('moves a table that sits below the one that grows', async () => {
    const fake = new FakeExcel();
    fake.seedTable('S', 'Top', ['A', 'B'], [[1, 2]]);
    fake.user.setValues('S', 'A5:B6', [['X', 'Y'], [9, 9]]);
    fake.user.addTable('S', 'A5:B6', 'Bottom');
    await fake.run(async (context) => {
      context.workbook.tables.getItem('Top').rows.add(undefined, [[3, 4], [5, 6]]);
      await context.sync();
    });
    expect(fake.table('Bottom')?.address).toBe('S!A7:B8');
  });

  it('adds columns at the end or at an index, shifting cells to the right', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU', 'Qty'], [['A', 1], ['B', 2]]);
    fake.user.setValues('Lots', 'D1', [['beside']]);
    await fake.run(async (context) => {
      const columns = context.workbook.tables.getItem('Lots').columns;
      columns.add(undefined, [['Note'], ['n1'], ['n2']]);
      columns.add(1, undefined, 'Lot');
      const all = columns.load('items/name, count');
      await context.sync();
      expect(all.count).toBe(4);
      expect(all.items.map((c) => c.name)).toEqual(['SKU', 'Lot', 'Qty', 'Note']);
    });
    expect(fake.table('Lots')?.rows).toEqual([['A', '', 1, 'n1'], ['B', '', 2, 'n2']]);
    expect(fake.cell('Lots', 'F1').value).toBe('beside');
  });

  it('gives each column its body and full range', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU', 'Qty'], [['A', 1], ['B', 2]]);
    await fake.run(async (context) => {
      const qty = context.workbook.tables.getItem('Lots').columns.getItemOrNullObject('Qty');
      const body = qty.getDataBodyRange().load('address, values');
      const all = qty.getRange().load('address');
      await context.sync();
      expect([body.address, all.address]).toEqual(['Lots!B2:B3', 'Lots!B1:B3']);
      expect(body.values).toEqual([[1], [2]]);
    });
  });

  it('sets a table column format once for the whole body, and new rows inherit it', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['Lot'], [['a'], ['b']]);
    await fake.run(async (context) => {
      const table = context.workbook.tables.getItem('Lots');
      table.columns.getItemOrNullObject('Lot').getDataBodyRange().numberFormat = [['@'], ['@']];
      await context.sync();
      table.rows.add(undefined, [['0042']]);
      await context.sync();
    });
    expect(fake.cell('Lots', 'A4')).toEqual({ value: '0042', formula: null, numberFormat: '@', type: 'String' });
  });

  it('gives inserted rows the number formats of the row above, and pushes formatted cells below the table down', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('Lots');
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Lots');
      const header = sheet.getRange('A1:B1');
      header.values = [['Lot', 'Qty']];
      // Format the first body row before the table exists, then make a header-only table over it.
      sheet.getRange('A2:B2').numberFormat = [['@', '0.00']];
      const table = sheet.tables.add(header, true);
      // Formats prepared under the table do not become the new rows' formats: they move down with the cells.
      table.getRange().getRowsBelow(2).numberFormat = [['yyyy-mm-dd', '@'], ['yyyy-mm-dd', '@']];
      table.rows.add(undefined, [['000123', '1.5'], ['007', '2']]);
      await context.sync();
    });
    expect(fake.table('Table1')?.rows).toEqual([['000123', 1.5], ['007', 2]]);
    expect(['A2', 'B2', 'A3', 'B3', 'A4', 'B4'].map((a) => fake.cell('Lots', a).numberFormat)).toEqual(['@', '0.00', '@', '0.00', 'yyyy-mm-dd', '@']);
  });

  it('lists tables of the workbook and of one sheet', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU'], [['A']]);
    fake.seedTable('Movements', 'Movements', ['Id'], [[1]]);
    await fake.run(async (context) => {
      const all = context.workbook.tables.load('items/name');
      const onSheet = context.workbook.worksheets.getItem('Movements').tables.load('name');
      const elsewhere = context.workbook.worksheets.getItem('Movements').tables.getItemOrNullObject('Lots');
      const sheetOfTable = context.workbook.tables.getItem('Lots').worksheet.load('name');
      await context.sync();
      expect(all.items.map((t) => t.name)).toEqual(['Lots', 'Movements']);
      expect(onSheet.items.map((t) => t.name)).toEqual(['Movements']);
      expect(elsewhere.isNullObject).toBe(true);
      expect(sheetOfTable.name).toBe('Lots');
    });
  });
});
