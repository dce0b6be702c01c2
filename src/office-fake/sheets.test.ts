import { FakeExcel } from './fake-excel';

async function addSheet(fake: FakeExcel, name: string) {
  return fake.run(async (context) => {
    context.workbook.worksheets.add(name);
    await context.sync();
  });
}

describe('worksheets', () => {
  it.each([
    ['blank', '  '],
    ['too long', 'x'.repeat(32)],
    ['a slash', 'Recall 24/07-A'],
    ['a colon', 'a:b'],
    ['brackets', '[x]'],
    ['a star', 'a*'],
    ['a question mark', 'why?'],
    ['a backslash', 'a\\b'],
    ['a leading apostrophe', "'Lots"],
    ['a trailing apostrophe', "Lots'"],
    ['another case of an existing name', 'LOTS'],
  ])('rejects a name with %s with InvalidArgument', async (_what, name) => {
    const fake = new FakeExcel();
    fake.user.addSheet('Lots');
    await expect(addSheet(fake, name)).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(fake.sheetNames()).toEqual(['Lots']);
  });

  it('accepts 31 characters, spaces and an inner apostrophe', async () => {
    const fake = new FakeExcel();
    await addSheet(fake, 'x'.repeat(31));
    await addSheet(fake, "Pick list O'Brien");
    expect(fake.sheetNames()).toEqual(['x'.repeat(31), "Pick list O'Brien"]);
  });

  it('finds a sheet by name regardless of case and lists sheets through items', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('Lots');
    fake.user.addSheet('Pick list');
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('lots').load('name');
      const all = context.workbook.worksheets.load('items/name');
      await context.sync();
      expect(sheet.name).toBe('Lots');
      expect(all.items.map((s) => s.name)).toEqual(['Lots', 'Pick list']);
    });
  });

  it('names a sheet added without a name SheetN', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.add().load('name');
      await context.sync();
      expect(sheet.name).toBe('Sheet1');
    });
  });

  it('makes the first sheet active and activate() switches', async () => {
    const fake = new FakeExcel();
    expect(fake.activeSheet()).toBeNull();
    fake.user.addSheet('Lots');
    fake.user.addSheet('Report');
    expect(fake.activeSheet()).toBe('Lots');
    await fake.run(async (context) => {
      const report = context.workbook.worksheets.getItem('Report');
      report.activate();
      report.freezePanes.freezeRows(1);
      await context.sync();
    });
    expect(fake.activeSheet()).toBe('Report');
  });

  it('gives range addresses qualified with the sheet, quoted when Excel quotes them', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('Lots');
    fake.user.addSheet('Pick list');
    fake.user.addSheet('R1C1');
    await fake.run(async (context) => {
      const sheets = context.workbook.worksheets;
      const a = sheets.getItem('Lots').getRange('a1:m10').load('address');
      const b = sheets.getItem('Pick list').getRange('B2:A1').load('address');
      const c = sheets.getItem('R1C1').getRange('$C$3').load('address');
      await context.sync();
      expect([a.address, b.address, c.address]).toEqual(['Lots!A1:M10', "'Pick list'!A1:B2", "'R1C1'!C3"]);
    });
  });

  it('rejects a malformed address with InvalidArgument at sync', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('Lots');
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.getItem('Lots').getRange('A0:B').load('address');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('finds the used range, with or without formatted cells', async () => {
    const fake = new FakeExcel();
    fake.user.addSheet('Lots');
    fake.user.setValues('Lots', 'B2:C3', [[1, 2], [3, '']]);
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Lots');
      sheet.getRange('E5').numberFormat = [['@']];
      const valuesOnly = sheet.getUsedRangeOrNullObject(true).load('address');
      const withFormats = sheet.getUsedRangeOrNullObject().load('address');
      await context.sync();
      expect(valuesOnly.address).toBe('Lots!B2:C3');
      expect(withFormats.address).toBe('Lots!B2:E5');
    });
    expect(fake.usedRange('Lots')?.address).toBe('Lots!B2:E5');
  });
});
