// The Lotbook ribbon tab and keyboard shortcuts in the playground, answered by the code Excel runs
// (src/ribbon/commands.ts): a job button opens the pane on its job; "Trace this lot" traces the selected cell.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, usePlayground } from './harness.mjs';

const FG_LOT = '2611-ASH60-001';

describe('ribbon and shortcuts', () => {
  const ctx = usePlayground();

  it('opens the pane on the job of each button and shortcut, and traces the lot in the selected cell', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?today=2026-11-30`);
    const ribbon = page.getByRole('toolbar', { name: 'Lotbook ribbon' });
    const pane = page.getByLabel('Lotbook task pane');
    const selectedTab = () => pane.getByRole('tab', { selected: true }).textContent();
    await pane.getByRole('tab', { name: 'Workbook' }).waitFor();

    for (const [button, tab] of [['Receive', 'Receive'], ['Pick & ship', 'Pick & ship'], ['Lot costs', 'Lot costs'], ['Set up', 'Workbook']]) {
      await ribbon.getByRole('button', { name: button, exact: true }).click();
      await pane.getByRole('tab', { name: tab, selected: true }).waitFor();
    }

    // A person selects the lot code in the Lots sheet (B2 holds ASH-2407-A) and asks for its trace.
    await page.evaluate(() => window.lotbookPlayground.fake.user.select('Lots', 'B2'));
    await ribbon.getByRole('button', { name: 'Trace this lot' }).click();
    await pane.getByRole('tab', { name: 'Recall', selected: true }).waitFor();
    const customers = pane.getByLabel('Customers');
    await customers.getByText('VitaHub Online').waitFor();
    await customers.getByText(`50 ea FG-ASH60 / ${FG_LOT}`).waitFor();

    // Ctrl+Alt+Shift+R opens Receive from anywhere.
    await page.keyboard.press('Control+Alt+Shift+KeyR');
    await pane.getByRole('tab', { name: 'Receive', selected: true }).waitFor();
    assert.equal(await selectedTab(), 'Receive');
    // Ctrl+Alt+Shift+T traces the selected cell again.
    await page.keyboard.press('Control+Alt+Shift+KeyT');
    await pane.getByRole('tab', { name: 'Recall', selected: true }).waitFor();
    await pane.getByLabel('Customers').getByText('VitaHub Online').waitFor();
    assert.deepEqual(errors, []);
  });

  it('the help page the manifest points at (SupportUrl, LearnMoreUrl) reads at 320 px and lists every job', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(`${ctx.server.url}support.html`);
    await page.getByRole('heading', { name: 'Lotbook help' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
    const table = page.getByRole('table').first();
    for (const job of ['Receive', 'Produce', 'Pick & ship', 'Count', 'Recall', 'Trace this lot', 'Lot costs', 'Set up']) await table.getByRole('cell', { name: job, exact: true }).waitFor();
    await page.getByText('=LOTBOOK.FEFO(sku, qty, [shipDate], [customer])').waitFor();
    await page.close();
  });
});
