/**
 * Pick lists against the real Excel adapter over the Office.js fake, seeded with the demo workbook: the proposal a
 * user sees, the pick list sheet, the reservation of stock on open lists, and the order lines' status.
 */
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { addDays, serialToIsoDate } from '../domain/dates';
import type { AppendRows } from './ports';
import type { IsoDate, IsoDateTime, Lot, Movement, Order, Qty } from '../domain/types';
// The use case runs on the real adapter over the fake on purpose (notes/panes.md).
import type { FakeExcel } from '../office-fake/fake-excel';
import { filterLines, loadPickView, minShelfLife, orderLineKey, proposePicks, walkOrder, writePickList, type OpenLine, type ProposedPick } from './pick';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;
const FG_LOT = '2611-ASH60-001'; // the demo's released FG-ASH60 lot: 340 on hand, expires in 700 days, at FG-A1
const q = (n: number) => (n * 1000) as Qty;

async function setup(extra: AppendRows = {}) {
  const { fake, workbook } = await demoFake(TODAY, NOW);
  if (Object.keys(extra).length) await workbook.transact((tx) => tx.write({ append: extra }));
  return { fake, workbook };
}


function statusOf(fake: FakeExcel, order: string, line: number): unknown {
  return rowsOf(fake, 'Orders').find((r) => r.Order === order && r.Line === line)?.Status;
}

/** A released FG-ASH60 lot with its RECEIVE movement. */
function ashLot(lot: string, expiryInDays: number, qty: number, location: string): { Lots: Lot[]; Movements: Movement[] } {
  return {
    Lots: [{ sku: 'FG-ASH60', lot, supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: addDays(TODAY, expiryInDays), received: addDays(TODAY, -60), status: 'released', unitCost: null, location, coaRef: '', onHand: q(qty) }],
    Movements: [{ id: `M-${lot}`, date: addDays(TODAY, -60), type: 'PRODUCE', sku: 'FG-ASH60', lot, qty: q(qty), location, ref: 'R-X', unitCost: null, user: 'test', note: '' }],
  };
}

function order(orderId: string, customerId: string, qty: number, dueIn: number, sku = 'FG-ASH60'): Order {
  return { orderId, line: 1, customerId, sku, qty: q(qty), dueDate: addDays(TODAY, dueIn), status: 'open' };
}

const DEMO_LINES = [orderLineKey('SO-3021', 1), orderLineKey('SO-3021', 2), orderLineKey('SO-3022', 1)];

/** The pick list table as the picker reads it: records by header. */
function pickSheet(fake: FakeExcel, id: string) {
  const name = fake.tableNames().find((t) => t.endsWith(id.replace(/-/g, '_')))!;
  return { name, sheet: fake.table(name)!.sheet, rows: rowsOf(fake, name) };
}

