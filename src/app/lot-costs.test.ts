/**
 * The lot costs report over the real adapter and the fake, seeded with the demo workbook (today 2026-11-30) and
 * one more run made through produce().
 */
import { demoFake } from '../../test/support/demo-workbook';
import { addDays, isoDate } from '../domain/dates';
import { moneyToNumber } from '../domain/fixed';
import type { IsoDate, IsoDateTime, Movement, MovementType, Qty } from '../domain/types';
import { WorkbookError } from './ports';
import { previewLotCosts, splitByReason, writeLotCostsReport, type LotCostsRequest } from './lot-costs';
import { produce } from './produce';
import { storedText } from '../../test/support/variants';

const TODAY = isoDate('2026-11-30') as IsoDate;
const NOW = `${TODAY}T16:00:00` as IsoDateTime;

async function setup(extra: readonly Movement[] = []) {
  const { fake, workbook } = await demoFake(TODAY, NOW, extra.length ? { Movements: extra } : undefined);
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
    expect(line('- Consumed value')).toBe(moneyToNumber(out.totals.consumed.value));
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

  it('gives the accountant numbers: totals are numbers that equal the sum of their column, each row has the unit of its SKU', async () => {
    const { fake, workbook } = await setup();
    const out = await writeLotCostsReport(workbook, req('C-ACC'));
    if (!out.ok) throw new Error(out.message);
    const t = fake.table(fake.tableNames().find((n) => n.startsWith('LotCosts'))!)!;
    const rows = t.rows.map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
    const sheet = fake.usedRange(out.sheetName)!.values;
    const line = (label: string) => sheet.find((r) => r[0] === storedText(label))?.[1];
    // The footer's totals are numbers (not text such as "727.50"), exact to the ten-thousandth, and each is what a
    // SUM over its column gives (drill-down rows leave the lot figures blank).
    const sum = (h: string) => Math.round(rows.reduce((a, r) => a + (typeof r[h] === 'number' ? (r[h] as number) : 0), 0) * 10000) / 10000;
    for (const [label, column] of [['Opening value', 'Opening Value'], ['+ Received value', 'Received Value'], ['+ Produced value', 'Produced Value'], ['- Consumed value', 'Consumed Value'], ['- Shipped value (COGS)', 'COGS'], ['= Closing value', 'Closing Value']] as const) {
      expect(typeof line(label)).toBe('number');
      expect(line(label)).toBe(sum(column));
    }
    // Input rows: the produced lot's SKU with that SKU's unit; the input's own unit beside its quantity.
    const inputs = rows.filter((r) => r['Line'] === 'Input' && r['Lot'] === '2611-FG-ASH60-001');
    expect(inputs.map((r) => [r['SKU'], r['Unit'], r['From SKU'], r['Input Qty'], r['Input Unit']])).toEqual([
      ['FG-ASH60', 'ea', 'RM-ASH', 10, 'kg'],
      ['FG-ASH60', 'ea', 'PK-BTL150', 500, 'ea'],
    ]);
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

describe('adjustments and write-offs by reason', () => {
  const mv = (id: string, type: MovementType, sku: string, lot: string, qty: number, note: string, ref = ''): Movement => ({
    id,
    date: TODAY,
    type,
    sku,
    lot,
    qty: Math.round(qty * 1000) as Qty,
    location: '',
    ref,
    unitCost: null,
    user: 'Ana',
    note,
  });
  // RM-ASH lot ASH-2407-A is worth 38.50 a kg and FG-MAG120 lot MAG-2311 4.40 each, so each value below is exact.
  const extra = [
    mv('A-1', 'ADJUST', 'RM-ASH', 'ASH-2407-A', -0.3, 'miscount', 'CNT-1'),
    mv('A-2', 'ADJUST', 'RM-ASH', 'ASH-2407-A', 0.1, 'found', 'CNT-1'),
    mv('A-3', 'DESTROY', 'RM-ASH', 'ASH-2407-A', -0.2, 'expired-destroyed', 'CNT-1'),
    mv('A-4', 'DESTROY', 'RM-ASH', 'ASH-2407-A', -0.1, 'QA reject: mould'),
    mv('A-5', 'ADJUST', 'FG-MAG120', 'MAG-2311', -2, 'Damaged ', 'CNT-2'),
    mv('A-6', 'ADJUST', 'FG-MAG120', 'MAG-2311', -1, ''),
    mv('A-7', 'ADJUST', 'FG-MAG120', 'MAG-2311', 1, 'miscount', 'CNT-2'),
  ];

  it('splits each lot’s Adjusted and Written Off figures by reason, and the footer splits the totals; all reconcile', async () => {
    const { fake, workbook } = await setup(extra);
    const out = await writeLotCostsReport(workbook, req('C-R'));
    expect(out).toMatchObject({ ok: true, valueCheck: 0, unreconciled: [] });
    if (!out.ok) return;
    const t = fake.table(fake.tableNames().find((n) => n.startsWith('LotCosts'))!)!;
    const rows = t.rows.map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
    const reasons = (lot: string) => rows.filter((r) => r['Lot'] === lot && (r['Line'] === 'Adjusted' || r['Line'] === 'Written Off')).map((r) => [r['Line'], r['Reason'], r['Reason Qty'], r['Reason Value']]);

    expect(reasons('ASH-2407-A')).toEqual([
      ['Adjusted', 'miscount', -0.3, -11.55],
      ['Adjusted', 'found', 0.1, 3.85],
      ['Written Off', 'expired-destroyed', 0.2, 7.7],
      ['Written Off', 'other', 0.1, 3.85],
    ]);
    // A note is matched whatever its case and spaces; a note that is no count reason is "other".
    expect(reasons('MAG-2311')).toEqual([
      ['Adjusted', 'damaged', -2, -8.8],
      ['Adjusted', 'miscount', 1, 4.4],
      ['Adjusted', 'other', -1, -4.4],
    ]);
    // Lots without such movements have no reason rows.
    expect(reasons('BTL-5521')).toEqual([]);

    // Per lot, the reason rows add up to the lot's figures (to the ten-thousandth).
    for (const lot of ['ASH-2407-A', 'MAG-2311']) {
      const row = rows.find((r) => r['Line'] === 'Lot' && r['Lot'] === lot)!;
      const sum = (line: string, h: string) => rows.filter((r) => r['Lot'] === lot && r['Line'] === line).reduce((s, r) => s + Number(r[h]), 0);
      expect(Math.round(sum('Adjusted', 'Reason Value') * 1e4)).toBe(Math.round(Number(row['Adjusted Value']) * 1e4));
      expect(Math.round(sum('Adjusted', 'Reason Qty') * 1e3)).toBe(Math.round(Number(row['Adjusted Qty']) * 1e3));
      expect(Math.round(sum('Written Off', 'Reason Value') * 1e4)).toBe(Math.round(Number(row['Written Off Value'] || 0) * 1e4));
    }

    const sheet = fake.usedRange(out.sheetName)!.values;
    const labels = sheet.map((r) => r[0]);
    // '= Closing value' starts with "=": under the one reading of Excel with no exact form it keeps an apostrophe.
    const closing = storedText('= Closing value');
    const at = (label: string) => labels.indexOf(label);
    const line = (label: string) => sheet.find((r) => r[0] === label)?.[1];
    // Under each total, its parts, in the order of the count reasons: adjusted -16.50 = damaged -8.80 + miscount -7.15 + found 3.85 + other -4.40.
    expect(line('+ Adjusted value (counts, transfers)')).toBe(-16.5);
    expect(labels.slice(at('+ Adjusted value (counts, transfers)') + 1, at('- Consumed value'))).toEqual(['    adjusted, damaged', '    adjusted, miscount', '    adjusted, found', '    adjusted, other']);
    expect(['damaged', 'miscount', 'found', 'other'].map((r) => line(`    adjusted, ${r}`))).toEqual([-8.8, -7.15, 3.85, -4.4]);
    expect(line('- Written off value')).toBe(11.55);
    expect(labels.slice(at('- Written off value') + 1, at(closing))).toEqual(['    written off, expired-destroyed', '    written off, other']);
    expect([line('    written off, expired-destroyed'), line('    written off, other')]).toEqual([7.7, 3.85]);
    expect(line('Reconciles (opening + in - out - closing)')).toBe('yes, 0.00');
    expect(out.byReason.map((p) => [p.figure, p.reason, p.value])).toEqual([
      ['adjusted', 'damaged', -88000],
      ['adjusted', 'miscount', -71500],
      ['adjusted', 'found', 38500],
      ['adjusted', 'other', -44000],
      ['destroyed', 'expired-destroyed', 77000],
      ['destroyed', 'other', 38500],
    ]);
  });

  it('writes no reason lines for a period without adjustments or write-offs', async () => {
    const { fake, workbook } = await setup();
    const out = await writeLotCostsReport(workbook, req('C-N'));
    if (!out.ok) throw new Error(out.message);
    expect(out.byReason).toEqual([]);
    expect(fake.usedRange(out.sheetName)!.values.filter((r) => /^ {4}(adjusted|written off), /.test(String(r[0])))).toEqual([]);
  });
});

describe('splitByReason', () => {
  const mv = (id: string, type: MovementType, qty: number, note: string, date: string = TODAY): Movement => ({ id, date: date as IsoDate, type, sku: 'RM-X', lot: 'L1', qty: qty as Qty, location: '', ref: '', unitCost: null, user: '', note });
  /** Each movement's value, in the order of the movements (as the costing engine returns them). */
  const values = (movements: readonly Movement[], byId: Record<string, number>) => movements.map((m) => byId[m.id]!);

  it('keeps a transfer that nets to nothing out, shows one that does not, and leaves movements outside the period out', () => {
    const movements = [mv('T-1', 'TRANSFER', -500, ''), mv('T-2', 'TRANSFER', 500, ''), mv('T-3', 'TRANSFER', -100, ''), mv('A-old', 'ADJUST', -100, 'miscount', '2026-01-01'), mv('D-1', 'DESTROY', -200, 'SAMPLE')];
    const split = splitByReason(movements, values(movements, { 'T-1': -1925, 'T-2': 1925, 'T-3': -385, 'A-old': -385, 'D-1': -770 }), addDays(TODAY, -6) as IsoDate, TODAY);
    expect([...split.values()]).toEqual([
      [
        { figure: 'adjusted', reason: 'transfer', qty: -100, value: -385 },
        { figure: 'destroyed', reason: 'sample', qty: 200, value: 770 },
      ],
    ]);
  });
});
