import { FakeExcel } from './fake-excel';

describe('a person renames a table', () => {
  it('keeps its cells; the old name is gone and the new one found, under Excel rules for names', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU', 'Lot'], [['A', '1']]);
    fake.user.renameTable('Lots', 'Table3');
    expect(fake.tableNames()).toEqual(['Table3']);
    expect(fake.table('Table3')!.rows).toEqual([['A', '1']]);
    await fake.run(async (context) => {
      const gone = context.workbook.tables.getItemOrNullObject('Lots');
      const found = context.workbook.tables.getItem('table3').load('name');
      await context.sync();
      expect(gone.isNullObject).toBe(true);
      expect(found.name).toBe('Table3');
    });
    expect(() => fake.user.renameTable('Table3', 'A1')).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});

describe('a person converts a table to a range', () => {
  it('keeps the header row, the rows and their number formats as plain cells; the table is gone', async () => {
    const fake = new FakeExcel();
    fake.seedTable('Lots', 'Lots', ['SKU', 'Lot'], [['A', '000123']], { Lot: '@' });
    fake.user.filter('Lots', 'SKU', () => false);
    fake.user.convertToRange('Lots');
    expect(fake.tableNames()).toEqual([]);
    expect(fake.usedRange('Lots')!.values).toEqual([['SKU', 'Lot'], ['A', '000123']]);
    expect(fake.cell('Lots', 'B2').numberFormat).toBe('@');
    // Typing under the former table no longer grows a table, and the cell keeps its own format.
    fake.user.typeCell('Lots', 'B3', '000777');
    expect(fake.cell('Lots', 'B3').value).toBe(777);
    fake.user.typeCell('Lots', 'B2', '000124');
    expect(fake.cell('Lots', 'B2').value).toBe('000124');
    await fake.run(async (context) => {
      const tables = context.workbook.worksheets.getItem('Lots').tables.load('items/name');
      await context.sync();
      expect(tables.items).toHaveLength(0);
    });
  });
});
