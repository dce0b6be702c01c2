/**
 * Confirming a pick list against the real Excel adapter over the Office.js fake: what lands in Shipments,
 * Movements, Orders, Lots, Log and Settings, what the picker's Picked column does, and what is refused.
 */
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { addDays } from '../domain/dates';
import type { AppendRows } from './ports';
import type { IsoDate, IsoDateTime, Lot, Movement, Qty } from '../domain/types';
// The use case runs on the real adapter over the fake on purpose (notes/panes.md).
import type { FakeExcel } from '../office-fake/fake-excel';
import { loadPickView, orderLineKey, writePickList } from './pick';
import { confirmShipment, ineligibility, loadPickList, parcelsOf, type ConfirmedRow } from './ship';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;
const FG_LOT = '2611-ASH60-001';
const PL = 'PL-20261130-SHIP0001';
const q = (n: number) => (n * 1000) as Qty;

function ashLot(lot: string, expiryInDays: number, qty: number, status: Lot['status'] = 'released'): { Lots: Lot[]; Movements: Movement[] } {
  return {
    Lots: [{ sku: 'FG-ASH60', lot, supplier: '', supplierLot: '', origin: '', manufactured: null, expiry: addDays(TODAY, expiryInDays), received: addDays(TODAY, -60), status, unitCost: null, location: 'FG-Z9', coaRef: '', onHand: q(qty) }],
    Movements: [{ id: `M-${lot}`, date: addDays(TODAY, -60), type: 'PRODUCE', sku: 'FG-ASH60', lot, qty: q(qty), location: 'FG-Z9', ref: 'R-X', unitCost: null, user: 'test', note: '' }],
  };
}

/**
 * The demo workbook with a pick list for SO-3021 and SO-3022 written (FG-ASH60 120 + 60 from the demo lot); `extra`
 * rows arrive after the list was written, as lots found on the shelf during picking.
 */
async function setup(extra: AppendRows = {}) {
  const { fake, workbook } = await demoFake(TODAY, NOW);
  const written = await writePickList(workbook, { id: PL, shipDate: TODAY, lineKeys: [orderLineKey('SO-3021', 1), orderLineKey('SO-3021', 2), orderLineKey('SO-3022', 1)], user: 'Robin' });
  if (!written.ok) throw new Error(written.message);
  if (Object.keys(extra).length) await workbook.transact((tx) => tx.write({ append: extra }));
  return { fake, workbook, sheet: written.sheetName };
}


const statusOf = (fake: FakeExcel, order: string, line: number) => rowsOf(fake, 'Orders').find((r) => r.Order === order && r.Line === line)?.Status;
const onHandOf = (fake: FakeExcel, lot: string) => rowsOf(fake, 'Lots').find((r) => r.Lot === lot)?.['On Hand'];

const asPicked: ConfirmedRow[] = [
  { index: 0, lot: FG_LOT, qty: q(120) },
  { index: 1, lot: FG_LOT, qty: q(60) },
];

const input = (rows: readonly ConfirmedRow[], extra: object = {}) => ({ pickListId: PL, shipDate: TODAY, user: 'Robin', now: `${TODAY}T15:00:00` as IsoDateTime, rows, carrier: 'UPS', tracking: '1Z999', ...extra });

describe('loadPickList', () => {
  it('reads the list back from its sheet, with what the picker wrote in Picked', async () => {
    const { fake, workbook, sheet } = await setup();
    // The picker writes 100 next to the first row (the table starts at row 8: 6 header lines, a blank row).
    const header = fake.table(fake.tableNames().find((t) => t.startsWith('PickList_'))!)!.address;
    expect(header).toBe(`'${sheet}'!A8:J10`);
    fake.user.setValues(sheet, 'J9', [[100]]);
    const loaded = await loadPickList(workbook, PL);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.state).toBe('open');
    expect(loaded.list.rows.map((r) => [r.orderId, r.line, r.lot, r.toPick, r.picked])).toEqual([
      ['SO-3021', 1, FG_LOT, q(120), q(100)],
      ['SO-3022', 1, FG_LOT, q(60), null],
    ]);
    expect(loaded.lotsBySku.get('FG-ASH60')?.map((l) => l.lot)).toEqual([FG_LOT]);
  });

  it('says when the pick list sheet is gone', async () => {
    const { workbook } = await setup();
    expect(await loadPickList(workbook, 'PL-20261130-NOPE0000')).toMatchObject({ ok: false, code: 'pick-list-missing' });
  });
});

