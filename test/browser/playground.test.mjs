// The playground in real Chromium, used as a person would: set up an empty workbook, see the tables, find a bad
// cell and jump to it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, usePlayground } from './harness.mjs';

const TABLES = ['Products', 'Lots', 'Movements', 'Shipments', 'Customers', 'Orders', 'Runs', 'Log', 'Settings'];

describe('playground', () => {
  const ctx = usePlayground();

  it('sets up an empty workbook and shows its tables', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?workbook=empty&today=2026-11-30`);
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByText('Not set up yet').waitFor();
    await pane.getByRole('button', { name: 'Set up workbook' }).click();
    await pane.getByText('Workbook set up').waitFor();
    await pane.getByText(`Created the tables ${TABLES.join(', ')}.`).waitFor();

    const sheets = page.getByRole('tablist', { name: 'Sheets' });
    for (const t of TABLES) await sheets.getByRole('tab', { name: t, exact: true }).waitFor();
    // The stamp sheet set up makes is very hidden: no tab for it, as in Excel.
    assert.equal(await sheets.getByRole('tab', { name: 'LotbookStamps' }).count(), 0);
    await sheets.getByRole('tab', { name: 'Lots', exact: true }).click();
    const grid = page.locator('table[data-sheet="Lots"]');
    assert.equal(await grid.locator('[data-cell="A1"]').textContent(), 'SKU');
    assert.equal(await grid.locator('[data-cell="B1"]').textContent(), 'Lot');
    assert.equal(await grid.locator('[data-cell="M1"]').textContent(), 'On Hand');

    // Every table is there and empty.
    for (const t of TABLES) assert.equal((await pane.locator(`[data-table="${t}"]`).textContent()).trim(), '0');

    // Setting up again changes nothing.
    await pane.getByRole('button', { name: 'Set up workbook' }).click();
    await pane.getByText('Nothing was changed.').waitFor();
    assert.deepEqual(errors, []);
  });

  it('shows the demo workbook and jumps to a bad cell a user typed', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?today=2026-11-30`);
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByText('No problems: every row of every table reads cleanly.').waitFor();
    assert.equal((await pane.locator('[data-table="Products"]').textContent()).trim(), '5');
    assert.equal((await pane.locator('[data-table="Movements"]').textContent()).trim(), '10');

    // A person types "ten" into a quantity and 12/10/2026 into an expiry, in Excel.
    await page.evaluate(() => {
      const { fake } = window.lotbookPlayground;
      fake.user.editTableCell('Movements', 1, 'Qty', 'ten');
      fake.user.editTableCell('Lots', 0, 'Expiry', '12/10/2026 is next week');
    });
    await pane.getByRole('button', { name: 'Check again' }).click();
    const problems = pane.getByLabel('Problems');
    await problems.getByText('F3 · row 3 · Qty').waitFor();
    await problems.getByText('G2 · row 2 · Expiry').waitFor();

    await problems.getByText('F3 · row 3 · Qty').click();
    // Excel (here: the playground's grid) switches to the sheet and selects the cell.
    await page.locator('table[data-sheet="Movements"] [data-cell="F3"][data-selected="true"]').waitFor();
    assert.equal(await page.evaluate(() => window.lotbookPlayground.fake.selection()?.sheet), 'Movements');
    assert.deepEqual(errors, []);
  });
});