describe('open lines', () => {
  it('offers open lines earliest due first, with the customer minimum shelf life or the product default', async () => {
    const { workbook } = await setup({ Orders: [order('SO-4000', 'C-VITAHUB', 10, 1)] });
    const view = await loadPickView(workbook);
    expect(view.lines.map((l) => l.key)).toEqual(['SO-4000#1', 'SO-3021#1', 'SO-3021#2', 'SO-3022#1']);
    const byKey = new Map(view.lines.map((l) => [l.key, l]));
    expect(byKey.get('SO-3021#1')?.minShelfLifeDays).toBe(240); // Greenleaf asks for 240 days
    expect(byKey.get('SO-3022#1')?.minShelfLifeDays).toBe(365); // Morningside: 365
    expect(byKey.get('SO-4000#1')?.minShelfLifeDays).toBe(180); // VitaHub has none: FG-ASH60's 180
    expect(byKey.get('SO-3021#1')?.customerName).toBe('Greenleaf Natural Foods');
  });

  it('filters by order, customer, due date, or due by a date', () => {
    const line = (orderId: string, customerId: string, dueDate: string | null): OpenLine => ({
      key: `${orderId}#1`, orderId, line: 1, customerId, customerName: customerId, sku: 'X', description: '', decimals: 0, dueDate: dueDate as IsoDate | null, qty: q(1), status: 'open', minShelfLifeDays: null,
    });
    const lines = [line('SO-1', 'C-A', '2026-12-01'), line('SO-2', 'C-B', '2026-12-03'), line('SO-3', 'C-A', null)];
    expect(filterLines(lines, { orderId: 'so-2' }).map((l) => l.orderId)).toEqual(['SO-2']);
    expect(filterLines(lines, { customerId: 'C-A' }).map((l) => l.orderId)).toEqual(['SO-1', 'SO-3']);
    expect(filterLines(lines, { dueOn: '2026-12-03' as IsoDate }).map((l) => l.orderId)).toEqual(['SO-2']);
    expect(filterLines(lines, { dueBy: '2026-12-02' as IsoDate }).map((l) => l.orderId)).toEqual(['SO-1']);
    expect(filterLines(lines, {}).length).toBe(3);
  });

  it('takes the customer minimum over the product default, and the default when the customer has none', () => {
    expect(minShelfLife({ minShelfLifeDays: 365 }, { minShipLifeDays: 180 })).toBe(365);
    expect(minShelfLife({ minShelfLifeDays: null }, { minShipLifeDays: 180 })).toBe(180);
    expect(minShelfLife(undefined, { minShipLifeDays: null })).toBeNull();
  });
});

describe('proposePicks', () => {
  it('proposes the released lot and says the on-hold lot is why FG-MAG120 falls short', async () => {
    const { workbook } = await setup();
    const p = await proposePicks(workbook, { shipDate: TODAY, lineKeys: DEMO_LINES });
    if (!p.ok) throw new Error(p.message);
    expect(p.picks.map((x) => [x.lineKey, x.lot, x.qty, x.location, x.expiry])).toEqual([
      ['SO-3021#1', FG_LOT, q(120), 'FG-A1', addDays(TODAY, 700)],
      ['SO-3022#1', FG_LOT, q(60), 'FG-A1', addDays(TODAY, 700)],
    ]);
    expect(p.shortfalls).toEqual([{ lineKey: 'SO-3021#2', orderId: 'SO-3021', line: 2, sku: 'FG-MAG120', decimals: 0, qty: q(24), reasons: [{ code: 'hold', qty: q(96) }, { code: 'not-enough-stock', qty: q(24) }] }]);
  });

  it('spills a line over lots earliest expiry first, skipping a lot too short for the customer', async () => {
    // 200 days left: fine for VitaHub (product default 180), too short for Greenleaf (240).
    const short = ashLot('ASH-SHORT', 200, 30, 'FG-C9');
    const mid = ashLot('ASH-MID', 300, 50, 'FG-B1');
    const { workbook } = await setup({ Lots: [...short.Lots, ...mid.Lots], Movements: [...short.Movements, ...mid.Movements], Orders: [order('SO-4000', 'C-VITAHUB', 40, 1)] });
    const p = await proposePicks(workbook, { shipDate: TODAY, lineKeys: ['SO-4000#1', 'SO-3021#1'] });
    if (!p.ok) throw new Error(p.message);
    const rows = p.picks.map((x) => [x.orderId, x.lot, x.qty]);
    // SO-4000 is due first: ASH-SHORT (30) then ASH-MID (10). Greenleaf cannot take ASH-SHORT: ASH-MID's 40 left,
    // then the demo lot. Within an order the list walks by location (FG-A1, FG-B1, FG-C9), not by expiry.
    expect(rows).toEqual([
      ['SO-4000', 'ASH-MID', q(10)],
      ['SO-4000', 'ASH-SHORT', q(30)],
      ['SO-3021', FG_LOT, q(80)],
      ['SO-3021', 'ASH-MID', q(40)],
    ]);
  });
});

