// CSV imports a new user reaches for in the first hour: a product list (Products pane), and a receiving file with an
// expired lot in it (Lots pane), each previewed row by row before anything is written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rows, openPane, usePlayground } from './harness.mjs';

const TODAY = '2026-11-30';

const PRODUCTS = [
  'Item code,Name,UOM,Decimals,Shelf life,Type,EAN',
  'RM-ZINC,Zinc gluconate,kg,3,1095,raw,',
  'rm-ash,Ashwagandha again,kg,3,730,raw,',
  'FG-ZN30,Zinc 30 mg,ea,0,730,finished,09506000134661',
  'PK-LID,Cap 38 mm,ea,0,,packaging,',
].join('\n');

const RECEIPTS = ['SKU,Lot,Expiry,Qty', 'FG-ASH60,2611-OK-1,2028-10-31,10', 'FG-ASH60,2611-OLD-1,2026-11-01,5'].join('\n');

describe('imports', () => {
  const ctx = usePlayground();

  it('imports products from a CSV file: each broken row says why, the valid rows are written once', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Products', { today: TODAY });
    await pane.getByRole('list', { name: 'Product list' }).getByText('FG-ASH60').waitFor();
    const file = { name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(PRODUCTS) };
    await pane.getByLabel('Products CSV file').setInputFiles(file);
    await pane.getByLabel('Products import preview').getByText('2 products ready to import; 2 rows with problems.').waitFor();
    const problems = pane.getByLabel('Product row problems').getByRole('listitem');
    assert.equal(await problems.count(), 2);
    assert.match(await problems.nth(0).textContent(), /^Row 3 · Item code · "rm-ash": Same SKU as another product\. .*Did you mean RM-ASH\?/);
    assert.match(await problems.nth(1).textContent(), /^Row 4 · EAN · "09506000134661": GTIN check digit is wrong\./);
    await pane.getByRole('button', { name: 'Import 2 products' }).click();
    await pane.getByLabel('Products import result').getByText('2 products added to Products. 2 rows with problems not imported (rows 3, 4).').waitFor();
    await pane.getByRole('list', { name: 'Product list' }).getByText('PK-LID').waitFor();
    assert.deepEqual((await rows(page, 'Products')).map((r) => r.SKU).slice(-2), ['RM-ZINC', 'PK-LID']);

    // Edit one: the SKU stays, the shelf life changes.
    await pane.getByRole('button', { name: 'Edit PK-LID' }).click();
    const edit = pane.getByRole('form', { name: 'Edit PK-LID' });
    assert.equal(await edit.getByLabel('SKU').isDisabled(), true);
    await edit.getByLabel('Min ship life (days)').fill('30');
    await edit.getByLabel('Shelf life (days)').fill('20');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByText('Minimum ship life too long: The minimum ship life (30 days) is longer than the shelf life (20 days)').waitFor();
    assert.equal(await edit.getByLabel('Min ship life (days)').evaluate((el) => el === document.activeElement), true);
    await edit.getByLabel('Shelf life (days)').fill('1825');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await pane.getByText('PK-LID is saved in Products.').waitFor();
    const lid = (await rows(page, 'Products')).find((r) => r.SKU === 'PK-LID');
    assert.equal(lid['Shelf Life Days'], 1825);
    assert.equal(lid['Min Ship Life Days'], 30);
    assert.deepEqual(errors, []);
  });

  it('flags an expired lot in a receiving file and imports it only with a reason, which goes to the Log', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Lots', { today: TODAY });
    const file = { name: 'receipts.csv', mimeType: 'text/csv', buffer: Buffer.from(RECEIPTS) };
    await pane.getByLabel('CSV file').setInputFiles(file);
    const preview = pane.getByLabel('Import preview');
    await preview.getByText(/1 row ready to import .*; 0 rows with problems; 1 expired row left out unless you give a reason\./).waitFor();
    const flagged = pane.getByLabel('Expired row list').getByRole('listitem');
    assert.equal(await flagged.count(), 1);
    assert.match(await flagged.textContent(), /^Row 3 · Expiry · "2026-11-01": Expired lot\. This lot expired on 2026-11-01, 29 days ago\./);

    await pane.getByLabel('Why import them? (kept in the Log for each lot)').fill('Supplier credit pending');
    await preview.getByText(/2 rows ready to import .*1 expired row included, with your reason\./).waitFor();
    await pane.getByRole('button', { name: 'Import 2 valid rows' }).click();
    await pane.getByLabel('Import result').getByText(/2 receipts written to Movements, 2 new lots in quarantine\./).waitFor();
    const log = (await rows(page, 'Log')).filter((r) => r.Action === 'receive-expired');
    assert.equal(log.length, 1);
    assert.equal(log[0].Key, 'FG-ASH60 / 2611-OLD-1');
    assert.match(log[0].Why, /^Supplier credit pending/);
    assert.deepEqual(errors, []);
  });
});
