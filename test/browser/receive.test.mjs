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

    // A check digit misread: the parser names the AI and the position, and nothing changes.
    await page.keyboard.type(']C1010950600013435310WEDGE-01');
    await page.keyboard.press('Enter');
    await pane.getByText(/AI 01 .*check digit.*Nothing was changed\./).waitFor();
    assert.equal(await pane.getByLabel('GTIN').inputValue(), '');

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

  it('writes a receipt once when Save is pressed twice, and warns before saving', async () => {
    const { page, errors, pane } = await openReceive(browser, server.url);
    const before = (await rows(page, 'Movements')).length;
    await pane.getByLabel('Product', { exact: true }).selectOption('RM-ASH');
    await pane.getByLabel('Lot', { exact: true }).fill('ASH-2611-Q');
    await pane.getByLabel('Expiry').fill('2026-11-20');
    await pane.getByLabel('Quantity').fill('12.5');
    // Warned before saving: the lot is already past its expiry.
    await pane.getByText('This lot expired on 2026-11-20, 10 days ago.').waitFor();

    const save = pane.getByRole('button', { name: 'Save receipt' });
    await save.click();
    await pane.getByText('Received 12.500 kg of RM-ASH lot ASH-2611-Q: a new lot, in quarantine until QA releases it.').waitFor();
    await save.click();
    await pane.getByText(/is in the workbook already; nothing was written twice\./).waitFor();

    const movements = await rows(page, 'Movements');
    assert.equal(movements.length, before + 1);
    assert.equal(movements.filter((r) => r.Lot === 'ASH-2611-Q').length, 1);
    assert.equal((await rows(page, 'Lots')).filter((r) => r.Lot === 'ASH-2611-Q').length, 1);

    // New receipt clears the form.
    await pane.getByRole('button', { name: 'New receipt' }).click();
    assert.equal(await pane.getByLabel('Lot', { exact: true }).inputValue(), '');
    assert.deepEqual(errors, []);
  });
});
