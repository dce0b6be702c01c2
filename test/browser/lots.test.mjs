// The Lots pane in the playground, used as a QA lead would: release the quarantined lot ASH-2409-B with a reason
// and a COA reference, print its label, and import receipts from a CSV file with one broken row, twice.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rows, openPane, usePlayground } from './harness.mjs';

const TODAY = '2026-11-30';


async function openLots(browser, url) {
  const { page, errors, pane } = await openPane(browser, url, 'Lots', { today: TODAY });
  return { page, errors, pane };
}

const CSV = [
  'SKU,Batch,Expiry Date,Qty,Vendor,PO Number,Notes',
  'FG-ASH60,2611-ASH60-951,2028-10-31,240,Contract Caps Co,PO-2201,=1+1',
  'FG-ASH60,2611-ASH60-952,2028-10-31,abc,Contract Caps Co,PO-2201,',
  'RM-ASH,ASH-2411-Z,2028-06-30,12.5,Sattva Herbs,PO-2202,drum 1 of 1',
].join('\n');

describe('lots pane', () => {
  const ctx = usePlayground();

  it('releases a quarantined lot with a reason and a COA reference; the Lots row and the Log show it', async () => {
    const { page, errors, pane } = await openLots(ctx.browser, ctx.server.url);
    const lot = pane.getByRole('listitem', { name: 'RM-ASH ASH-2409-B' });
    await lot.getByLabel('Lot status').getByText('Quarantine').waitFor();
    assert.match(await lot.getByLabel('On hand').textContent(), /^20\.000 kg/);

    await lot.getByRole('button', { name: 'Release', exact: true }).click();
    const form = lot.getByRole('group', { name: 'Release ASH-2409-B' });
    await form.getByLabel('Reason').fill('Assay 2.6% withanolides, micro within spec');
    await form.getByLabel('COA reference').fill('COA-80144');
    await form.getByRole('button', { name: 'Release lot' }).click();
    await pane.getByLabel('Decision result').getByText('went from quarantine to released').waitFor();

    const lotRow = (await rows(page, 'Lots')).find((r) => r.Lot === 'ASH-2409-B');
    assert.equal(lotRow.Status, 'released');
    assert.equal(lotRow['COA Ref'], 'COA-80144');
    const log = (await rows(page, 'Log')).filter((r) => r.Key === 'RM-ASH / ASH-2409-B');
    assert.equal(log.length, 1);
    assert.equal(log[0].User, 'playground user');
    assert.equal(log[0].From, 'quarantine');
    assert.equal(log[0].To, 'released');
    assert.equal(log[0].Why, 'Assay 2.6% withanolides, micro within spec (COA COA-80144)');
    assert.equal(typeof log[0].When, 'number'); // a real Excel date-time

    // Released, it leaves the quarantine list; under "All lots" it is there with its label.
    await pane.getByLabel('Status', { exact: true }).selectOption('all');
    const released = pane.getByRole('listitem', { name: 'RM-ASH ASH-2409-B' });
    await released.getByLabel('Lot status').getByText('Released').waitFor();
    await released.getByRole('button', { name: 'Print label' }).click();
    const hri = await released.getByTestId('label-hri').textContent();
    assert.match(hri, /^\(01\)0950600013411\d\(10\)ASH-2409-B\(17\)\d{6}\(30\)20$/);
    await released.getByRole('button', { name: 'Print 1 label' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('imports a CSV: shows the broken row, writes the valid rows, and a second import writes nothing', async () => {
    const { page, errors, pane } = await openLots(ctx.browser, ctx.server.url);
    const movementsBefore = (await rows(page, 'Movements')).length;
    const file = { name: 'receipts.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) };

    await pane.getByLabel('CSV file').setInputFiles(file);
    await pane.getByLabel('Import preview').getByText(/2 rows ready to import/).waitFor();
    const problem = pane.getByLabel('Row problems').getByRole('listitem');
    assert.equal(await problem.count(), 1);
    assert.match(await problem.textContent(), /^Row 3 · Qty · "abc": Quantity cannot be read\./);
    await pane.getByRole('button', { name: 'Import 2 valid rows' }).click();
    await pane.getByLabel('Import result').getByText(/2 receipts written to Movements, 2 new lots in quarantine\. 1 row with problems was not imported \(row 3\)\./).waitFor();

    const movements = await rows(page, 'Movements');
    assert.equal(movements.length, movementsBefore + 2);
    const fg = movements.find((r) => r.Lot === '2611-ASH60-951');
    assert.equal(fg.Type, 'RECEIVE');
    assert.equal(fg.Qty, 240);
    assert.equal(fg.Note, '=1+1'); // text, not a formula
    assert.equal(movements.find((r) => r.Lot === 'ASH-2411-Z').Qty, 12.5);
    assert.ok(!movements.some((r) => r.Lot === '2611-ASH60-952'));
    const newLots = (await rows(page, 'Lots')).filter((r) => r.Lot === '2611-ASH60-951' || r.Lot === 'ASH-2411-Z');
    assert.deepEqual(newLots.map((r) => r.Status), ['quarantine', 'quarantine']);
    // The new quarantined lots are in the QA lead's list.
    await pane.getByRole('listitem', { name: 'FG-ASH60 2611-ASH60-951' }).waitFor();

    // The same file again: nothing to write, and nothing written.
    await pane.getByLabel('CSV file').setInputFiles(file);
    await pane.getByLabel('Import preview').getByText(/0 receipts to write, 2 already in the workbook/).waitFor();
    await pane.getByRole('button', { name: 'Import 2 valid rows' }).click();
    await pane.getByLabel('Import result').getByText(/0 receipts written to Movements, 0 new lots in quarantine\. 2 rows were already in the workbook/).waitFor();
    assert.equal((await rows(page, 'Movements')).length, movementsBefore + 2);
    assert.equal((await rows(page, 'Lots')).filter((r) => r.Lot === '2611-ASH60-951').length, 1);
    assert.deepEqual(errors, []);
  });
});
