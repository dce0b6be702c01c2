// The Receive pane in the playground, used as a receiving clerk would: a webcam reads a supplier's GS1-128 case
// label, a handheld scanner types one into the scan field, the clerk completes the form and saves; the lot and
// its RECEIVE movement are then in the workbook, once, however often Save is pressed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, serveDist, rows, openPane } from './harness.mjs';
import { paneScreenshot } from './screens.mjs';

// The label helpers are TypeScript; @swc-node/register compiles them on require (as camera.test.mjs does).
const require = createRequire(import.meta.url);
require('@swc-node/register');
const { renderGs1Label, labelToY4m } = require('../support/labels.ts');

const TODAY = '2026-11-30';
const FG_ASH60_GTIN = '09506000134352'; // gtin('0950600013435') in src/demo/demo-data.ts
const CAMERA_LOT = '2611-CAM-01';
const HRI = `(01)${FG_ASH60_GTIN}(10)${CAMERA_LOT}(17)281031(30)240`;


async function openReceive(browser, url) {
  const { page, errors, pane } = await openPane(browser, url, 'Receive', { today: TODAY });
  // The product list comes from the workbook: wait for it before scanning.
  await pane.getByRole('option', { name: /FG-ASH60/ }).waitFor({ state: 'attached' });
  return { page, errors, pane };
}

