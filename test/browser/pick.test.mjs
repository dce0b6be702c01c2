// The Pick & ship pane in the playground, used as a warehouse lead would: pick the three open lines of SO-3021 and
// SO-3022 over two FG-ASH60 lots (FG-MAG120's lot is on hold, so its line falls short), write the pick list, let the
// picker write a smaller quantity into the sheet, confirm shipping, and find the shipments, the SHIP movements, the
// lower on hand and the order statuses in the workbook. Then mark expiring lots in Lots and write the expiry sheet.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, rows, usePlayground } from './harness.mjs';

const TODAY = '2026-11-30';
const FG_LOT = '2611-ASH60-001';


describe('pick & ship pane', () => {
  const ctx = usePlayground();

  it('writes a FEFO pick list over two lots, confirms what was picked, and the workbook shows the shipment', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?today=${TODAY}`);
    // A second FG-ASH60 lot, expiring earlier than the demo's (400 days left: enough for both customers), produced
    // and released before this test: written through the workbook port as the Produce pane would.
    await page.evaluate(async () => {
      const { workbook } = window.lotbookPlayground;
      await workbook.transact((tx) =>
        tx.write({
          append: {
            Lots: [{ sku: 'FG-ASH60', lot: 'ASH-EARLY', supplier: '', supplierLot: '', origin: '', manufactured: '2026-10-01', expiry: '2028-01-04', received: '2026-10-01', status: 'released', unitCost: 41000, location: 'FG-A0', coaRef: '', onHand: 100000 }],
            Movements: [{ id: 'M-EARLY', date: '2026-10-01', type: 'PRODUCE', sku: 'FG-ASH60', lot: 'ASH-EARLY', qty: 100000, location: 'FG-A0', ref: 'R-0000', unitCost: null, user: 'demo', note: '' }],
          },
        }),
      );
    });
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByRole('tab', { name: 'Pick & ship' }).click();

    const lines = pane.getByRole('list', { name: 'Open order lines' });
    await lines.getByText('SO-3021 line 1: 120 FG-ASH60 for Greenleaf Natural Foods, due 2026-12-03').waitFor();
    await pane.getByRole('button', { name: 'Choose all shown' }).click();
    await pane.getByRole('button', { name: 'Propose picks' }).click();

    const proposal = pane.getByLabel('Proposal');
    await proposal.getByText('FG-A0 · 100 FG-ASH60').waitFor();
    await proposal.getByText('Lot ASH-EARLY · expires 2028-01-04').waitFor();
    await proposal.getByText('FG-A1 · 20 FG-ASH60').waitFor();
    await proposal.getByText('FG-A1 · 60 FG-ASH60').waitFor();
    await proposal.getByText('SO-3021 line 2 · FG-MAG120').waitFor();
    await proposal.getByText('Short by 24. Stock that cannot be used: 96 on hold.').waitFor();

    await proposal.getByRole('button', { name: 'Write pick list' }).click();
    await pane.getByText('Pick list written').waitFor();

    // The sheet: grouped by order, walked by location, with a blank Picked column.
    const list = await page.evaluate(() => {
      const { fake } = window.lotbookPlayground;
      const name = fake.tableNames().find((t) => t.startsWith('PickList_'));
      const t = fake.table(name);
      return { sheet: t.sheet, address: t.address, headers: t.headers, rows: t.rows };
    });
    assert.equal(list.sheet, `Pick ${TODAY}`);
    assert.deepEqual(list.headers, ['Order', 'Line', 'Customer', 'SKU', 'Description', 'Lot', 'Expiry', 'Location', 'To Pick', 'Picked']);
    assert.deepEqual(list.rows.map((r) => [r[0], r[1], r[5], r[7], r[8], r[9]]), [
      ['SO-3021', 1, 'ASH-EARLY', 'FG-A0', 100, ''],
      ['SO-3021', 1, FG_LOT, 'FG-A1', 20, ''],
      ['SO-3022', 1, FG_LOT, 'FG-A1', 60, ''],
    ]);
    const statuses = async () => Object.fromEntries((await rows(page, 'Orders')).map((r) => [`${r.Order}#${r.Line}`, r.Status]));
    assert.deepEqual(await statuses(), { 'SO-3010#1': 'shipped', 'SO-3021#1': 'picking', 'SO-3021#2': 'open', 'SO-3022#1': 'picking' });

    // The picker found only 50 for SO-3022 and wrote it on the list, in Excel.
    const lastRow = Number(/(\d+)$/.exec(list.address)[1]);
    await page.evaluate(({ sheet, cell }) => window.lotbookPlayground.fake.user.setValues(sheet, cell, [[50]]), { sheet: list.sheet, cell: `J${lastRow}` });

    await pane.getByRole('button', { name: 'Load pick list' }).click();
    const confirm = pane.getByLabel('Confirm shipping');
    await confirm.getByText(`From sheet "Pick ${TODAY}"`, { exact: false }).waitFor();
    assert.equal(await confirm.getByLabel('Row 3').getByLabel('Picked').inputValue(), '50');
    // Two customers, two parcels: each its own carrier and tracking number.
    const greenleaf = confirm.getByRole('group', { name: 'Parcel to Greenleaf Natural Foods' });
    const morningside = confirm.getByRole('group', { name: 'Parcel to Morningside Pharmacy' });
    await greenleaf.getByLabel('Carrier').fill('UPS');
    await greenleaf.getByLabel('Tracking').fill('1Z999AA10123456784');
    await morningside.getByLabel('Carrier').fill('FedEx');
    await morningside.getByLabel('Tracking').fill('7946 1234 5678');

    // A quantity that cannot be read is marked in its row; correcting it takes the message away.
    const row3 = confirm.getByLabel('Row 3');
    await row3.getByLabel('Picked').fill('5O');
    await confirm.getByRole('button', { name: 'Confirm shipment' }).click();
    await row3.getByText('Quantity cannot be read: Write the picked quantity of SO-3022 line 1 as a number', { exact: false }).waitFor();
    assert.equal(await row3.getByLabel('Picked').getAttribute('aria-invalid'), 'true');
    await row3.getByLabel('Picked').fill('50');
    assert.equal(await row3.getByText('Quantity cannot be read', { exact: false }).count(), 0);
    await confirm.getByRole('button', { name: 'Confirm shipment' }).click();
    await pane.getByText('Shipment confirmed').waitFor();
    await pane.getByText('SO-3022 line 1: partly shipped', { exact: false }).waitFor();

    const shipments = (await rows(page, 'Shipments')).filter((r) => !['S-0001', 'S-0002'].includes(r['Shipment ID']));
    assert.deepEqual(shipments.map((r) => [r.Order, r.Line, r['Customer ID'], r.SKU, r.Lot, r.Qty, r['Ship Date'] > 0, r.Carrier, r.Tracking]), [
      ['SO-3021', 1, 'C-GREENLEAF', 'FG-ASH60', 'ASH-EARLY', 100, true, 'UPS', '1Z999AA10123456784'],
      ['SO-3021', 1, 'C-GREENLEAF', 'FG-ASH60', FG_LOT, 20, true, 'UPS', '1Z999AA10123456784'],
      ['SO-3022', 1, 'C-MORNINGSIDE', 'FG-ASH60', FG_LOT, 50, true, 'FedEx', '7946 1234 5678'],
    ]);
    const ships = (await rows(page, 'Movements')).filter((r) => r.Type === 'SHIP' && !['M-0009', 'M-0010'].includes(r['Movement ID']));
    assert.deepEqual(ships.map((r) => [r.Lot, r.Qty, r.Reference]), shipments.map((s) => [s.Lot, -s.Qty, s['Shipment ID']]));
    const onHand = Object.fromEntries((await rows(page, 'Lots')).map((r) => [r.Lot, r['On Hand']]));
    assert.equal(onHand['ASH-EARLY'], 0);
    assert.equal(onHand[FG_LOT], 340 - 70);
    assert.deepEqual(await statuses(), { 'SO-3010#1': 'shipped', 'SO-3021#1': 'shipped', 'SO-3021#2': 'open', 'SO-3022#1': 'partial' });

    // The list is closed: it holds no stock any more and is not offered for confirming again.
    assert.equal((await rows(page, 'Settings')).find((r) => String(r.Key).startsWith('pickList:')).Value, 'shipped');
    await pane.getByText('No open pick lists.').waitFor();
    assert.deepEqual(errors, []);
  });

  it('shows expiring lots, marks them in Lots and writes the expiry sheet with its chart', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?today=${TODAY}`);
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByRole('tab', { name: 'Pick & ship' }).click();
    const expiring = pane.getByRole('list', { name: 'Expiring lots list' });
    await expiring.getByText('RM-MGC / MGC-0311').waitFor();
    await expiring.getByText('Expired 5 days ago (2026-11-25)').waitFor();
    await expiring.getByText('FG-MAG120 / MAG-2311').waitFor();
    await expiring.getByText('Expires in 60 days (2027-01-29)').waitFor();

    await pane.getByRole('button', { name: 'Mark in Lots' }).click();
    await pane.getByText('Lots marked').waitFor();
    const rules = await page.evaluate(() => window.lotbookPlayground.fake.conditionalFormats('Lots').map((r) => r.formula));
    assert.deepEqual(rules, ['=AND($G2<>"",N($M2)>0,$G2<TODAY())', '=AND($G2<>"",N($M2)>0,$G2>=TODAY(),$G2<=TODAY()+90)']);

    await pane.getByRole('button', { name: 'Write sheet' }).click();
    await pane.getByText(`Expiring lots are on sheet "Expiring ${TODAY}", with a chart of on-hand quantity by expiry month.`).waitFor();
    const charts = await page.evaluate((sheet) => window.lotbookPlayground.fake.charts(sheet), `Expiring ${TODAY}`);
    assert.equal(charts.length, 1);
    assert.equal(charts[0].title, 'On hand by expiry month');
    assert.deepEqual(errors, []);
  });
});
