// The Count pane in the playground, used as a stock keeper would: write a count sheet for a location, scan a lot
// label with a handheld scanner (typed into the scan field as a keyboard wedge does) or hold it to the webcam
// (Chromium's fake camera playing a video of a GS1-128 label), type the quantity counted, choose a reason for the
// difference, post; the ADJUST movement, the new on hand and the count summary are then in the workbook.
// Then a customer return is booked against a shipment.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage, serveDist } from './harness.mjs';

// The label helpers are TypeScript; @swc-node/register compiles them on require (as receive.test.mjs does).
const require = createRequire(import.meta.url);
require('@swc-node/register');
const { renderGs1Label, labelToY4m } = require('../support/labels.ts');

const TODAY = '2026-11-30';
const FG_LOT = '2611-ASH60-001'; // the demo's FG-ASH60 lot at FG-A1: 340 on hand
const FG_ASH60_GTIN = '09506000134352';

async function rows(page, table) {
  return page.evaluate((name) => {
    const t = window.lotbookPlayground.fake.table(name);
    return t.rows.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
  }, table);
}

describe('count pane', () => {
  let dir;
  let server;
  let browser;
  let camera;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lotbook-count-'));
    const video = join(dir, 'lot-label.y4m');
    // The lot label on a carton on the shelf, as a webcam sees it: askew, soft and grainy.
    const png = await renderGs1Label(`(01)${FG_ASH60_GTIN}(10)${FG_LOT}`);
    await writeFile(video, await labelToY4m(png, { width: 1280, height: 720, tiltDeg: 3, blurSigma: 0.8, noise: 4 }));
    server = await serveDist();
    browser = await launch();
    camera = await launch({ fakeVideo: video });
  });
  after(async () => {
    await camera?.close();
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('scans the lot label through the webcam, posts a found difference and shows the count summary', async () => {
    const { page, errors } = await openPage(camera, `${server.url}?today=${TODAY}`);
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByRole('tab', { name: 'Count' }).click();
    await pane.getByLabel('Location', { exact: true }).fill('FG-A1');
    await pane.getByRole('button', { name: 'Write count sheet' }).click();
    const written = await pane.getByText(/Count CNT-\S+: 1 lot on sheet/).textContent();
    const countId = /Count (CNT-[^:\s]+):/.exec(written)[1];

    await pane.getByRole('button', { name: 'Start camera' }).click();
    await pane.getByRole('status').getByText('Camera on').waitFor();
    await pane.getByText(`Lot FG-ASH60 / ${FG_LOT}: type the quantity counted.`).waitFor({ timeout: 30_000 });
    await pane.getByRole('button', { name: 'Stop camera' }).click();
    await pane.getByRole('status').getByText('Camera off').waitFor();
    assert.equal(await page.locator('video').count(), 0);
    assert.equal(await pane.getByLabel('Lot counted').evaluate((el) => el.selectedOptions[0]?.textContent), `FG-ASH60 / ${FG_LOT}`);
    assert.equal(await pane.getByLabel('Counted at location').inputValue(), 'FG-A1');

    await pane.getByLabel(/Quantity counted/).fill('343');
    await pane.getByRole('button', { name: 'Save count' }).click();
    await pane.getByText(`FG-ASH60 / ${FG_LOT} at FG-A1: 343 ea.`).waitFor();
    const line = pane.getByRole('listitem', { name: `FG-ASH60 / ${FG_LOT}` });
    await line.getByText('Expected 340 · counted 343 · difference 3').waitFor();
    await pane.getByLabel(`Reason for FG-ASH60 / ${FG_LOT}`).selectOption('found');
    await pane.getByRole('button', { name: 'Post count' }).click();
    await pane.getByRole('alertdialog', { name: 'Post 1 adjustment?' }).getByRole('button', { name: 'Post 1 adjustment' }).click();
    await pane.getByText(`1 adjustment written for count ${countId}.`).waitFor();
    // The summary of what was posted, not of the ledger after posting (which now agrees with the shelf).
    await pane.getByText(/Posted: 1 lot counted, 0 right \(accuracy 0%\); net value of variances [\d.,]+\./).waitFor();

    const adjustments = (await rows(page, 'Movements')).filter((m) => m.Reference === countId);
    assert.deepEqual(adjustments.map((m) => [m.Type, m.Lot, m.Qty, m.Note]), [['ADJUST', FG_LOT, 3, 'found']]);
    assert.equal((await rows(page, 'Lots')).find((l) => l.Lot === FG_LOT)['On Hand'], 343);
    const summaryTable = await page.evaluate((id) => window.lotbookPlayground.fake.tableNames().find((t) => t.startsWith('CountSummary_') && t.endsWith(id.replace(/-/g, '_'))), countId);
    assert.ok(summaryTable, 'the count summary sheet is in the workbook');
    assert.deepEqual((await rows(page, summaryTable)).map((r) => [r.SKU, r.Lot, r.Expected, r.Counted, r.Difference, r.Reason]), [['FG-ASH60', FG_LOT, 340, 343, 3, 'found']]);
    assert.deepEqual(errors, []);
  });

  it('writes a count sheet, takes a scanned count, posts the adjustment once', async () => {
    const { page, errors } = await openPage(browser, `${server.url}?today=${TODAY}`);
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByRole('tab', { name: 'Count' }).click();

    await pane.getByLabel('Location', { exact: true }).fill('FG-A1');
    await pane.getByRole('button', { name: 'Write count sheet' }).click();
    const written = await pane.getByText(/Count CNT-\S+: 1 lot on sheet/).textContent();
    const countId = /Count (CNT-[^:\s]+):/.exec(written)[1];
    const sheetTable = await page.evaluate((id) => window.lotbookPlayground.fake.tableNames().find((t) => t.startsWith('Count_') && t.endsWith(id.replace(/-/g, '_'))), countId);
    assert.ok(sheetTable, 'the count sheet table is in the workbook');
    const sheetRows = await rows(page, sheetTable);
    assert.deepEqual(sheetRows.map((r) => [r.SKU, r.Lot, r.Location, r.Expected, r.Counted]), [['FG-ASH60', FG_LOT, 'FG-A1', 340, '']]);

    // The handheld scanner types the lot label: ]C1 (01) GTIN (10) lot, then Enter.
    await pane.getByLabel('Scan field').click();
    await page.keyboard.type(`]C10109506000134352 10${FG_LOT}`.replace(' ', ''));
    await page.keyboard.press('Enter');
    await pane.getByText(`Lot FG-ASH60 / ${FG_LOT}: type the quantity counted.`).waitFor();
    assert.equal(await pane.getByLabel('Counted at location').inputValue(), 'FG-A1');
    await pane.getByLabel(/Quantity counted/).fill('338');
    await pane.getByRole('button', { name: 'Save count' }).click();
    await pane.getByText(`FG-ASH60 / ${FG_LOT} at FG-A1: 338 ea.`).waitFor();

    const line = pane.getByRole('listitem', { name: `FG-ASH60 / ${FG_LOT}` });
    await line.getByText('Expected 340 · counted 338 · difference -2').waitFor();
    // Post without a reason: the reason field is marked and takes the focus; nothing is asked or written yet.
    await pane.getByRole('button', { name: 'Post count' }).click();
    const reason = pane.getByLabel(`Reason for FG-ASH60 / ${FG_LOT}`);
    await line.getByText('Choose a reason for this difference before posting.').waitFor();
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    assert.equal(await reason.evaluate((el) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(el === document.activeElement))))), true);
    await reason.selectOption('miscount');
    // Posting asks first, with what will be written.
    await pane.getByRole('button', { name: 'Post count' }).click();
    const ask = pane.getByRole('alertdialog', { name: 'Post 1 adjustment?' });
    await ask.getByText(`FG-ASH60 / ${FG_LOT} at FG-A1: -2 (miscount)`, { exact: false }).waitFor();
    await ask.getByRole('button', { name: 'Post 1 adjustment' }).click();
    await pane.getByText(`1 adjustment written for count ${countId}.`).waitFor();

    const adjustments = (await rows(page, 'Movements')).filter((m) => m.Reference === countId);
    assert.deepEqual(adjustments.map((m) => [m.Type, m.SKU, m.Lot, m.Qty, m.Location, m.Note]), [['ADJUST', 'FG-ASH60', FG_LOT, -2, 'FG-A1', 'miscount']]);
    assert.equal((await rows(page, 'Lots')).find((l) => l.Lot === FG_LOT)['On Hand'], 338);
    assert.ok((await rows(page, 'Settings')).some((s) => s.Key === `count:${countId}` && s.Value === 'posted'));

    // The accountant's Lot costs totals for November split the adjustment by its reason.
    await pane.getByRole('tab', { name: 'Lot costs' }).click();
    await pane.getByLabel('From').fill('2026-11-01');
    await pane.getByLabel('To', { exact: true }).fill(TODAY);
    await pane.getByRole('button', { name: 'Show totals' }).click();
    const byReason = pane.getByLabel('Adjustments and write-offs by reason');
    await byReason.waitFor();
    // -2 ea at the lot's moving average cost of 2.1263: -4.2526 on the report sheet's line "adjusted, miscount",
    // shown to the cent beside the other amounts, the exact figure as its title.
    assert.deepEqual(await byReason.getByRole('term').allTextContents(), ['Adjusted, miscount']);
    assert.deepEqual(await byReason.getByRole('definition').allTextContents(), ['-4.25']);
    assert.equal(await byReason.getByRole('definition').getAttribute('title'), 'Exactly -4.2526');
    assert.deepEqual(errors, []);
  });

  it('books a customer return against a shipment and holds the lot', async () => {
    const { page, errors } = await openPage(browser, `${server.url}?today=${TODAY}`);
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByRole('tab', { name: 'Count' }).click();
    const shipment = pane.getByLabel('Shipment');
    await shipment.locator('option', { hasText: 'S-0002' }).waitFor({ state: 'attached' });
    await shipment.selectOption({ label: await shipment.locator('option', { hasText: 'S-0002' }).textContent() });
    await pane.getByLabel(/Quantity returned/).fill('5');
    await pane.getByLabel('Why returned').fill('Crushed cartons');
    await pane.getByRole('button', { name: 'Book return' }).click();
    await pane.getByText(`5 ea back into FG-ASH60 / ${FG_LOT} from S-0002. The lot is now hold until QA decides.`).waitFor();
    const ret = (await rows(page, 'Movements')).filter((m) => m.Type === 'RETURN');
    assert.deepEqual(ret.map((m) => [m.Lot, m.Qty, m.Reference, m.Note]), [[FG_LOT, 5, 'S-0002', 'Crushed cartons']]);
    assert.equal((await rows(page, 'Lots')).find((l) => l.Lot === FG_LOT).Status, 'hold');
    assert.deepEqual(errors, []);
  });
});