describe('writePickList', () => {
  it('writes a pick list sheet grouped by order, marks the lines picking and keeps the list open in Settings', async () => {
    const { fake, workbook } = await setup();
    const out = await writePickList(workbook, { id: 'PL-20261130-AAAA0001', shipDate: TODAY, lineKeys: DEMO_LINES, user: 'Robin' });
    if (!out.ok) throw new Error(out.message);
    expect(out.sheetName).toBe('Pick 2026-11-30');
    const sheet = pickSheet(fake, 'PL-20261130-AAAA0001');
    expect(sheet.sheet).toBe('Pick 2026-11-30');
    expect(fake.table(sheet.name)!.headers).toEqual(['Order', 'Line', 'Customer', 'SKU', 'Description', 'Lot', 'Expiry', 'Location', 'To Pick', 'Picked']);
    expect(sheet.rows.map((r) => [r.Order, r.Line, r.SKU, r.Lot, r.Location, r['To Pick'], r.Picked])).toEqual([
      ['SO-3021', 1, 'FG-ASH60', FG_LOT, 'FG-A1', 120, ''],
      ['SO-3022', 1, 'FG-ASH60', FG_LOT, 'FG-A1', 60, ''],
    ]);
    expect(serialToIsoDate(sheet.rows[0]!.Expiry as number)).toBe(addDays(TODAY, 700));
    expect(fake.cell('Pick 2026-11-30', 'B2').value).toBe('PL-20261130-AAAA0001');
    expect(statusOf(fake, 'SO-3021', 1)).toBe('picking');
    expect(statusOf(fake, 'SO-3021', 2)).toBe('open'); // nothing could be picked: stays open for later
    expect(statusOf(fake, 'SO-3022', 1)).toBe('picking');
    expect(rowsOf(fake, 'Settings')).toContainEqual({ Key: 'pickList:PL-20261130-AAAA0001', Value: 'open' });
    // Lines on an open list are not offered again.
    expect((await loadPickView(workbook)).lines.map((l) => l.key)).toEqual(['SO-3021#2']);
  });

  it('reserves the stock of an open pick list: a later proposal does not offer it again', async () => {
    const { workbook } = await setup({ Orders: [order('SO-4000', 'C-VITAHUB', 200, 10)] });
    const first = await writePickList(workbook, { id: 'PL-20261130-AAAA0002', shipDate: TODAY, lineKeys: DEMO_LINES, user: 'Robin' });
    expect(first.ok).toBe(true);
    const p = await proposePicks(workbook, { shipDate: TODAY, lineKeys: ['SO-4000#1'] });
    if (!p.ok) throw new Error(p.message);
    expect(p.openLists).toEqual(['PL-20261130-AAAA0002']);
    expect(p.picks.map((x) => [x.lot, x.qty])).toEqual([[FG_LOT, q(160)]]); // 340 on hand - 180 on the open list
    expect(p.shortfalls[0]?.reasons).toEqual([{ code: 'reserved', qty: q(180) }, { code: 'not-enough-stock', qty: q(40) }]);
  });

  // Open pick lists are read in the same round trip as the tables (ReadOptions.ahead): what the picker typed on the
  // sheet before the proposal counts, and a list whose table is gone holds nothing.
  it("counts a picker's change to an open list made just before the proposal, read with the tables", async () => {
    const { fake, workbook } = await setup({ Orders: [order('SO-4000', 'C-VITAHUB', 200, 10)] });
    const first = await writePickList(workbook, { id: 'PL-20261130-AAAA0005', shipDate: TODAY, lineKeys: DEMO_LINES, user: 'Robin' });
    expect(first.ok).toBe(true);
    const list = pickSheet(fake, 'PL-20261130-AAAA0005');
    // The picker lowers the first line's To Pick from 120 to 20 on the sheet.
    fake.user.editTableCell(list.name, 0, 'To Pick', 20);
    fake.resetStats();
    const p = await proposePicks(workbook, { shipDate: TODAY, lineKeys: ['SO-4000#1'] });
    if (!p.ok) throw new Error(p.message);
    expect(p.picks.map((x) => [x.lot, x.qty])).toEqual([[FG_LOT, q(200)]]); // 340 on hand - 80 now on the open list
    expect(fake.stats.syncs).toBe(1);
  });

  it('holds nothing for an open list whose table a person turned into a range, and says which', async () => {
    const { fake, workbook } = await setup({ Orders: [order('SO-4000', 'C-VITAHUB', 200, 10)] });
    const first = await writePickList(workbook, { id: 'PL-20261130-AAAA0006', shipDate: TODAY, lineKeys: DEMO_LINES, user: 'Robin' });
    expect(first.ok).toBe(true);
    fake.user.convertToRange(pickSheet(fake, 'PL-20261130-AAAA0006').name);
    const p = await proposePicks(workbook, { shipDate: TODAY, lineKeys: ['SO-4000#1'] });
    if (!p.ok) throw new Error(p.message);
    expect(p.missingLists).toEqual(['PL-20261130-AAAA0006']);
    expect(p.picks.map((x) => [x.lot, x.qty])).toEqual([[FG_LOT, q(200)]]);
  });

  it('writes once when saved twice, and once after a failed sync and a retry', async () => {
    const { fake, workbook } = await setup();
    const input = { id: 'PL-20261130-AAAA0003', shipDate: TODAY, lineKeys: DEMO_LINES, user: 'Robin' };
    fake.failSync(3, { afterCommands: 2 });
    await expect(writePickList(workbook, input)).rejects.toThrow();
    const again = await writePickList(workbook, input);
    if (!again.ok) throw new Error(again.message);
    const third = await writePickList(workbook, input);
    expect(third.ok).toBe(true);
    expect(fake.sheetNames().filter((s) => s.startsWith('Pick'))).toEqual(['Pick 2026-11-30']);
    expect(rowsOf(fake, 'Settings').filter((r) => String(r.Key).startsWith('pickList:'))).toHaveLength(1);
    expect(pickSheet(fake, input.id).rows).toHaveLength(2);
    expect(statusOf(fake, 'SO-3021', 1)).toBe('picking');
  });

  it('refuses when an order line the user chose has a bad cell, and writes nothing', async () => {
    const { fake, workbook } = await setup();
    fake.user.editTableCell('Orders', 1, 'Qty', 'lots');
    const out = await writePickList(workbook, { id: 'PL-20261130-AAAA0004', shipDate: TODAY, lineKeys: DEMO_LINES, user: 'Robin' });
    expect(out).toMatchObject({ ok: false, code: 'order-row-bad' });
    expect(!out.ok && out.message).toContain('Orders!E3');
    expect(fake.sheetNames().some((s) => s.startsWith('Pick'))).toBe(false);
  });

  it('refuses lines that are no longer open', async () => {
    const { workbook } = await setup();
    const out = await proposePicks(workbook, { shipDate: TODAY, lineKeys: ['SO-3010#1'] });
    expect(out).toMatchObject({ ok: false, code: 'line-not-open' });
  });
});

describe('walkOrder', () => {
  it('keeps orders together in priority order and walks each by location, blank locations last', () => {
    const pick = (orderId: string, location: string, lot: string): ProposedPick => ({ lineKey: `${orderId}#1`, orderId, line: 1, customerId: 'C', sku: 'S', description: '', decimals: 0, lot, expiry: null, location, qty: q(1) });
    const line = (orderId: string) => ({ key: `${orderId}#1`, orderId }) as OpenLine;
    const sorted = walkOrder([pick('B', 'A-02', 'x'), pick('A', '', 'y'), pick('A', 'C-01', 'z'), pick('A', 'A-01', 'w')], [line('A'), line('B')]);
    expect(sorted.map((p) => `${p.orderId}:${p.location || '-'}`)).toEqual(['A:A-01', 'A:C-01', 'A:-', 'B:A-02']);
  });
});
