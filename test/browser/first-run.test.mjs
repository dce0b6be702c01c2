// The first hour of someone who has never seen Lotbook (issue 16), in a 320 px task pane: from an empty workbook,
// set up, add a product, receive a lot, each step offered when it is next, and trace it into a recall report. Screenshots of each step go to
// test-results/screens/ for a person to look at.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, rows, usePlayground } from './harness.mjs';
import { paneScreenshot } from './screens.mjs';

/** A GTIN-13 from its first 12 digits: the GS1 mod-10 check digit appended. */
export function gtin13(first12) {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[11 - i]) * (i % 2 === 0 ? 3 : 1);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

const VITC = gtin13('095060001346');
const ZINC = gtin13('095060001347');

const shot = paneScreenshot;

describe('first run', () => {
  const ctx = usePlayground();

  it('goes from an empty workbook to a recall report: set up, add a product, receive, trace, write the report', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?workbook=empty&today=2026-11-30&paneWidth=320`, { viewport: { width: 1100, height: 1000 } });
    const pane = page.getByLabel('Lotbook task pane');

    // Step 1 is offered first; the later steps wait their turn.
    const steps = pane.getByRole('list', { name: 'Getting started' });
    await steps.getByText('Press Set up workbook above.').waitFor();
    assert.equal(await steps.getByRole('button').count(), 0);
    await shot(page, 'first-run-1-empty');
    await pane.getByRole('button', { name: 'Set up workbook' }).click();
    await pane.getByText('Workbook set up').waitFor();

    // Step 2: a product. The workbook has none, so a scan could only end at "unknown GTIN".
    await steps.getByRole('button', { name: 'Add a product' }).click();
    await pane.getByText('No products yet.').waitFor();
    await pane.getByRole('button', { name: 'Add product' }).click();
    const form = pane.getByRole('form', { name: 'New product' });
    await form.getByLabel('SKU').fill('FG-VITC');
    // A GTIN with its last digit mistyped is caught as it is typed, with the digit it should be.
    const typo = `${VITC.slice(0, 12)}${(Number(VITC[12]) + 1) % 10}`;
    await form.getByLabel('GTIN').fill(typo);
    await form.getByText(`with these first 12 digits it must be ${VITC[12]} (${VITC})`).waitFor();
    await form.getByLabel('GTIN').fill(VITC);
    await form.getByLabel('Description').fill('Vitamin C 500 mg, 90 tablets');
    await form.getByLabel('Shelf life (days)').fill('730');
    await form.getByLabel('Min ship life (days)').fill('180');
    // Forgetting the kind: the field says so and gets the focus.
    await form.getByRole('button', { name: 'Add product' }).click();
    await form.getByText('Kind needed: Choose what kind of product it is').waitFor();
    assert.equal(await form.getByLabel('Kind').evaluate((el) => el === document.activeElement), true);
    await shot(page, 'first-run-2-product-error');
    await form.getByLabel('Kind').selectOption('finished');
    await form.getByRole('button', { name: 'Add product' }).click();
    await pane.getByText('Product added').waitFor();
    await pane.getByRole('list', { name: 'Product list' }).getByText('FG-VITC').waitFor();
    const products = await rows(page, 'Products');
    assert.deepEqual(products, [{ SKU: 'FG-VITC', GTIN: VITC, Description: 'Vitamin C 500 mg, 90 tablets', Unit: 'ea', Decimals: 0, 'Shelf Life Days': 730, 'Min Ship Life Days': 180, Kind: 'finished' }]);

    // Step 3: receive. The first label is of a product nobody has added yet: add it from there, prefilled.
    await pane.getByRole('button', { name: 'Receive a lot' }).click();
    const field = pane.getByLabel('Scan field');
    await field.click();
    await page.keyboard.type(`]C101${ZINC.padStart(14, '0')}10ZN-2611-A`);
    await page.keyboard.press('Control+BracketRight');
    await page.keyboard.type('172811303025');
    await page.keyboard.press('Enter');
    await pane.getByText('Filled GTIN, lot, expiry, quantity from the scan.').waitFor();
    await pane.getByText(`No product has GTIN ${ZINC.padStart(14, '0')} yet.`).waitFor();
    await pane.getByRole('button', { name: 'Add this product' }).click();
    const inline = pane.getByRole('form', { name: 'New product' });
    assert.equal(await inline.getByLabel('GTIN').inputValue(), ZINC.padStart(14, '0'));
    assert.equal(await inline.getByLabel('SKU').evaluate((el) => el === document.activeElement), true);
    await inline.getByLabel('SKU').fill('RM-ZINC');
    await inline.getByLabel('Description').fill('Zinc gluconate');
    await inline.getByLabel('Unit').fill('kg');
    await inline.getByLabel('Decimals').fill('3');
    await inline.getByLabel('Kind').selectOption('raw');
    await shot(page, 'first-run-3-add-from-unknown-gtin');
    await inline.getByRole('button', { name: 'Add product' }).click();

    // The receipt sees the new product at once.
    await pane.locator('.fui-Field__validationMessage', { hasText: 'RM-ZINC: Zinc gluconate' }).waitFor();
    assert.equal(await pane.getByLabel('Product', { exact: true }).inputValue(), 'RM-ZINC');
    assert.equal(await pane.getByLabel('Lot', { exact: true }).inputValue(), 'ZN-2611-A');
    assert.equal(await pane.getByLabel('Quantity').inputValue(), '25');
    await pane.getByLabel('Supplier', { exact: true }).fill('Mineral Co');
    await pane.getByRole('button', { name: 'Save receipt' }).click();
    await pane.getByText('Received 25.000 kg of RM-ZINC lot ZN-2611-A: a new lot, in quarantine until QA releases it.').waitFor();
    await shot(page, 'first-run-4-received');
    const lots = await rows(page, 'Lots');
    assert.deepEqual(lots.map((l) => [l.SKU, l.Lot, l.Status, l['On Hand']]), [['RM-ZINC', 'ZN-2611-A', 'quarantine', 25]]);

    // Every step done: the getting-started card has gone.
    await pane.getByRole('tab', { name: 'Workbook' }).click();
    await pane.locator('[data-table="Lots"]').getByText('1').waitFor();
    assert.equal(await pane.getByRole('list', { name: 'Getting started' }).count(), 0);

    // And the QA lead's question of the first hour: where did this lot go? A trace and the report sheet.
    await pane.getByRole('tab', { name: 'Recall' }).click();
    await pane.getByLabel('Lot or scan').pressSequentially('ZN-2611-A');
    await pane.getByRole('button', { name: 'Trace' }).click();
    await pane.getByLabel('Mass balance').getByText(/in 25 kg; consumed 0; shipped 0; destroyed 0; on hand 25; unaccounted 0; 100% accounted for/).waitFor();
    await pane.getByLabel('Reason for the recall').fill('Supplier recall notice for zinc gluconate');
    await pane.getByRole('button', { name: 'Write report' }).click();
    await pane.getByRole('group', { name: 'Report', exact: true }).getByText('Report written').waitFor();
    await shot(page, 'first-run-5-recall-report');
    const sheets = await page.evaluate(() => window.lotbookPlayground.fake.sheetNames());
    assert.ok(sheets.includes('Recall ZN-2611-A 2026-11-30'), `sheets: ${sheets.join(', ')}`);
    assert.deepEqual(errors, []);
  });

  it('adds a product the Excel way: typed into the row under the Products table, and Receive knows it', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?workbook=empty&today=2026-11-30&paneWidth=320`, { viewport: { width: 1300, height: 900 } });
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByRole('button', { name: 'Set up workbook' }).click();
    await pane.getByText('Workbook set up').waitFor();

    await page.getByRole('tablist', { name: 'Sheets' }).getByRole('tab', { name: 'Products', exact: true }).click();
    const sheet = page.locator('table[data-sheet="Products"]');
    // The first row: click A2 and type, Tab to the next cell, as in Excel.
    await sheet.locator('[data-cell="A2"]').click();
    for (const v of ['RM-ASH', gtin13('095060001341'), 'Ashwagandha root powder', 'kg', '3', '730', '', 'raw']) {
      if (v !== '') await page.keyboard.type(v);
      else await page.keyboard.press('F2');
      await page.keyboard.press('Tab');
    }
    // The second row is pasted under the table (copied from another sheet), and the table grows to take it.
    await sheet.locator('[data-cell="A3"]').click();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', 'FG-ASH60\t\tAshwagandha 500 mg, 60 capsules\tea\t0\t730\t180\tfinished\r\n');
      document.querySelector('[role="grid"]').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    });
    await sheet.locator('[data-cell="C3"]').getByText('Ashwagandha 500 mg, 60 capsules').waitFor();
    assert.equal(await page.evaluate(() => window.lotbookPlayground.fake.table('Products').address), 'Products!A1:H3');
    // The GTIN typed into the text column keeps its leading zero.
    assert.equal(await sheet.locator('[data-cell="B2"]').textContent(), gtin13('095060001341'));

    // Sorting by SKU, Z to A, as a person tidying the list.
    await sheet.locator('[data-cell="A2"]').click();
    await page.getByRole('button', { name: 'Sort Z to A' }).click();
    await sheet.locator('[data-cell="A2"]').getByText('RM-ASH').waitFor();

    // A third row typed with a word where a number goes: Lotbook says which cell and why.
    await sheet.locator('[data-cell="A4"]').click();
    for (const v of ['PK-CAP', '', 'Cap 38 mm', 'ea', 'none', '', '', 'packaging']) {
      if (v !== '') await page.keyboard.type(v);
      await page.keyboard.press('Tab');
    }
    await pane.getByRole('tab', { name: 'Products' }).click();
    await pane.getByRole('list', { name: 'Product list' }).getByText('FG-ASH60').waitFor();
    await pane.getByText(/E4 · row 4 · Decimals/).waitFor();
    assert.equal(await pane.getByRole('list', { name: 'Product list' }).getByText('PK-CAP').count(), 0);
    await pane.getByRole('tab', { name: 'Receive' }).click();
    await pane.getByLabel('GTIN').fill(gtin13('095060001341'));
    await pane.locator('.fui-Field__validationMessage', { hasText: 'RM-ASH: Ashwagandha root powder' }).waitFor();
    assert.deepEqual(errors, []);
  });
});
