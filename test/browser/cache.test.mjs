// The outbox in real Chromium over the playground: a save made while the workbook is offline is kept in
// IndexedDB, survives a reload, and is written exactly once when the workbook is back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, serveDist } from './harness.mjs';

const movementCount = (page, id) =>
  page.evaluate((id) => (window.lotbookPlayground.fake.table('Movements')?.rows ?? []).filter((r) => r[0] === id).length, id);
const allMovements = (page) => page.evaluate(() => (window.lotbookPlayground.fake.table('Movements')?.rows ?? []).filter((r) => r[0] !== '').length);

describe('offline outbox', () => {
  let server;
  let browser;
  before(async () => {
    server = await serveDist();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps a save made offline across a reload and writes it once when the workbook is back', async () => {
    const { page, errors } = await openPage(browser, `${server.url}?persist=1&today=2026-11-30`);
    const pane = page.getByLabel('Lotbook task pane');
    const waiting = pane.getByLabel('Pending writes');
    await waiting.getByText('Nothing waiting: every save is in the workbook.').waitFor();
    await pane.getByLabel('Cache on this computer').getByText(/Matched the workbook at .*: 6 lots, 10 movements\./).waitFor();
    const before = await allMovements(page);

    // Excel goes away; the user saves anyway.
    const toolbar = page.getByRole('toolbar', { name: 'Playground actions' });
    await toolbar.getByRole('button', { name: 'Workbook offline' }).click();
    await toolbar.getByRole('button', { name: 'Queue a test receipt' }).click();
    const result = page.getByRole('status', { name: 'Test receipt result' });
    await result.getByText(/^Saved on this computer: "Test receipt M-[0-9]{8}-[0-9A-Z]{8}" will be written to the workbook when Excel is reachable/).waitFor();
    const label = (await waiting.locator('li').first().locator('span').first().textContent()).trim();
    const id = label.replace('Test receipt ', '');
    assert.match(id, /^M-\d{8}-[0-9A-Z]{8}$/);
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
    const { page, errors } = await openPage(browser, `${server.url}?persist=1&today=2026-11-30`);
    const pane = page.getByLabel('Lotbook task pane');
    const waiting = pane.getByLabel('Pending writes');
    await waiting.getByText('Nothing waiting: every save is in the workbook.').waitFor();
    const toolbar = page.getByRole('toolbar', { name: 'Playground actions' });
    await toolbar.getByRole('button', { name: 'Workbook offline' }).click();
    await toolbar.getByRole('button', { name: 'Queue a test receipt' }).click();
    await waiting.locator('li').first().waitFor();
    const id = (await waiting.locator('li').first().locator('span').first().textContent()).trim().replace('Test receipt ', '');
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