describe('confirmShipment', () => {
  it('writes Shipments and SHIP movements, marks the lines shipped, lowers on hand and closes the list', async () => {
    const { fake, workbook } = await setup();
    const out = await confirmShipment(workbook, input(asPicked));
    if (!out.ok) throw new Error(out.message);
    expect(out.written).toEqual({ shipments: 2, movements: 2 });
    const shipments = rowsOf(fake, 'Shipments').filter((r) => String(r['Shipment ID']).startsWith('S-20261130-SHIP0001'));
    expect(shipments.map((r) => [r['Shipment ID'], r.Line, r.Order, r['Customer ID'], r.SKU, r.Lot, r.Qty, r.Carrier, r.Tracking])).toEqual([
      ['S-20261130-SHIP0001-01', 1, 'SO-3021', 'C-GREENLEAF', 'FG-ASH60', FG_LOT, 120, 'UPS', '1Z999'],
      ['S-20261130-SHIP0001-02', 1, 'SO-3022', 'C-MORNINGSIDE', 'FG-ASH60', FG_LOT, 60, 'UPS', '1Z999'],
    ]);
    const ships = rowsOf(fake, 'Movements').filter((r) => r.Type === 'SHIP' && String(r.Reference).startsWith('S-20261130-SHIP0001'));
    expect(ships.map((r) => [r['Movement ID'], r.Lot, r.Qty, r.Location, r.Reference])).toEqual([
      ['M-20261130-SHIP0001-01', FG_LOT, -120, 'FG-A1', 'S-20261130-SHIP0001-01'],
      ['M-20261130-SHIP0001-02', FG_LOT, -60, 'FG-A1', 'S-20261130-SHIP0001-02'],
    ]);
    expect(statusOf(fake, 'SO-3021', 1)).toBe('shipped');
    expect(statusOf(fake, 'SO-3022', 1)).toBe('shipped');
    expect(statusOf(fake, 'SO-3021', 2)).toBe('open'); // short (on hold): never picked, still open
    expect(onHandOf(fake, FG_LOT)).toBe(160); // 340 - 180
    expect(rowsOf(fake, 'Settings')).toContainEqual({ Key: `pickList:${PL}`, Value: 'shipped' });
    expect(rowsOf(fake, 'Log').filter((r) => r.Action === 'ship-override')).toEqual([]);
  });

  it('gives each customer on the list its own parcel: carrier and tracking per customer', async () => {
    const { fake, workbook } = await setup();
    const loaded = await loadPickList(workbook, PL);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(parcelsOf(loaded.list)).toEqual([
      { customerId: 'C-GREENLEAF', rows: [0] },
      { customerId: 'C-MORNINGSIDE', rows: [1] },
    ]);
    const parcels = { 'C-GREENLEAF': { carrier: 'UPS', tracking: '1Z999AA1' }, 'C-MORNINGSIDE': { carrier: 'FedEx', tracking: ' 7946 ' } };
    const out = await confirmShipment(workbook, input(asPicked, { carrier: undefined, tracking: undefined, parcels }));
    if (!out.ok) throw new Error(out.message);
    const shipments = rowsOf(fake, 'Shipments').filter((r) => String(r['Shipment ID']).startsWith('S-20261130-SHIP0001'));
    expect(shipments.map((r) => [r['Customer ID'], r.Carrier, r.Tracking])).toEqual([
      ['C-GREENLEAF', 'UPS', '1Z999AA1'],
      ['C-MORNINGSIDE', 'FedEx', '7946'],
    ]);
  });

  it('marks a line partly shipped when less was picked, and offers the rest again', async () => {
    const { fake, workbook } = await setup();
    const out = await confirmShipment(workbook, input([{ index: 0, lot: FG_LOT, qty: q(100) }, { index: 1, lot: FG_LOT, qty: q(60) }]));
    expect(out.ok).toBe(true);
    expect(statusOf(fake, 'SO-3021', 1)).toBe('partial');
    const view = await loadPickView(workbook);
    expect(view.lines.find((l) => l.key === 'SO-3021#1')?.qty).toBe(q(20));
  });

  it('writes once when confirmed twice, and once after a failed sync and a retry', async () => {
    const { fake, workbook } = await setup();
    // The last sync: the shipment's rows and the order and lot updates.
    fake.failSync(2, { afterCommands: 1 });
    await expect(confirmShipment(workbook, input(asPicked))).rejects.toThrow();
    const retry = await confirmShipment(workbook, input(asPicked));
    expect(retry.ok).toBe(true);
    const again = await confirmShipment(workbook, input(asPicked));
    if (!again.ok) throw new Error(again.message);
    expect(again.written).toEqual({ shipments: 0, movements: 0 });
    expect(rowsOf(fake, 'Shipments').filter((r) => String(r['Shipment ID']).startsWith('S-20261130-SHIP0001'))).toHaveLength(2);
    expect(rowsOf(fake, 'Movements').filter((r) => String(r['Movement ID']).startsWith('M-20261130-SHIP0001'))).toHaveLength(2);
    expect(onHandOf(fake, FG_LOT)).toBe(160);
    expect(statusOf(fake, 'SO-3021', 1)).toBe('shipped');
  });

  it('accepts a different lot when it is eligible for the customer', async () => {
    const { fake, workbook } = await setup(ashLot('ASH-OTHER', 400, 50));
    const out = await confirmShipment(workbook, input([{ index: 0, lot: FG_LOT, qty: q(120) }, { index: 1, lot: 'ASH-OTHER', qty: q(50) }]));
    if (!out.ok) throw new Error(out.message);
    expect(rowsOf(fake, 'Shipments').find((r) => r['Shipment ID'] === 'S-20261130-SHIP0001-02')?.Lot).toBe('ASH-OTHER');
    expect(statusOf(fake, 'SO-3022', 1)).toBe('partial');
    expect(onHandOf(fake, 'ASH-OTHER')).toBe(0);
    expect(rowsOf(fake, 'Log').filter((r) => r.Action === 'ship-override')).toEqual([]);
  });

  it('refuses a lot that is not eligible unless a reason is given, and logs the override', async () => {
    // 300 days left: Morningside needs 365.
    const { fake, workbook } = await setup(ashLot('ASH-SHORT', 300, 80));
    const rows = [{ index: 0, lot: FG_LOT, qty: q(120) }, { index: 1, lot: 'ASH-SHORT', qty: q(60) }];
    const refused = await confirmShipment(workbook, input(rows));
    expect(refused).toMatchObject({ ok: false, code: 'lot-not-eligible', row: 1 });
    expect(!refused.ok && refused.message).toContain('300 days of shelf life left and the customer needs 365');
    expect(rowsOf(fake, 'Shipments')).toHaveLength(2); // the demo's two, nothing new

    const out = await confirmShipment(workbook, input([rows[0]!, { ...rows[1]!, overrideReason: 'Customer agreed by phone' }]));
    if (!out.ok) throw new Error(out.message);
    expect(rowsOf(fake, 'Log').filter((r) => r.Action === 'ship-override').map((r) => [r.Key, r.From, r.To, r.Why, r.User])).toEqual([
      ['S-20261130-SHIP0001-02 / 1', `FG-ASH60 / ${FG_LOT}`, 'FG-ASH60 / ASH-SHORT', 'Customer agreed by phone (it has 300 days of shelf life left and the customer needs 365)', 'Robin'],
    ]);
  });

  it('refuses more than the order asks for, more than the lot holds, a lot of another SKU, and quantities with too many decimals', async () => {
    const { fake, workbook } = await setup(ashLot('ASH-TINY', 500, 5));
    expect(await confirmShipment(workbook, input([{ index: 0, lot: FG_LOT, qty: q(121) }]))).toMatchObject({ ok: false, code: 'more-than-ordered' });
    expect(await confirmShipment(workbook, input([{ index: 1, lot: 'ASH-TINY', qty: q(10) }]))).toMatchObject({ ok: false, code: 'not-enough-stock' });
    expect(await confirmShipment(workbook, input([{ index: 1, lot: 'MAG-2311', qty: q(10) }]))).toMatchObject({ ok: false, code: 'wrong-sku' });
    expect(await confirmShipment(workbook, input([{ index: 1, lot: FG_LOT, qty: 10500 as Qty }]))).toMatchObject({ ok: false, code: 'bad-quantity' });
    expect(await confirmShipment(workbook, input([{ index: 7, lot: FG_LOT, qty: q(1) }]))).toMatchObject({ ok: false, code: 'row-not-on-list' });
    expect(rowsOf(fake, 'Shipments')).toHaveLength(2);
  });

  it('refuses when the lot rows have a bad cell', async () => {
    const { fake, workbook } = await setup();
    fake.user.editTableCell('Movements', 5, 'Qty', 'many'); // M-0006, the PRODUCE of the demo lot
    expect(await confirmShipment(workbook, input(asPicked))).toMatchObject({ ok: false, code: 'stock-rows-bad' });
  });
});

describe('ineligibility', () => {
  const lot = ashLot('X', 100, 1).Lots[0]!;
  it('says why a lot cannot ship', () => {
    expect(ineligibility(lot, TODAY, null)).toBeNull();
    expect(ineligibility({ ...lot, status: 'hold' }, TODAY, null)).toBe('it is hold');
    expect(ineligibility(lot, addDays(TODAY, 101), null)).toBe(`it expired on ${addDays(TODAY, 100)}`);
    expect(ineligibility(lot, addDays(TODAY, 100), null)).toBeNull(); // it may still ship on its expiry day
    expect(ineligibility(lot, TODAY, 120)).toBe('it has 100 days of shelf life left and the customer needs 120');
  });
});