describe('receive pane', () => {
  let dir;
  let server;
  let camera;
  let browser;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lotbook-receive-'));
    const video = join(dir, 'case-label.y4m');
    // As a webcam sees a label held at the dock: a little askew, a little soft, a little grainy.
    const png = await renderGs1Label(HRI);
    await writeFile(video, await labelToY4m(png, { width: 1280, height: 720, tiltDeg: 4, blurSigma: 0.8, noise: 4 }));
    server = await serveDist();
    camera = await launch({ fakeVideo: video });
    browser = await launch();
  });
  after(async () => {
    await camera?.close();
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fills the form from a camera scan and saves a quarantined lot with its RECEIVE movement', async () => {
    const { page, errors, pane } = await openReceive(camera, server.url);
    await pane.getByRole('button', { name: 'Start camera' }).click();
    await pane.getByRole('status').getByText('Camera on').waitFor();
    await pane.getByText('Filled GTIN, lot, expiry, quantity from the scan.').waitFor({ timeout: 30_000 });
    await pane.getByRole('button', { name: 'Stop camera' }).click();
    await pane.getByRole('status').getByText('Camera off').waitFor();
    assert.equal(await page.locator('video').count(), 0);

    assert.equal(await pane.getByLabel('GTIN').inputValue(), FG_ASH60_GTIN);
    assert.equal(await pane.getByLabel('Product', { exact: true }).inputValue(), 'FG-ASH60');
    assert.equal(await pane.getByLabel('Lot', { exact: true }).inputValue(), CAMERA_LOT);
    assert.equal(await pane.getByLabel('Expiry').inputValue(), '2028-10-31');
    assert.equal(await pane.getByLabel('Quantity').inputValue(), '240');

    await pane.getByLabel('Supplier', { exact: true }).fill('Contract Caps Co');
    await pane.getByLabel('Supplier lot').fill('CC-7001');
    await pane.getByLabel('Location').fill('QC-HOLD');
    await pane.getByLabel('Unit cost').fill('3.8125');
    await pane.getByLabel('PO reference').fill('PO-2001');
    await pane.getByLabel('COA reference').fill('COA-7001');
    await pane.getByLabel('Note').fill('1 pallet, shrink wrap intact');
    await pane.getByRole('button', { name: 'Save receipt' }).click();
    await pane.getByText(`Received 240 ea of FG-ASH60 lot ${CAMERA_LOT}: a new lot, in quarantine until QA releases it.`).waitFor();

    const lot = (await rows(page, 'Lots')).find((r) => r.Lot === CAMERA_LOT);
    assert.ok(lot, 'the lot is in Lots');
    assert.equal(lot.SKU, 'FG-ASH60');
    assert.equal(lot.Status, 'quarantine');
    assert.equal(lot.Supplier, 'Contract Caps Co');
    assert.equal(lot['Supplier Lot'], 'CC-7001');
    assert.equal(lot['COA Ref'], 'COA-7001');
    assert.equal(lot['On Hand'], 240);
    const movements = (await rows(page, 'Movements')).filter((r) => r.Lot === CAMERA_LOT);
    assert.equal(movements.length, 1);
    assert.equal(movements[0].Type, 'RECEIVE');
    assert.equal(movements[0].Qty, 240);
    assert.equal(movements[0].Reference, 'PO-2001');
    assert.equal(movements[0]['Unit Cost'], 3.8125);
    assert.equal(movements[0].User, 'playground user');
    assert.deepEqual(errors, []);
  });

  it('reads a handheld scanner typing a ]C1 scan with GS as Ctrl+], and refuses a malformed one', async () => {
    const { page, errors, pane } = await openReceive(browser, server.url);
    const field = pane.getByLabel('Scan field');
    await field.click();

    // A check digit misread: plain words first, the parser's detail (AI and position) on request; nothing changes,
    // and the text stays in the field (selected, so that the next scan replaces it).
    await page.keyboard.type(']C1010950600013435310WEDGE-01');
    await page.keyboard.press('Enter');
    await pane.getByText("This label's GTIN has a wrong check digit: it was misread or mistyped. Nothing was changed.").waitFor();
    assert.equal(await pane.getByText(/AI 01 .*check digit/).count(), 0);
    await pane.getByRole('button', { name: 'Details' }).click();
    await pane.getByText(/AI 01 \(GTIN\) at character \d+: .*has check digit 3, expected 2/).waitFor();
    assert.equal(await pane.getByLabel('GTIN').inputValue(), '');
    assert.equal(await field.inputValue(), ']C1010950600013435310WEDGE-01');
    await field.focus();

    await page.keyboard.type(']C1010950600013435210WEDGE-01');
    await page.keyboard.press('Control+BracketRight'); // the scanner's GS between the lot and the expiry
    await page.keyboard.type('17281031');
    await page.keyboard.press('Control+BracketRight');
    await page.keyboard.type('3024');
    await page.keyboard.press('Enter');
    await pane.getByText('Filled GTIN, lot, expiry, quantity from the scan.').waitFor();
    assert.equal(await field.inputValue(), '');
    assert.equal(await pane.getByLabel('Lot', { exact: true }).inputValue(), 'WEDGE-01');
    assert.equal(await pane.getByLabel('Expiry').inputValue(), '2028-10-31');
    assert.equal(await pane.getByLabel('Quantity').inputValue(), '24');

    // A separate lot label only fills what it has: the production date and the country of origin (AI 422, ISO
    // numeric 250), nothing else changes.
    await field.click();
    await page.keyboard.type(']C111261101422250');
    await page.keyboard.press('Enter');
    await pane.getByText('Filled production date, origin (France) from the scan.').waitFor();
    assert.equal(await pane.getByLabel('Production date').inputValue(), '2026-11-01');
    assert.equal(await pane.getByLabel('Origin').inputValue(), 'FR');
    assert.equal(await pane.getByLabel('Quantity').inputValue(), '24');

    await pane.getByLabel('Supplier', { exact: true }).fill('Contract Caps Co');
    await pane.getByLabel('PO reference').fill('PO-2002');
    await pane.getByRole('button', { name: 'Save receipt' }).click();
    await pane.getByText('Received 24 ea of FG-ASH60 lot WEDGE-01: a new lot, in quarantine until QA releases it.').waitFor();
    const movement = (await rows(page, 'Movements')).find((r) => r.Lot === 'WEDGE-01');
    assert.equal(movement?.Reference, 'PO-2002');
    // Excel holds dates as serial numbers: 2026-11-01 is 46327.
    const lot = (await rows(page, 'Lots')).find((r) => r.Lot === 'WEDGE-01');
    assert.equal(lot?.Manufactured, 46327);
    assert.equal(lot?.Origin, 'FR');
    assert.deepEqual(errors, []);
  });

  it('fills Expiry from a best-before date (AI 15) when the label has no expiry date, and says so', async () => {
    const { page, errors, pane } = await openReceive(browser, server.url);
    await pane.getByLabel('Scan field').click();
    await page.keyboard.type(`]C101${FG_ASH60_GTIN}15280630` + '10BB-01');
    await page.keyboard.press('Enter');
    await pane.getByText('Filled GTIN, lot, expiry (from the best-before date) from the scan.').waitFor();
    assert.equal(await pane.getByLabel('Expiry').inputValue(), '2028-06-30');
    assert.equal(await pane.getByLabel('Lot', { exact: true }).inputValue(), 'BB-01');
    assert.deepEqual(errors, []);
  });

  it('asks why before receiving an expired lot, logs the reason, keeps the warning after saving, and writes once', async () => {
    const { page, errors, pane } = await openReceive(browser, server.url);
    const before = (await rows(page, 'Movements')).length;
    await pane.getByLabel('Product', { exact: true }).selectOption('RM-ASH');
    await pane.getByLabel('Lot', { exact: true }).fill('ASH-2611-Q');
    await pane.getByLabel('Expiry').fill('2026-11-20');
    await pane.getByLabel('Quantity').fill('12.5');
    // Expired: it cannot be saved in one click; the reason is asked for, and goes to the Log.
    await pane.getByText('This lot expired on 2026-11-20, 10 days ago. To receive it anyway, say why').waitFor();
    const save = pane.getByRole('button', { name: 'Save receipt' });
    assert.equal(await save.isDisabled(), true);
    await pane.getByLabel('Why receive it? (kept in the Log)').fill('Returned by the customer, for destruction');
    assert.equal(await save.isDisabled(), false);

    await save.click();
    await pane.getByText('Received 12.500 kg of RM-ASH lot ASH-2611-Q: a new lot, in quarantine until QA releases it.').waitFor();
    // The success message keeps the warning.
    await pane.getByText('This lot expired on 2026-11-20, 10 days ago. Received anyway because: Returned by the customer, for destruction (noted in the Log).').waitFor();
    await save.click();
    await pane.getByText(/is in the workbook already; nothing was written twice\./).waitFor();

    const movements = await rows(page, 'Movements');
    assert.equal(movements.length, before + 1);
    assert.equal(movements.filter((r) => r.Lot === 'ASH-2611-Q').length, 1);
    assert.equal((await rows(page, 'Lots')).filter((r) => r.Lot === 'ASH-2611-Q').length, 1);
    const log = (await rows(page, 'Log')).filter((r) => r.Action === 'receive-expired');
    assert.equal(log.length, 1);
    assert.equal(log[0].Key, 'RM-ASH / ASH-2611-Q');
    assert.equal(log[0].User, 'playground user');
    assert.match(log[0].Why, /^Returned by the customer, for destruction \(received 12\.500 kg expired on 2026-11-20/);

    // New receipt clears the form.
    await pane.getByRole('button', { name: 'New receipt' }).click();
    assert.equal(await pane.getByLabel('Lot', { exact: true }).inputValue(), '');
    assert.deepEqual(errors, []);
  });

  it('reads a plain lot label, warns about a lot that swallowed a date, and lets a typed scan be fixed', async () => {
    const { page, errors, pane } = await openReceive(browser, server.url);
    const field = pane.getByLabel('Scan field');
    await field.click();
    // A GTIN typed with a wrong digit in the middle: the text stays so that the typo can be fixed where it is.
    await page.keyboard.type('09506010134352');
    await page.keyboard.press('Enter');
    await pane.getByText("This label's GTIN has a wrong check digit").waitFor();
    await pane.getByText('Your text is still in the scan field: fix it and press Enter.').waitFor();
    assert.equal(await field.inputValue(), '09506010134352');
    await page.keyboard.press('Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Delete');
    await page.keyboard.type('0');
    assert.equal(await field.inputValue(), '09506000134352');
    await page.keyboard.press('Enter');
    await pane.getByText('Filled GTIN from the scan.').waitFor();
    assert.equal(await pane.getByLabel('Product', { exact: true }).inputValue(), 'FG-ASH60');

    // A supplier's plain Code 128 lot label: the lot field takes it.
    await page.keyboard.type('LOT123');
    await page.keyboard.press('Enter');
    await pane.getByText('Filled lot LOT123 from a plain barcode (not GS1).').waitFor();
    assert.equal(await pane.getByLabel('Lot', { exact: true }).inputValue(), 'LOT123');

    // Typed without the separator after the lot, the expiry ends up inside the lot: said before anything is saved.
    await page.keyboard.type(']C1010950600013435210LOT12317281031');
    await page.keyboard.press('Enter');
    await pane.getByText('Lot "LOT12317281031" ends in what looks like the expiry date (17) 2028-10-31: was the separator after the lot missed?').waitFor();
    assert.equal(await pane.getByLabel('Lot', { exact: true }).inputValue(), 'LOT12317281031');
    // The warning stays with the receipt until the lot is corrected.
    await pane.getByLabel('Quantity').fill('24');
    await pane.locator('.fui-MessageBar', { hasText: 'Check before saving' }).getByText('If the lot is LOT123, correct the Lot field and check the dates.').waitFor();
    await pane.getByLabel('Lot', { exact: true }).fill('LOT123');
    assert.equal(await pane.locator('.fui-MessageBar', { hasText: 'Check before saving' }).getByText('If the lot is LOT123').count(), 0);
    assert.deepEqual(errors, []);
  });

  it('puts a refusal next to the field that caused it and moves the focus there', async () => {
    const { page, errors, pane } = await openReceive(browser, server.url);
    await pane.getByLabel('Product', { exact: true }).selectOption('RM-ASH');
    await pane.getByLabel('Lot', { exact: true }).fill('ASH-2611-R');
    await pane.getByLabel('Expiry').fill('2028-06-30');
    await pane.getByLabel('Quantity').fill('2.5555');
    await pane.getByRole('button', { name: 'Save receipt' }).click();
    await pane.getByText('Too many decimals: RM-ASH is counted in kg with at most 3 decimals; 2.5555 has more.').waitFor();
    await pane.getByText('Nothing was saved: the Quantity field above says why.').waitFor();
    assert.equal(await pane.getByLabel('Quantity').evaluate((el) => el === document.activeElement), true);
    assert.equal(await pane.getByLabel('Quantity').getAttribute('aria-invalid'), 'true');
    assert.equal((await rows(page, 'Lots')).filter((r) => r.Lot === 'ASH-2611-R').length, 0);
    assert.deepEqual(errors, []);
  });

  it('says it is reading while the workbook is slow to answer', async () => {
    const { page, errors, pane } = await openPane(browser, server.url, 'Workbook', { today: TODAY });
    await pane.getByText('No problems').waitFor();
    // The playground holds every call to the workbook until switched back, as a slow connection would.
    const hold = page.getByRole('toolbar', { name: 'Playground actions' }).getByRole('button', { name: 'Hold workbook calls' });
    await hold.click();
    await pane.getByRole('tab', { name: 'Receive' }).click();
    await pane.getByText('Reading products and lots from the workbook…').waitFor();
    assert.equal(await pane.getByRole('progressbar', { name: 'Reading products and lots from the workbook…' }).count(), 1);
    await hold.click();
    await pane.getByRole('option', { name: /FG-ASH60/ }).waitFor({ state: 'attached' });
    assert.equal(await pane.getByText('Reading products and lots from the workbook…').count(), 0);
    assert.deepEqual(errors, []);
  });

  // Movements is by far the biggest table (a million rows on a brand with years of history): the form must not wait
  // for it. The playground's "Hold Movements reads" makes every read of Movements wait while the other tables answer.
  async function openReceiveWithMovementsHeld(query) {
    const { page, errors, pane } = await openPane(browser, server.url, 'Workbook', { today: TODAY, query });
    await pane.getByText('No problems').waitFor();
    const holdMovements = page.getByRole('toolbar', { name: 'Playground actions' }).getByRole('button', { name: 'Hold Movements reads' });
    await holdMovements.click();
    await pane.getByRole('tab', { name: 'Receive' }).click();
    // The form is usable: its products are there, while the stock is still being read.
    await pane.getByRole('option', { name: /RM-ASH/ }).waitFor({ state: 'attached' });
    await pane.getByRole('progressbar', { name: 'Reading stock history…' }).waitFor();
    return { page, errors, pane, holdMovements };
  }

  it('is usable before the stock history arrives, says it is reading it, then shows on hand (320 px)', async () => {
    const { page, errors, pane, holdMovements } = await openReceiveWithMovementsHeld('paneWidth=320');
    await pane.getByLabel('Product', { exact: true }).selectOption('RM-ASH');
    await pane.getByLabel('Lot', { exact: true }).fill('ASH-2407-A');
    await pane.getByLabel('Quantity').fill('2.5');
    await pane.getByLabel('Production date').fill('2026-12-05');
    // What Products, Lots and Settings decide is said at once; nothing that needs the ledger is (no on hand of 0,
    // no "already in Lots" planned against an empty ledger).
    await pane.getByText('The production date 2026-12-05 is after today.').waitFor();
    assert.equal(await pane.getByText(/on hand/).count(), 0);
    assert.equal(await pane.getByText(/is already in Lots/).count(), 0);
    assert.equal(await pane.getByText('Reading stock history…').isVisible(), true);
    await paneScreenshot(page, 'receive-320-reading-stock');

    await holdMovements.click();
    // 25 kg received, 11.5 consumed (demo data).
    await pane.getByText('RM-ASH / ASH-2407-A: 13.500 kg on hand now, 16.000 kg after this receipt.').waitFor();
    await pane.getByText(/Lot RM-ASH \/ ASH-2407-A is already in Lots \(released\)/).waitFor();
    assert.equal(await pane.getByText('Reading stock history…').count(), 0);
    await pane.getByText('The production date 2026-12-05 is after today.').waitFor();
    await paneScreenshot(page, 'receive-320-stock-read');
    assert.deepEqual(errors, []);
  });

  async function failStockRead() {
    const opened = await openReceiveWithMovementsHeld('paneWidth=320');
    const { page, pane, holdMovements } = opened;
    // The stock read's first round trip fails, as a dropped connection does.
    await page.getByRole('toolbar', { name: 'Playground actions' }).getByRole('button', { name: 'Fail next sync' }).click();
    await holdMovements.click();
    const failed = pane.locator('.fui-MessageBar', { hasText: 'Stock history not read' });
    await failed.getByText(/Excel did not answer .* You can still save: saving reads the workbook again\./).waitFor();
    assert.equal(await pane.getByText('Reading stock history…').count(), 0);
    await pane.getByLabel('Product', { exact: true }).selectOption('RM-ASH');
    await pane.getByLabel('Lot', { exact: true }).fill('ASH-2611-S');
    await pane.getByLabel('Expiry').fill('2028-06-30');
    await pane.getByLabel('Quantity').fill('3');
    assert.equal(await pane.getByText(/on hand/).count(), 0);
    return { ...opened, failed };
  }

  it('says in plain words when the stock history cannot be read, and reads it again on request', async () => {
    const { page, errors, pane, failed } = await failStockRead();
    await paneScreenshot(page, 'receive-320-stock-failed');
    await failed.getByRole('button', { name: 'Read stock again' }).click();
    await pane.getByText('New lot RM-ASH / ASH-2611-S: 3.000 kg on hand after this receipt.').waitFor();
    assert.equal(await pane.getByText('Stock history not read').count(), 0);
    assert.deepEqual(errors, []);
  });

  it('saves a receipt while the stock history could not be read (saving reads the workbook itself)', async () => {
    const { page, errors, pane } = await failStockRead();
    await pane.getByRole('button', { name: 'Save receipt' }).click();
    await pane.getByText('Received 3.000 kg of RM-ASH lot ASH-2611-S: a new lot, in quarantine until QA releases it.').waitFor();
    assert.equal((await rows(page, 'Movements')).filter((r) => r.Lot === 'ASH-2611-S').length, 1);
    // The read after the save brings the stock.
    await pane.getByRole('progressbar', { name: 'Reading stock history…' }).waitFor({ state: 'detached' });
    assert.equal(await pane.getByText('Stock history not read').count(), 0);
    assert.deepEqual(errors, []);
  });

  it('shows a 20-character lot code and the dates whole in a 320 px pane', async () => {
    const { page, errors, pane } = await openPane(browser, server.url, 'Receive', { today: TODAY, query: 'paneWidth=320' });
    await pane.getByRole('option', { name: /FG-ASH60/ }).waitFor({ state: 'attached' });
    await pane.getByLabel('Product', { exact: true }).selectOption('FG-ASH60');
    const lot = 'WWWW-2611-MMMM-WWWW1'; // 20 characters, the GS1 maximum, in wide letters
    await pane.getByLabel('Lot', { exact: true }).fill(lot);
    await pane.getByLabel('Supplier lot').fill(lot);
    await pane.getByLabel('Expiry').fill('2028-10-31');
    await pane.getByLabel('Production date').fill('2026-11-01');
    for (const label of ['Lot', 'Supplier lot', 'Expiry', 'Production date']) {
      const input = pane.getByLabel(label, { exact: true });
      const { scroll, client } = await input.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      assert.ok(scroll <= client, `${label}: ${scroll} px of text in a ${client} px field`);
    }
    await paneScreenshot(page, 'receive-320');
    assert.deepEqual(errors, []);
  });
});
