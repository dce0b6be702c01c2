// The outbox in real Chromium over the playground: a receipt captured in the Receive pane while the workbook is
// offline is kept in IndexedDB, survives a reload, and is written exactly once when the workbook is back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, usePlayground } from './harness.mjs';

const movementCount = (page, lot) =>
  page.evaluate((lot) => (window.lotbookPlayground.fake.table('Movements')?.rows ?? []).filter((r) => r[4] === lot).length, lot);

/** A receiving clerk captures a receipt in the Receive pane while Excel is unreachable. */
async function receiveWhileOffline(page, pane, lot) {
  await pane.getByRole('tab', { name: 'Receive' }).click();
  await pane.getByRole('option', { name: /RM-ASH/ }).waitFor({ state: 'attached' });
  await page.getByRole('toolbar', { name: 'Playground actions' }).getByRole('button', { name: 'Workbook offline' }).click();
  await pane.getByLabel('Product', { exact: true }).selectOption('RM-ASH');
  await pane.getByLabel('Lot', { exact: true }).fill(lot);
  await pane.getByLabel('Expiry').fill('2028-06-30');
  await pane.getByLabel('Quantity').fill('2.5');
  await pane.getByLabel('PO reference').fill('PO-OFFLINE');
  await pane.getByRole('button', { name: 'Save receipt' }).click();
  await pane.getByText(`Saved on this computer: "Receipt of RM-ASH lot ${lot}" will be written to the workbook when Excel is reachable.`, { exact: false }).waitFor();
  await pane.getByRole('tab', { name: 'Workbook' }).click();
}
const allMovements = (page) => page.evaluate(() => (window.lotbookPlayground.fake.table('Movements')?.rows ?? []).filter((r) => r[0] !== '').length);

describe('offline outbox', () => {
  const ctx = usePlayground();

  it('keeps a save made offline across a reload and writes it once when the workbook is back', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?persist=1&today=2026-11-30`);
    const pane = page.getByLabel('Lotbook task pane');
    const waiting = pane.getByLabel('Pending writes');
    await waiting.getByText('Nothing waiting: every save is in the workbook.').waitFor();
    await pane.getByLabel('Cache on this computer').getByText(/Matched the workbook at .*: 6 lots, 10 movements\./).waitFor();
    const before = await allMovements(page);

    // Excel goes away; the clerk saves anyway.
    const toolbar = page.getByRole('toolbar', { name: 'Playground actions' });
    const id = 'ASH-OFF-1';
    await receiveWhileOffline(page, pane, id);
    const label = 'Receipt of RM-ASH lot ASH-OFF-1';
    await waiting.getByText(label).waitFor();
    await waiting.getByText('1 save is kept on this computer and will be written when Excel is reachable.').waitFor();
    assert.equal(await movementCount(page, id), 0);

    // The task pane is reloaded (Excel restarted it, or the person pressed F5) while the workbook is still offline.
    await page.reload();
    await pane.getByLabel('Pending writes').getByText(label).waitFor();
    assert.equal(await toolbar.getByRole('button', { name: 'Workbook offline' }).getAttribute('aria-pressed'), 'true');
    // The flush on start failed too: the entry says why, and nothing reached the workbook.
    await pane.getByLabel('Pending writes').getByText(/workbook is offline/).first().waitFor();
    assert.equal(await movementCount(page, id), 0);

    // The workbook is back; the person presses Retry.
    await toolbar.getByRole('button', { name: 'Workbook offline' }).click();
    await pane.getByRole('button', { name: 'Retry now' }).click();
    await pane.getByText('Wrote 1 waiting save to the workbook.').waitFor();
    await pane.getByLabel('Pending writes').getByText('Nothing waiting: every save is in the workbook.').waitFor();
    assert.equal(await movementCount(page, id), 1);

    // Another reload flushes on start again: nothing is written twice.
    await page.reload();
    await pane.getByLabel('Pending writes').getByText('Nothing waiting: every save is in the workbook.').waitFor();
    assert.equal(await movementCount(page, id), 1);
    assert.equal(await allMovements(page), before + 1);

    // The mirror picks the new row up as an append.
    await pane.getByRole('button', { name: 'Refresh cache' }).click();
    await pane.getByText(/Already matched the workbook\.|Updated .*Movements \(1 new\)/).waitFor();
    await pane.getByLabel('Cache on this computer').getByText(/11 movements\./).waitFor();
    assert.deepEqual(errors, []);
  });

  it('discards a waiting save so that it is never written', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?persist=1&today=2026-11-30`);
    const pane = page.getByLabel('Lotbook task pane');
    const waiting = pane.getByLabel('Pending writes');
    await waiting.getByText('Nothing waiting: every save is in the workbook.').waitFor();
    const toolbar = page.getByRole('toolbar', { name: 'Playground actions' });
    const id = 'ASH-OFF-2';
    await receiveWhileOffline(page, pane, id);
    await waiting.getByText('Receipt of RM-ASH lot ASH-OFF-2').waitFor();
    await waiting.getByRole('button', { name: 'Discard' }).click();
    await waiting.getByRole('button', { name: 'Discard for good' }).click();
    await waiting.getByText('Nothing waiting: every save is in the workbook.').waitFor();
    await toolbar.getByRole('button', { name: 'Workbook offline' }).click();
    await page.reload();
    await pane.getByLabel('Pending writes').getByText('Nothing waiting: every save is in the workbook.').waitFor();
    assert.equal(await movementCount(page, id), 0);
    assert.deepEqual(errors, []);
  });
});
