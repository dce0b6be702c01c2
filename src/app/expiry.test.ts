/**
 * Expiring lots against the real Excel adapter over the Office.js fake, seeded with the demo workbook (RM-MGC's lot
 * expired 5 days ago with 4.2 kg; FG-MAG120's lot expires in 60 days with 96 on hand).
 */
import { demoFake } from '../../test/support/demo-workbook';
import { addDays } from '../domain/dates';
import type { IsoDate, IsoDateTime, Setting } from '../domain/types';
// The use case runs on the real adapter over the fake on purpose (notes/panes.md).
import { createExcelWorkbook } from '../excel/excel-workbook';
import { FakeExcel } from '../office-fake/fake-excel';
import { loadExpiry, markExpiryInLots, warningWindows, writeExpirySheet } from './expiry';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;

async function setup() {
  const { fake, workbook } = await demoFake(TODAY, NOW);
  return { fake, workbook };
}

const setting = (value: string): Setting[] => [{ key: 'expiryWarningDays', value }];

describe('warningWindows', () => {
  it('reads whole days from Settings, sorted, and falls back to 30, 60, 90 with a message when unreadable', () => {
    expect(warningWindows(setting('90, 30,60')).windows).toEqual([30, 60, 90]);
    expect(warningWindows(setting('14')).windows).toEqual([14]);
    expect(warningWindows([]).windows).toEqual([30, 60, 90]);
    const bad = warningWindows(setting('soon'));
    expect(bad.windows).toEqual([30, 60, 90]);
    expect(bad.problem).toContain('"soon"');
  });
});

describe('loadExpiry', () => {
  it('lists lots with stock that expired or expire within the windows, with quantity and value', async () => {
    const { workbook } = await setup();
    const view = await loadExpiry(workbook, TODAY);
    expect(view.windows).toEqual([30, 60, 90]);
    expect(view.lots.map((l) => [l.sku, l.lot, l.window, l.daysLeft, l.onHand, l.value])).toEqual([
      ['RM-MGC', 'MGC-0311', 'expired', -5, 4200, 508200], // 4.2 kg x 12.10 = 50.82
      ['FG-MAG120', 'MAG-2311', 60, 60, 96000, 4224000], // 96 x 4.40 = 422.40
    ]);
    expect(view.totals).toEqual([
      { window: 'expired', lots: 1, value: 508200 },
      { window: 30, lots: 0, value: 0 },
      { window: 60, lots: 1, value: 4224000 },
      { window: 90, lots: 0, value: 0 },
    ]);
    // Every lot with stock and an expiry, by month: the chart's data.
    expect(view.months.map(([m]) => m)).toEqual([addDays(TODAY, -5), addDays(TODAY, 60), addDays(TODAY, 580), addDays(TODAY, 690), addDays(TODAY, 700)].map((d) => d.slice(0, 7)).filter((m, i, a) => a.indexOf(m) === i).sort());
  });

  it('follows the windows set in Settings', async () => {
    const { fake, workbook } = await setup();
    const row = fake.table('Settings')!.rows.findIndex((r) => r[0] === 'expiryWarningDays');
    fake.user.editTableCell('Settings', row, 'Value', '7');
    const view = await loadExpiry(workbook, TODAY);
    expect(view.windows).toEqual([7]);
    expect(view.lots.map((l) => l.lot)).toEqual(['MGC-0311']);
  });
});

