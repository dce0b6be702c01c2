/** Conditional formats and charts in the fake: stored and visible to tests, queued like every other command. */
import { FakeExcel } from './fake-excel';

function sheet(): FakeExcel {
  const fake = new FakeExcel();
  fake.user.addSheet('S');
  fake.user.addSheet('T');
  fake.user.setValues('S', 'A1:B3', [
    ['Month', 'Qty'],
    ['2026-12', 5],
    ['2027-01', 7],
  ]);
  return fake;
}

describe('conditional formats', () => {
  it('adds a custom rule with its format at sync, and lists the rules that intersect a range', async () => {
    const fake = sheet();
    await fake.run(async (ctx) => {
      const cf = ctx.workbook.worksheets.getItem('S').getRange('A2:B3').conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=$B2>6';
      cf.custom.format.fill.color = 'yellow';
      cf.custom.format.font.color = '#9c0006';
      expect(fake.conditionalFormats('S')).toEqual([]); // nothing before the sync
      await ctx.sync();
    });
    expect(fake.conditionalFormats('S')).toEqual([{ address: 'A2:B3', type: 'Custom', formula: '=$B2>6', fillColor: '#FFFF00', fontColor: '#9C0006', bold: null }]);

    await fake.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const over = s.getRange('B3').conditionalFormats.load('items/type');
      const away = s.getRange('D1').conditionalFormats.load('items/type');
      await ctx.sync();
      expect(over.items.map((i) => i.type)).toEqual(['Custom']);
      expect(away.items).toEqual([]);
      const rule = over.items[0]!.custom.rule.load('formula');
      expect(() => rule.formula).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await ctx.sync();
      expect(rule.formula).toBe('=$B2>6');
      over.items[0]!.delete();
      await ctx.sync();
    });
    expect(fake.conditionalFormats('S')).toEqual([]);
  });

  it('rejects a rule that is not a formula', async () => {
    const fake = sheet();
    await expect(
      fake.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('S').getRange('A2').conditionalFormats.add('Custom').custom.rule.formula = 'B2>6';
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});

describe('charts', () => {
  it('adds a chart over a range of its sheet with a name, title and position, and finds it by name', async () => {
    const fake = sheet();
    await fake.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('S');
      const missing = s.charts.getItemOrNullObject('Expiry').load('name');
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      const chart = s.charts.add('ColumnClustered', s.getRange('A1:B3'), 'Columns');
      chart.name = 'Expiry';
      chart.title.text = 'On hand by month';
      chart.setPosition('D1', 'K16');
      await ctx.sync();
      const found = s.charts.getItemOrNullObject('expiry').load('name');
      const all = s.charts.load('items/name');
      await ctx.sync();
      expect(found.isNullObject).toBe(false);
      expect(found.name).toBe('Expiry');
      expect(all.items.map((c) => c.name)).toEqual(['Expiry']);
    });
    expect(fake.charts('S')).toEqual([{ name: 'Expiry', type: 'ColumnClustered', source: 'A1:B3', seriesBy: 'Columns', title: 'On hand by month', position: { start: 'D1', end: 'K16' } }]);
  });

  it('refuses data from another sheet (the fake charts its own sheet only)', async () => {
    const fake = sheet();
    await expect(
      fake.run(async (ctx) => {
        const wb = ctx.workbook;
        wb.worksheets.getItem('T').charts.add('ColumnClustered', wb.worksheets.getItem('S').getRange('A1:B3'));
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
