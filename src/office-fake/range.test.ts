import { FakeExcel } from './fake-excel';

function grid(): FakeExcel {
  const fake = new FakeExcel();
  fake.user.addSheet('S');
  fake.user.setValues('S', 'A1:C3', [
    ['a1', 'b1', 'c1'],
    ['a2', 'b2', 'c2'],
    ['a3', 'b3', 'c3'],
  ]);
  return fake;
}

describe('range navigation', () => {
  it('computes cells, rows, columns and neighbours like Excel', async () => {
    const fake = grid();
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('S').getRange('A1:C3');
      const results = [
        range.getCell(1, 2),
        range.getRow(2),
        range.getColumn(1),
        range.getRowsBelow(),
        range.getRowsBelow(2),
        range.getOffsetRange(1, 1),
        range.getResizedRange(-1, 1),
        range.getAbsoluteResizedRange(1, 1),
      ].map((r) => r.load('address'));
      await context.sync();
      expect(results.map((r) => r.address)).toEqual(['S!C2', 'S!A3:C3', 'S!B1:B3', 'S!A4:C4', 'S!A4:C5', 'S!B2:D4', 'S!A1:D2', 'S!A1']);
    });
  });

  it('rejects a range that leaves the sheet with InvalidArgument at sync', async () => {
    const fake = grid();
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem('S').getRange('A1').getOffsetRange(-1, 0).load('address');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('intersects ranges, or gives a null object when they do not meet', async () => {
    const fake = grid();
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('S').getRange('A1:C3');
      const a = range.getIntersectionOrNullObject('B2:E9').load('address');
      const b = range.getIntersectionOrNullObject(range.getRowsBelow(5)).load('address');
      const c = range.getRow(1).getIntersectionOrNullObject(range.getColumn(2)).load('values');
      await context.sync();
      expect(a.address).toBe('S!B2:C3');
      expect(b.isNullObject).toBe(true);
      expect(c.values).toEqual([['c2']]);
    });
  });

  it('selects a range, which also activates its sheet, and reads the selection', async () => {
    const fake = grid();
    fake.user.addSheet('Other');
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Other').getRange('B2:C4').select();
      const selected = context.workbook.getSelectedRange().load('address');
      await context.sync();
      expect(selected.address).toBe('Other!B2:C4');
    });
    expect(fake.selection()).toEqual({ sheet: 'Other', address: 'B2:C4' });
    fake.user.select('S', 'C3');
    await fake.run(async (context) => {
      const selected = context.workbook.getSelectedRange().load('values');
      await context.sync();
      expect(selected.values).toEqual([['c3']]);
    });
  });
});

describe('range writes', () => {
  it.each(['values', 'formulas', 'numberFormat'] as const)('rejects a %s array whose shape differs from the range with InvalidArgument', async (prop) => {
    const fake = grid();
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem('S').getRange('A1:B2')[prop] = [['x', 'y']];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(fake.cell('S', 'A1')).toMatchObject({ value: 'a1', numberFormat: 'General' });
  });

  it('applies a single value to every cell of the range, as the Range reference says', async () => {
    const fake = grid();
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('S').getRange('A1:B2');
      range.numberFormat = '@' as unknown as string[][];
      range.values = '007' as unknown as string[][];
      await context.sync();
    });
    expect(fake.usedRange('S')?.values.slice(0, 2)).toEqual([
      ['007', '007', 'c1'],
      ['007', '007', 'c2'],
    ]);
  });

  it('leaves a cell alone where the 2D array holds null, and clears it where it holds an empty string', async () => {
    const fake = grid();
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('S').getRange('A1:C1').values = [[null, '', 'new']];
      await context.sync();
    });
    expect(fake.usedRange('S')?.values[0]).toEqual(['a1', '', 'new']);
  });

  it('sets number formats, bold, font and fill colors', async () => {
    const fake = grid();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('S');
      const header = sheet.getRange('A1:C1');
      header.format.font.bold = true;
      header.format.font.color = 'white';
      header.format.fill.color = '#1f4e79';
      header.format.autofitColumns();
      sheet.getRange('A2:A3').numberFormat = [['0.00'], ['yyyy-mm-dd']];
      const mixed = sheet.getRange('A1:A2').load('format/font/bold');
      header.load('format/font/bold, format/font/color, format/fill/color');
      const formats = sheet.getRange('A1:A3').load('numberFormat');
      await context.sync();
      expect([header.format.font.bold, header.format.font.color, header.format.fill.color]).toEqual([true, '#FFFFFF', '#1F4E79']);
      // Office reports null when the cells of a range differ.
      expect(mixed.format.font.bold).toBeNull();
      expect(formats.numberFormat).toEqual([['General'], ['0.00'], ['yyyy-mm-dd']]);
    });
  });

  it('accepts the calculation and screen-updating suspensions without effect', async () => {
    const fake = grid();
    await fake.run(async (context) => {
      context.workbook.application.suspendApiCalculationUntilNextSync();
      context.workbook.application.suspendScreenUpdatingUntilNextSync();
      await context.sync();
    });
    expect(fake.stats.failedSyncs).toBe(0);
  });

  it('refuses to read more than 5,000,000 cells at once (RangeExceedsLimit)', async () => {
    const fake = grid();
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem('S').getRange('A1:E1000001').load('values');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'RangeExceedsLimit' });
  });
});
