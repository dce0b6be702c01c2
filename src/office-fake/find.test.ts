import { FakeExcel } from './fake-excel';

function lots() {
  const fake = new FakeExcel();
  fake.seedTable('Lots', 'Lots', ['SKU', 'Lot', 'Status'], [
    ['RM-ASH', 'A-1', 'hold'],
    ['RM-ASH', 'a-2', 'hold'],
    ['RM-TUR', 'A-2', 'released'],
    ['RM-TUR', 'B*7', 'hold'],
  ]);
  return fake;
}

describe('Range.find', () => {
  it('returns the first matching cell of the range, usable in the same batch', async () => {
    const fake = lots();
    await fake.run(async (context) => {
      const column = context.workbook.tables.getItem('Lots').columns.getItem('Lot').getDataBodyRange();
      const found = column.find('A-2', { completeMatch: true, matchCase: false }).load('address');
      const exact = column.find('A-2', { completeMatch: true, matchCase: true }).load('address');
      const last = column.find('A-2', { completeMatch: true, searchDirection: 'Backwards' }).load('address');
      const part = column.find('-', { completeMatch: false }).load('address');
      found.getOffsetRange(0, 1).values = [['released']];
      await context.sync();
      expect([found.address, exact.address, last.address, part.address]).toEqual(['Lots!B3', 'Lots!B4', 'Lots!B4', 'Lots!B2']);
    });
    expect(fake.table('Lots')!.rows[1]).toEqual(['RM-ASH', 'a-2', 'released']);
  });

  it('treats * and ? as wildcards and ~ as their escape, as the Find box does', async () => {
    const fake = lots();
    await fake.run(async (context) => {
      const column = context.workbook.tables.getItem('Lots').columns.getItem('Lot').getDataBodyRange();
      const wild = column.find('B?7', { completeMatch: true }).load('address');
      const literal = column.find('B~*7', { completeMatch: true }).load('address');
      await context.sync();
      expect([wild.address, literal.address]).toEqual(['Lots!B5', 'Lots!B5']);
    });
  });

  it('from a single cell searches the whole sheet after it, wrapping round', async () => {
    const fake = lots();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Lots');
      const next = sheet.getRange('A2').find('RM-ASH', { completeMatch: true }).load('address');
      const wrapped = sheet.getRange('A4').find('RM-ASH', { completeMatch: true }).load('address');
      await context.sync();
      expect([next.address, wrapped.address]).toEqual(['Lots!A3', 'Lots!A2']);
    });
  });

  it('fails the command that uses it with ItemNotFound when nothing matches; commands before it stay applied', async () => {
    const fake = lots();
    await expect(
      fake.run(async (context) => {
        const table = context.workbook.tables.getItem('Lots');
        table.getDataBodyRange().getCell(0, 2).values = [['released']];
        table.columns.getItem('Lot').getDataBodyRange().find('Z-9', { completeMatch: true }).getOffsetRange(0, 1).values = [['x']];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'ItemNotFound', debugInfo: { errorLocation: 'Range.find' } });
    expect(fake.table('Lots')!.rows[0]).toEqual(['RM-ASH', 'A-1', 'released']);
  });
});

describe('beforeSync', () => {
  it('lets a person act between two syncs of one run, before the batch runs', async () => {
    const fake = lots();
    const seen: string[][] = [];
    const stop = fake.beforeSync((batch) => {
      seen.push([...batch.locations]);
      if (batch.locations.includes('Range.values')) fake.user.sort('Lots', 'Lot', 'desc');
    });
    await fake.run(async (context) => {
      const body = context.workbook.tables.getItem('Lots').getDataBodyRange().load('values');
      await context.sync();
      expect(body.values[0]![1]).toBe('A-1');
      body.getCell(0, 2).values = [['first row after the sort']];
      await context.sync();
    });
    stop();
    expect(seen).toEqual([['Range.load'], ['Range.values']]);
    expect(fake.table('Lots')!.rows[0]).toEqual(['RM-TUR', 'B*7', 'first row after the sort']);
  });
});
