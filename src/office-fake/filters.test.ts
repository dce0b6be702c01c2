import { FakeExcel } from './fake-excel';

function movements(): FakeExcel {
  const fake = new FakeExcel();
  fake.seedTable('Movements', 'Movements', ['Id', 'Type', 'Qty'], [
    ['M1', 'receive', 10],
    ['M2', 'ship', -4],
    ['M3', 'receive', 5],
    ['M4', 'adjust', ''],
  ]);
  return fake;
}

describe('user filters', () => {
  it('hides body rows and shows as isDataFiltered', async () => {
    const fake = movements();
    fake.user.filter('Movements', 'Type', (v) => v === 'receive');
    expect(fake.table('Movements')).toMatchObject({ hiddenRows: [1, 3], filtered: true });
    await fake.run(async (context) => {
      const filter = context.workbook.tables.getItem('Movements').autoFilter.load('enabled, isDataFiltered');
      await context.sync();
      expect([filter.enabled, filter.isDataFiltered]).toEqual([true, true]);
    });
  });

  it.each(['values', 'formulas', 'numberFormat'] as const)('fails LOUDLY when %s is written into the body of a filtered table (office-js #224)', async (prop) => {
    const fake = movements();
    fake.user.filter('Movements', 'Type', (v) => v === 'receive');
    let caught: unknown;
    await fake
      .run(async (context) => {
        // Even a write into a visible row: real Excel misplaces data across hidden rows.
        context.workbook.worksheets.getItem('Movements').getRange('C2')[prop] = [['7']];
        await context.sync();
      })
      .catch((error: unknown) => (caught = error));
    expect(caught).toMatchObject({ code: 'FakeFilteredWrite', message: expect.stringContaining('office-js #224') });
    expect(fake.table('Movements')?.rows[0]).toEqual(['M1', 'receive', 10]);
  });

  it('allows the write after clearFilters() in an earlier command of the same batch', async () => {
    const fake = movements();
    fake.user.filter('Movements', 'Type', (v) => v === 'receive');
    await fake.run(async (context) => {
      const table = context.workbook.tables.getItem('Movements');
      table.clearFilters();
      table.getDataBodyRange().getCell(0, 2).values = [[11]];
      const filter = table.autoFilter.load('isDataFiltered');
      await context.sync();
      expect(filter.isDataFiltered).toBe(false);
    });
    expect(fake.table('Movements')).toMatchObject({ hiddenRows: [], filtered: false });
    expect(fake.table('Movements')?.rows[0]).toEqual(['M1', 'receive', 11]);
  });

  it('still allows writes outside the body: the header row and other cells', async () => {
    const fake = movements();
    fake.user.filter('Movements', 'Type', (v) => v === 'receive');
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Movements');
      sheet.getRange('A1').format.font.bold = true;
      sheet.getRange('H1').values = [['elsewhere']];
      await context.sync();
    });
    expect(fake.cell('Movements', 'H1').value).toBe('elsewhere');
  });

  it('appends rows to a filtered table at the end; the new rows stay visible until the filter is applied again', async () => {
    const fake = movements();
    fake.user.filter('Movements', 'Type', (v) => v === 'receive');
    await fake.run(async (context) => {
      context.workbook.tables.getItem('Movements').rows.add(undefined, [['M5', 'ship', -1]]);
      await context.sync();
    });
    expect(fake.table('Movements')).toMatchObject({ hiddenRows: [1, 3], filtered: true });
    expect(fake.table('Movements')?.rows[4]).toEqual(['M5', 'ship', -1]);
  });

  it('refuses to insert rows inside a filtered table (InsertDeleteConflict)', async () => {
    const fake = movements();
    fake.user.filter('Movements', 'Type', (v) => v === 'receive');
    await expect(
      fake.run(async (context) => {
        context.workbook.tables.getItem('Movements').rows.add(0, [['M0', 'receive', 1]]);
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InsertDeleteConflict' });
  });

  it('clears a filter by the user', () => {
    const fake = movements();
    fake.user.filter('Movements', 'Type', (v) => v === 'ship');
    fake.user.clearFilter('Movements');
    expect(fake.table('Movements')).toMatchObject({ hiddenRows: [], filtered: false });
  });
});

describe('user sorts and edits', () => {
  it('sorts the body physically, blanks last in both orders, so row positions from an earlier read go stale', async () => {
    const fake = movements();
    fake.user.sort('Movements', 'Qty', 'desc');
    expect(fake.table('Movements')?.rows.map((r) => r[0])).toEqual(['M1', 'M3', 'M2', 'M4']);
    fake.user.sort('Movements', 'Qty');
    expect(fake.table('Movements')?.rows.map((r) => r[0])).toEqual(['M2', 'M3', 'M1', 'M4']);
    await fake.run(async (context) => {
      context.workbook.tables.getItem('Movements').sort.clear();
      await context.sync();
    });
    // Clearing the sort does not put the rows back.
    expect(fake.table('Movements')?.rows.map((r) => r[0])).toEqual(['M2', 'M3', 'M1', 'M4']);
  });

  it('sorts again under a filter and applies the filter to the new order', () => {
    const fake = movements();
    fake.user.filter('Movements', 'Type', (v) => v === 'receive');
    fake.user.sort('Movements', 'Id', 'desc');
    expect(fake.table('Movements')).toMatchObject({ hiddenRows: [0, 2] });
  });

  it('deletes, edits and extends like a person', () => {
    const fake = movements();
    fake.user.deleteTableRow('Movements', 1);
    fake.user.editTableCell('Movements', 0, 'Qty', '12');
    fake.user.addTableColumn('Movements', 'Note', ['first']);
    expect(fake.table('Movements')).toMatchObject({
      address: 'Movements!A1:D4',
      headers: ['Id', 'Type', 'Qty', 'Note'],
      rows: [['M1', 'receive', 12, 'first'], ['M3', 'receive', 5, ''], ['M4', 'adjust', '', '']],
    });
  });
});
