/**
 * The lot costs report over the real adapter and the fake, seeded with the demo workbook (today 2026-11-30) and
 * one more run made through produce().
 */
import { demoFake } from '../../test/support/demo-workbook';
import { addDays, isoDate } from '../domain/dates';
import { formatMoney } from '../domain/fixed';
import type { IsoDate, IsoDateTime } from '../domain/types';
import { WorkbookError } from './ports';
import { previewLotCosts, writeLotCostsReport, type LotCostsRequest } from './lot-costs';
import { produce } from './produce';

const TODAY = isoDate('2026-11-30') as IsoDate;
const NOW = `${TODAY}T16:00:00` as IsoDateTime;

async function setup() {
  const { fake, workbook } = await demoFake(TODAY, NOW);
  const made = await produce(
    workbook,
    { outputSku: 'FG-ASH60', plannedQuantity: '500', actualQuantity: '480', conversionCost: '250', inputs: [{ sku: 'RM-ASH', lot: 'ASH-2407-A', quantity: '10' }, { sku: 'PK-BTL150', lot: 'BTL-5521', quantity: '500' }] },
    { user: 'Jo', today: TODAY, now: NOW, ids: { run: 'R-NEW', log: 'L-NEW' } },
  );
  if (!made.ok) throw new Error(made.message);
  return { fake, workbook };
}

const req = (id: string, from: string = addDays(TODAY, -6), to: string = TODAY): LotCostsRequest => ({ id, from, to, user: 'Accounts', now: NOW });

describe('lot costs report', () => {
  it('writes one table with a row per lot, a drill-down for produced lots, and totals that reconcile', async () => {
    const { fake, workbook } = await setup();
    const out = await writeLotCostsReport(workbook, req('C-1'));
    expect(out).toMatchObject({ ok: true, valueCheck: 0, unreconciled: [] });
    if (!out.ok) return;
    expect(out.sheetName).toBe(`Costs ${addDays(TODAY, -6)} to ${TODAY}`);
    const t = fake.table(fake.tableNames().find((n) => n.startsWith('LotCosts'))!)!;
    const rows = t.rows.map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
    const lot = (code: string) => rows.find((r) => r['Line'] === 'Lot' && r['Lot'] === code)!;

    // The new lot: produced 480 at 727.50 (385 + 92.50 + 250), unit cost 1.5156.
    expect(lot('2611-FG-ASH60-001')).toMatchObject({ SKU: 'FG-ASH60', Unit: 'ea', 'Opening Qty': 0, 'Produced Qty': 480, 'Produced Value': 727.5, 'Closing Qty': 480, 'Closing Value': 727.5, 'Unit Cost': 1.5156 });
    // The drill-down rows of that lot: what each input contributed, and the conversion cost.
    expect(rows.filter((r) => r['Lot'] === '2611-FG-ASH60-001' && r['Line'] !== 'Lot').map((r) => [r['Line'], r['From Run'], r['From SKU'], r['From Lot'], r['Input Qty'], r['Contributed Cost']])).toEqual([
      ['Input', 'R-NEW', 'RM-ASH', 'ASH-2407-A', 10, 385],
      ['Input', 'R-NEW', 'PK-BTL150', 'BTL-5521', 500, 92.5],
      ['Conversion', 'R-NEW', '', '', '', 250],
    ]);
    // An input: opening 13.5 kg at 38.50, consumed 10 kg (385), closing 3.5 kg (134.75).
    expect(lot('ASH-2407-A')).toMatchObject({ 'Opening Qty': 13.5, 'Opening Value': 519.75, 'Consumed Qty': 10, 'Consumed Value': 385, 'Closing Qty': 3.5, 'Closing Value': 134.75, 'Unit Cost': 38.5 });
    // Lots with no movement in the period still show their opening and closing.
    expect(lot('MAG-2311')).toMatchObject({ 'Opening Qty': 96, 'Closing Qty': 96, 'Closing Value': 422.4 });

    const sheet = fake.usedRange(out.sheetName)!.values;
    const line = (label: string) => sheet.find((r) => r[0] === label)?.[1];
    expect(line('Reconciles (opening + in - out - closing)')).toBe('yes, 0.00');
    expect(line('- Consumed value')).toBe(formatMoney(out.totals.consumed.value));
    // Per lot: opening + in - out = closing, in quantity and in value, read back from the sheet.
    for (const r of rows.filter((x) => x['Line'] === 'Lot')) {
      for (const k of ['Qty', 'Value']) {
        const n = (h: string) => Number(r[h] === '' ? 0 : r[h]);
        const v = k === 'Qty' ? 'Qty' : 'Value';
        const gap = n(`Opening ${v}`) + n(`Received ${v}`) + n(`Produced ${v}`) + n(`Returned ${v}`) + n(`Adjusted ${v}`) - n(`Consumed ${v}`) - n(k === 'Qty' ? 'Shipped Qty' : 'COGS') - n(`Written Off ${v}`) - n(`Closing ${v}`);
        expect(Math.abs(gap)).toBeLessThan(1e-9);
      }
    }
  });

  it('writes one sheet when written twice or retried after a failed sync', async () => {
    const { fake, workbook } = await setup();
    fake.failSync(2);
    await writeLotCostsReport(workbook, req('C-2')).catch((e: unknown) => expect(e).toBeInstanceOf(WorkbookError));
    expect((await writeLotCostsReport(workbook, req('C-2'))).ok).toBe(true);
    expect((await writeLotCostsReport(workbook, req('C-2'))).ok).toBe(true);
    expect(fake.sheetNames().filter((s) => s.startsWith('Costs'))).toHaveLength(1);
  });

  it('previews without writing, and refuses a bad period or bad movement rows', async () => {
    const { fake, workbook } = await setup();
    const sheets = fake.sheetNames().length;
    const p = await previewLotCosts(workbook, req('C-3', '2026-01-01'));
    expect(p).toMatchObject({ ok: true, valueCheck: 0 });
    expect(fake.sheetNames()).toHaveLength(sheets);
    expect(await previewLotCosts(workbook, req('C-4', TODAY, '2026-01-01'))).toMatchObject({ ok: false, code: 'bad-period' });
    expect(await previewLotCosts(workbook, req('C-5', '30/11/2026'))).toMatchObject({ ok: false, code: 'bad-date' });
    const index = fake.table('Movements')!.rows.findIndex((r) => r[0] === 'M-0003');
    fake.user.editTableCell('Movements', index, 'Qty', 'lots');
    const bad = await writeLotCostsReport(workbook, req('C-6'));
    expect(bad).toMatchObject({ ok: false, code: 'table-problem' });
    expect(bad.ok ? '' : bad.message).toContain('Movements!F');
    expect(fake.sheetNames()).toHaveLength(sheets);
  });
});
