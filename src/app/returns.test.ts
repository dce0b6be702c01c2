/**
 * Customer returns against the real Excel adapter over the Office.js fake, seeded with the demo workbook.
 */
import { demoWorkbook } from '../demo/demo-data';
import { allocateFefo } from '../domain/fefo';
import { refreshOnHand } from '../domain/ledger';
import { traceRecall } from '../domain/recall';
import type { IsoDate, IsoDateTime, Qty } from '../domain/types';
// The use case runs on the real adapter over the fake on purpose (notes/panes.md).
import { createExcelWorkbook } from '../excel/excel-workbook';
import { FakeExcel } from '../office-fake/fake-excel';
import { loadReturnable, receiveReturn, type ReturnInput } from './returns';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;
const FG_LOT = '2611-ASH60-001'; // released, 340 on hand; S-0002 shipped 50 of it to C-VITAHUB
const q = (n: number) => (n * 1000) as Qty;

async function setup() {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((b) => fake.run(b));
  await workbook.setUp();
  await workbook.transact((tx) => tx.write({ append: demoWorkbook(TODAY, NOW) }));
  return { fake, workbook };
}

function rowsOf(fake: FakeExcel, table: string): Record<string, unknown>[] {
  const t = fake.table(table)!;
  return t.rows.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
}

let n = 0;
function input(over: Partial<ReturnInput> = {}): ReturnInput {
  n += 1;
  return { shipmentId: 'S-0002', line: 1, qty: '6', reason: 'Damaged in transit', location: '', user: 'Ana', today: TODAY, now: NOW, ids: { movement: `M-R${n}`, log: `L-R${n}`, statusLog: `L-RS${n}` }, ...over };
}

describe('customer returns', () => {
  it('books a RETURN into the shipped lot with the shipment as reference, and puts the lot on hold', async () => {
    const { fake, workbook } = await setup();
    expect((await loadReturnable(workbook, { sku: 'FG-ASH60', lot: FG_LOT })).map((s) => [s.shipmentId, s.customerName, s.returnable])).toEqual([['S-0002', 'VitaHub Online', q(50)]]);
    const i = input();
    const r = await receiveReturn(workbook, i);
    expect(r).toMatchObject({ ok: true, from: 'released', to: 'hold', alreadySaved: false });
    expect(await receiveReturn(workbook, i)).toMatchObject({ ok: true, alreadySaved: true }); // saved twice: written once

    const movements = rowsOf(fake, 'Movements').filter((m) => m.Type === 'RETURN');
    expect(movements.map((m) => [m['Movement ID'], m.SKU, m.Lot, m.Qty, m.Reference, m.Location, m.Note])).toEqual([[i.ids.movement, 'FG-ASH60', FG_LOT, 6, 'S-0002', 'FG-A1', 'Damaged in transit']]);
    const lot = rowsOf(fake, 'Lots').find((l) => l.Lot === FG_LOT)!;
    expect([lot.Status, lot['On Hand']]).toEqual(['hold', 346]);
    const log = rowsOf(fake, 'Log');
    expect(log.filter((l) => l.Action === 'customer-return').map((l) => l.Why)).toEqual(['Damaged in transit']);
    expect(log.filter((l) => l.Action === 'status-change' && l.Key === `FG-ASH60 / ${FG_LOT}`).map((l) => [l.From, l.To])).toEqual([['released', 'hold']]);
    expect((await loadReturnable(workbook, { sku: 'FG-ASH60', lot: FG_LOT }))[0]!.returnable).toBe(q(44));
  });

  it('never returns more than was shipped, and asks why', async () => {
    const { workbook } = await setup();
    expect(await receiveReturn(workbook, input({ qty: '51' }))).toMatchObject({ ok: false, code: 'too-much', field: 'qty' });
    expect(await receiveReturn(workbook, input({ qty: '2.5' }))).toMatchObject({ ok: false, code: 'bad-quantity', field: 'qty' });
    expect(await receiveReturn(workbook, input({ reason: ' ' }))).toMatchObject({ ok: false, code: 'reason-required', field: 'reason' });
    expect(await receiveReturn(workbook, input({ shipmentId: 'S-9999' }))).toMatchObject({ ok: false, code: 'shipment-not-found' });
    expect(await receiveReturn(workbook, input({ qty: '30' }))).toMatchObject({ ok: true });
    expect(await receiveReturn(workbook, input({ qty: '30' }))).toMatchObject({ ok: false, code: 'too-much' });
  });

  it('keeps a recalled lot recalled: the returned stock is counted in the recall balance and never picked', async () => {
    const { fake, workbook } = await setup();
    const lots = rowsOf(fake, 'Lots');
    fake.user.editTableCell('Lots', lots.findIndex((l) => l.Lot === FG_LOT), 'Status', 'recalled');
    const r = await receiveReturn(workbook, input({ qty: '50', reason: 'Recall: customer sent back all' }));
    expect(r).toMatchObject({ ok: true, from: 'recalled', to: 'recalled' });
    expect(rowsOf(fake, 'Lots').find((l) => l.Lot === FG_LOT)?.Status).toBe('recalled');
    expect(rowsOf(fake, 'Log').filter((l) => l.Action === 'status-change')).toEqual([]);

    const t = await workbook.transact((tx) => tx.read(['Lots', 'Movements', 'Shipments']));
    const trace = traceRecall({ movements: t.Movements.rows, shipments: t.Shipments.rows }, [{ sku: 'FG-ASH60', lot: FG_LOT }], 'forward');
    expect(trace.massBalance[0]).toMatchObject({ returned: q(50), onHand: q(390), unaccounted: 0 });
    const fefo = allocateFefo({ shipDate: TODAY, lines: [{ id: 'x', sku: 'FG-ASH60', qty: q(10) }], lots: refreshOnHand(t.Lots.rows, t.Movements.rows) });
    expect(fefo.picks).toEqual([]);
    expect(fefo.shortfalls[0]!.reasons).toContainEqual({ code: 'recalled', qty: q(390) });
  });
});