describe('writeExpirySheet', () => {
  it('writes the report sheet and a chart of on hand by expiry month, once even when asked twice', async () => {
    const { fake, workbook } = await setup();
    const first = await writeExpirySheet(workbook, { id: 'EXP-20261130-AAAA0001', today: TODAY, user: 'Robin' });
    expect(first.sheetName).toBe('Expiring 2026-11-30');
    expect(first.chart).toBe('added');
    const table = fake.table(fake.tableNames().find((t) => t.startsWith('ExpiringLots_'))!)!;
    expect(table.headers).toEqual(['Window', 'SKU', 'Description', 'Lot', 'Expiry', 'Days Left', 'Status', 'Location', 'On Hand', 'Unit Cost', 'Value']);
    expect(table.rows.map((r) => [r[0], r[1], r[3], r[8], r[10]])).toEqual([
      ['Expired', 'RM-MGC', 'MGC-0311', 4.2, 50.82],
      ['Within 60 days', 'FG-MAG120', 'MAG-2311', 96, 422.4],
    ]);
    const charts = fake.charts('Expiring 2026-11-30');
    expect(charts).toHaveLength(1);
    expect(charts[0]).toMatchObject({ type: 'ColumnClustered', title: 'On hand by expiry month', seriesBy: 'Columns' });
    // The chart's data sits beside the table: month labels kept as text, not turned into dates.
    const data = charts[0]!.source;
    expect(fake.cell('Expiring 2026-11-30', data.split(':')[0]!).value).toBe('Expiry month');
    const firstMonth = fake.cell('Expiring 2026-11-30', data.split(':')[0]!.replace(/\d+$/, (n) => String(Number(n) + 1)));
    expect(firstMonth).toMatchObject({ value: addDays(TODAY, -5).slice(0, 7), type: 'String' });

    const again = await writeExpirySheet(workbook, { id: 'EXP-20261130-AAAA0001', today: TODAY, user: 'Robin' });
    expect(again.chart).toBe('exists');
    expect(fake.sheetNames().filter((s) => s.startsWith('Expiring'))).toEqual(['Expiring 2026-11-30']);
    expect(fake.charts('Expiring 2026-11-30')).toHaveLength(1);
  });
});

describe('markExpiryInLots', () => {
  it('adds rules that mark expired and expiring rows with stock, once, and replaces them when the window changes', async () => {
    const { fake, workbook } = await setup();
    // A rule of the user's own, which Lotbook must keep.
    await fake.run(async (ctx) => {
      ctx.workbook.tables.getItem('Lots').getDataBodyRange().conditionalFormats.add('Custom').custom.rule.formula = '=$I2="hold"';
      await ctx.sync();
    });
    expect(await markExpiryInLots(workbook)).toEqual({ warningDays: 90, rulesAdded: 2 });
    const rules = fake.conditionalFormats('Lots');
    expect(rules.map((r) => [r.address, r.formula, r.fillColor])).toEqual([
      ['A2:M7', '=$I2="hold"', null],
      ['A2:M7', '=AND($G2<>"",N($M2)>0,$G2<TODAY())', '#FFC7CE'],
      ['A2:M7', '=AND($G2<>"",N($M2)>0,$G2>=TODAY(),$G2<=TODAY()+90)', '#FFEB9C'],
    ]);
    expect(await markExpiryInLots(workbook)).toEqual({ warningDays: 90, rulesAdded: 0 });
    expect(fake.conditionalFormats('Lots')).toHaveLength(3);

    const row = fake.table('Settings')!.rows.findIndex((r) => r[0] === 'expiryWarningDays');
    fake.user.editTableCell('Settings', row, 'Value', '30,45');
    expect(await markExpiryInLots(workbook)).toEqual({ warningDays: 45, rulesAdded: 1 });
    expect(fake.conditionalFormats('Lots').map((r) => r.formula)).toEqual(['=$I2="hold"', '=AND($G2<>"",N($M2)>0,$G2<TODAY())', '=AND($G2<>"",N($M2)>0,$G2>=TODAY(),$G2<=TODAY()+45)']);
  });

  it('finds Expiry and On Hand where the user moved them', async () => {
    const fake = new FakeExcel();
    const workbook = createExcelWorkbook((b) => fake.run(b));
    // A Lots table that starts at C4 with its own column order.
    fake.user.addSheet('Lots');
    fake.user.setValues('Lots', 'C4:E4', [['On Hand', 'SKU', 'Lot']]);
    fake.user.addTable('Lots', 'C4:E4', 'Lots');
    await workbook.setUp();
    await markExpiryInLots(workbook);
    const formulas = fake.conditionalFormats('Lots').map((r) => r.formula);
    expect(formulas[0]).toMatch(/^=AND\(\$[F-Z]5<>"",N\(\$C5\)>0,/);
  });
});
