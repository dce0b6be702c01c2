// Issue 16, "first run and everyday use", on the Lots, Count, Recall, Pick & ship, Produce and Lot costs panes: a
// new user at 320 px, a warehouse person, a production lead, a QA lead and an accountant. Each test says what such a
// person sees: errors beside their field, questions before what cannot be undone, no stale answers, reading
// states on a slow workbook, counts in words, and lot codes whole at 320 px.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openPage, openPane, rows, usePlayground } from './harness.mjs';

const TODAY = '2026-11-30';
const FG_LOT = '2611-ASH60-001';
const RAW_LOT = 'ASH-2407-A';
// LOTBOOK_SHOTS=<folder> keeps a screenshot of each pane at 320 px, to look at.
const SHOTS = process.env.LOTBOOK_SHOTS;

/**
 * The task pane `width` px wide, as Excel shows it on a narrow screen: the window that wide, and the playground's pane
 * column too (the playground gives the pane a fixed 360 px column beside the workbook).
 */
async function paneWidth(page, width, height = 900) {
  await page.setViewportSize({ width, height });
  await page.addStyleTag({ content: `[aria-label="Lotbook task pane"] { width: ${width}px !important; max-width: 100vw; }` });
}

/** A slow workbook without timings: every call waits until the test opens the gate. */
async function holdWorkbook(page) {
  await page.evaluate(() => {
    const wb = window.lotbookPlayground.workbook;
    const transact = wb.transact.bind(wb);
    let open;
    const gate = new Promise((resolve) => (open = resolve));
    window.openWorkbookGate = open;
    wb.transact = (work) => gate.then(() => transact(work));
  });
}

/** A released raw-material lot received without a unit cost, written as the Receive pane would. */
async function addUncostedLot(page) {
  await page.evaluate(async () => {
    const { workbook } = window.lotbookPlayground;
    await workbook.transact((tx) =>
      tx.write({
        append: {
          Lots: [{ sku: 'RM-ASH', lot: 'ASH-NOCOST', supplier: 'Sattva Herbs', supplierLot: 'SH-9', origin: 'IN', manufactured: null, expiry: '2028-06-30', received: '2026-11-20', status: 'released', unitCost: null, location: 'RM-01', coaRef: 'COA-9', onHand: 5000 }],
          Movements: [{ id: 'M-NOCOST', date: '2026-11-20', type: 'RECEIVE', sku: 'RM-ASH', lot: 'ASH-NOCOST', qty: 5000, location: 'RM-01', ref: 'PO-9', unitCost: null, user: 'demo', note: '' }],
        },
      }),
    );
  });
}

/** Every lot code shown (elements marked data-lot-code): on one line, and inside the pane and the window. */
async function lotCodes(pane) {
  return pane.locator('[data-lot-code]').evaluateAll((els) =>
    els
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => {
        const box = e.getBoundingClientRect();
        const paneBox = e.closest('[aria-label="Lotbook task pane"]').getBoundingClientRect();
        const right = Math.min(paneBox.right, window.innerWidth);
        // A code on one line has one box per line fragment; a nowrap code that overflows still has one, so check its edges.
        return { text: e.textContent, lines: e.getClientRects().length, whole: box.left >= paneBox.left - 0.5 && box.right <= right + 0.5 };
      }),
  );
}

function assertWhole(codes, where) {
  assert.ok(codes.length > 0, `${where}: lot codes are shown`);
  for (const c of codes) assert.deepEqual({ text: c.text, lines: c.lines, whole: c.whole }, { text: c.text, lines: 1, whole: true }, `${where}: ${c.text}`);
}

// Focus checks wait two frames (`requestAnimationFrame` twice, no clock): the pane moves the focus after the paint
// that shows the message.

/** The message under a Field, as a person reads it: the text of the control's aria-describedby targets. */
async function fieldMessage(control) {
  return control.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim());
}

async function inView(page, locator) {
  const box = await locator.boundingBox();
  const { height, width } = page.viewportSize();
  return box !== null && box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x + box.width <= width;
}

async function shot(page, name) {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  // The pane scrolls inside the page: a tall window shows all of it, then the window is as it was.
  const size = page.viewportSize();
  await page.setViewportSize({ width: size.width, height: 3000 });
  await page.getByLabel('Lotbook task pane').screenshot({ path: join(SHOTS, `${name}.png`) });
  await page.setViewportSize(size);
}

describe('everyday use (issue 16)', () => {
  const ctx = usePlayground();

  it('item 2: Hold without a reason marks the Reason field, says why beside it and takes the QA lead there, at 320 px', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Lots', { today: TODAY });
    await paneWidth(page, 320, 640);
    const lot = pane.getByRole('listitem', { name: 'RM-ASH ASH-2409-B' });
    await lot.getByRole('button', { name: 'Hold', exact: true }).click();
    const form = lot.getByRole('group', { name: 'Hold ASH-2409-B' });
    await form.getByRole('button', { name: 'Hold lot' }).click();
    const reason = form.getByLabel('Reason');
    await form.getByText('Say why lot RM-ASH / ASH-2409-B goes from quarantine to hold', { exact: false }).waitFor();
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    assert.match(await fieldMessage(reason), /Say why lot RM-ASH \/ ASH-2409-B goes from quarantine to hold; the reason is kept in the Log\./);
    assert.equal(await reason.evaluate((el) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(el === document.activeElement))))), true);
    const message = form.getByText('Say why lot RM-ASH / ASH-2409-B goes from quarantine to hold', { exact: false });
    // Two frames: the field is scrolled into view after the message is drawn.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    assert.equal(await inView(page, message), true, 'the message is on screen at 320 px');
    // No bar far above the control says it instead.
    assert.equal(await pane.getByLabel('Decision result').count(), 0);
    // Typing the reason takes the old message away.
    await reason.fill('Retest of micro pending');
    assert.equal(await reason.getAttribute('aria-invalid'), null);
    await form.getByRole('button', { name: 'Hold lot' }).click();
    await pane.getByLabel('Decision result').getByText('went from quarantine to hold').waitFor();
    assert.deepEqual(errors, []);
  });

  it('item 2: a count that is not a number is marked at Quantity counted, with the next step, and focused', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Count', { today: TODAY });
    await paneWidth(page, 320, 640);
    await pane.getByLabel('Location', { exact: true }).fill('FG-A1');
    await pane.getByRole('button', { name: 'Write count sheet' }).click();
    await pane.getByText(/Count CNT-\S+: 1 lot on sheet/).waitFor();
    await pane.getByLabel('Lot counted').selectOption({ label: `FG-ASH60 / ${FG_LOT}` });
    const qty = pane.getByLabel(/Quantity counted/);
    await qty.fill('3o4');
    await pane.getByRole('button', { name: 'Save count' }).click();
    await pane.getByText('"3o4" is not a quantity of FG-ASH60: type 0 or more, in whole units.').waitFor();
    assert.equal(await qty.getAttribute('aria-invalid'), 'true');
    assert.equal(await qty.evaluate((el) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(el === document.activeElement))))), true);
    assert.match(await fieldMessage(qty), /"3o4" is not a quantity of FG-ASH60/);
    await qty.fill('340');
    assert.equal(await pane.getByText('"3o4" is not a quantity', { exact: false }).count(), 0);
    assert.deepEqual(errors, []);
  });

  it('items 3 and 4: a failed trace clears the old one; Act on it waits for a reason; Recall lots asks with the lots and customers first', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Recall', { today: TODAY });
    const query = pane.getByLabel('Lot or scan');
    await query.pressSequentially(RAW_LOT);
    await pane.getByRole('button', { name: 'Trace' }).click();
    await pane.getByLabel('Customers').getByText('VitaHub Online').waitFor();

    const act = pane.getByRole('group', { name: 'Act on it', exact: true });
    assert.equal(await act.getByRole('button', { name: 'Recall lots' }).isDisabled(), true, 'no reason, no recall');
    await act.getByLabel('Reason for the status change').fill('Salmonella in supplier lot SH-77812');
    await act.getByRole('button', { name: 'Recall lots' }).click();
    const ask = pane.getByRole('alertdialog', { name: 'Recall 2 lots?' });
    await ask.getByText(`FG-ASH60 / ${FG_LOT}: released → recalled`).waitFor();
    await ask.getByText(`RM-ASH / ${RAW_LOT}: released → recalled`).waitFor();
    await ask.getByText('1 customer received them: write the customer report to tell them.').waitFor();
    await ask.getByText('This cannot be undone', { exact: false }).waitFor();
    // What cannot be undone puts the focus on Cancel: a key pressed twice does not recall.
    assert.equal(await ask.getByRole('button', { name: 'Cancel' }).evaluate((el) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(el === document.activeElement))))), true);
    // Cancel changes nothing.
    await ask.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await pane.getByRole('alertdialog').count(), 0);
    assert.deepEqual((await rows(page, 'Lots')).filter((l) => [RAW_LOT, FG_LOT].includes(l.Lot)).map((l) => l.Status), ['released', 'released']);
    // Confirmed, it recalls both.
    await act.getByRole('button', { name: 'Recall lots' }).click();
    await pane.getByRole('alertdialog', { name: 'Recall 2 lots?' }).getByRole('button', { name: 'Recall 2 lots' }).click();
    await act.getByText('2 lots recalled').waitFor();
    assert.deepEqual((await rows(page, 'Lots')).filter((l) => [RAW_LOT, FG_LOT].includes(l.Lot)).map((l) => l.Status), ['recalled', 'recalled']);

    // A trace that fails takes the old answer away: no tree, customers, report or buttons of the previous lot.
    await query.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await query.pressSequentially('NO-SUCH-LOT');
    await pane.getByRole('button', { name: 'Trace' }).click();
    await pane.getByText('No lot "NO-SUCH-LOT" in Lots, Movements or Shipments', { exact: false }).waitFor();
    // Said at the field it is about, which is marked and has the focus.
    assert.equal(await query.getAttribute('aria-invalid'), 'true');
    assert.match(await fieldMessage(query), /^Lot not found: No lot "NO-SUCH-LOT" in Lots, Movements or Shipments/);
    assert.equal(await query.evaluate((el) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(el === document.activeElement))))), true);
    for (const card of ['Affected lots', 'Customers', 'Mass balance', 'Report', 'Exports', 'Act on it']) {
      assert.equal(await pane.getByRole('group', { name: card, exact: true }).count(), 0, `${card} is gone`);
    }
    assert.equal(await pane.getByRole('img', { name: 'Genealogy of the affected lots' }).count(), 0);
    assert.deepEqual(errors, []);
  });

  it('item 3: Reject asks first and says it is final; Cancel writes nothing', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Lots', { today: TODAY });
    const lot = pane.getByRole('listitem', { name: 'RM-ASH ASH-2409-B' });
    await lot.getByRole('button', { name: 'Reject', exact: true }).click();
    const form = lot.getByRole('group', { name: 'Reject ASH-2409-B' });
    await form.getByLabel('Reason').fill('Heavy metals above limit');
    await form.getByRole('button', { name: 'Reject lot' }).click();
    const ask = form.getByRole('alertdialog', { name: 'Reject RM-ASH / ASH-2409-B?' });
    await ask.getByText('A rejected lot is final', { exact: false }).waitFor();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await rows(page, 'Lots')).find((l) => l.Lot === 'ASH-2409-B').Status, 'quarantine');
    await form.getByRole('button', { name: 'Reject lot' }).click();
    await form.getByRole('alertdialog').getByRole('button', { name: 'Yes, reject the lot' }).click();
    await pane.getByLabel('Decision result').getByText('went from quarantine to rejected').waitFor();
    assert.equal((await rows(page, 'Lots')).find((l) => l.Lot === 'ASH-2409-B').Status, 'rejected');
    assert.deepEqual(errors, []);
  });

  it('item 9: a slow workbook shows "reading" on every pane, never "No products" or an empty list', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?today=${TODAY}`);
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByRole('tab', { name: 'Lots' }).waitFor();
    await holdWorkbook(page);

    await pane.getByRole('tab', { name: 'Lots' }).click();
    await pane.getByRole('status', { name: 'Reading Lots and Movements from the workbook…' }).waitFor();
    assert.equal(await pane.getByText('No lots match.').count(), 0);

    await pane.getByRole('tab', { name: 'Produce' }).click();
    await pane.getByRole('status', { name: 'Reading products and lots from the workbook…' }).waitFor();
    const product = pane.getByLabel('Output product');
    assert.equal(await product.evaluate((el) => el.selectedOptions[0].textContent), 'Reading products…');
    assert.equal(await pane.getByText('No products', { exact: false }).count(), 0);

    await pane.getByRole('tab', { name: 'Pick & ship' }).click();
    await pane.getByRole('status', { name: 'Reading open order lines and pick lists from the workbook…' }).waitFor();
    await pane.getByRole('status', { name: 'Reading expiring lots from the workbook…' }).waitFor();

    await pane.getByRole('tab', { name: 'Count' }).click();
    await pane.getByRole('status', { name: 'Reading lots and open counts from the workbook…' }).waitFor();

    await pane.getByRole('tab', { name: 'Lot costs' }).click();
    await pane.getByRole('button', { name: 'Show totals' }).click();
    await pane.getByRole('status', { name: 'Reading Movements and Runs for the period…' }).waitFor();

    // The workbook answers: the words give way to the answer.
    await page.evaluate(() => window.openWorkbookGate());
    await pane.getByText('Reconciles: opening + in - out = closing.').waitFor();
    assert.equal(await pane.getByRole('status', { name: 'Reading Movements and Runs for the period…' }).count(), 0);
    await pane.getByRole('tab', { name: 'Produce' }).click();
    await product.locator('option', { hasText: 'FG-ASH60' }).waitFor({ state: 'attached' });
    assert.equal(await product.evaluate((el) => el.selectedOptions[0].textContent), 'Choose a product');

    // Waiting on a button says what it waits for: proposing picks on a slow workbook.
    await pane.getByRole('tab', { name: 'Pick & ship' }).click();
    await pane.getByRole('list', { name: 'Open order lines' }).getByRole('listitem').first().waitFor();
    await pane.getByRole('button', { name: 'Choose all shown' }).click();
    await holdWorkbook(page);
    await pane.getByRole('button', { name: 'Propose picks' }).click();
    await pane.getByRole('status', { name: 'Proposing picks from the stock in the workbook…' }).waitFor();
    await page.evaluate(() => window.openWorkbookGate());
    await pane.getByLabel('Proposal').waitFor();
    assert.equal(await pane.getByRole('status', { name: 'Proposing picks from the stock in the workbook…' }).count(), 0);
    assert.deepEqual(errors, []);
  });

  it('item 13: counts in words ("1 lot"), and a second count sheet for the same shelf is warned about', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Count', { today: TODAY });
    await pane.getByLabel('Location', { exact: true }).fill('FG-A1');
    await pane.getByRole('button', { name: 'Write count sheet' }).click();
    await pane.getByText(/Count CNT-\S+: 1 lot on sheet Count 2026-11-30\./).waitFor();
    await pane.getByRole('button', { name: 'Write count sheet' }).click();
    const result = pane.getByLabel('Count sheet result');
    await result.getByText('These lots are on an open count').waitFor();
    await result.getByText(/An open count already lists these lots: CNT-\S+ \(1 lot of this sheet\)/).waitFor();
    const countSheets = async () => page.evaluate(() => window.lotbookPlayground.fake.tableNames().filter((t) => t.startsWith('Count_')).length);
    assert.equal(await countSheets(), 1);
    await result.getByRole('button', { name: 'Write a second sheet anyway' }).click();
    await result.getByText('Count sheet written').waitFor();
    assert.equal(await countSheets(), 2);
    assert.deepEqual(errors, []);
  });

  it('items 5 and 13: Produce asks for a blank quantity in words at its field, and warns about an input without unit cost', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Produce', { today: TODAY });
    await addUncostedLot(page);
    // The pane reads the workbook when it opens: open it again to see the new lot.
    await pane.getByRole('tab', { name: 'Lots' }).click();
    await pane.getByRole('tab', { name: 'Produce' }).click();
    await pane.getByRole('option', { name: /FG-ASH60/ }).first().waitFor({ state: 'attached' });
    await pane.getByLabel('Output product').selectOption('FG-ASH60');
    await pane.getByLabel('Planned quantity').fill('10');
    const find = pane.getByLabel('Find input lot');
    await find.fill('ASH-NOCOST');
    await find.press('Enter');
    await pane.getByLabel('Quantity of RM-ASH / ASH-NOCOST').fill('1');
    await pane.getByRole('button', { name: 'Save run' }).click();
    const actual = pane.getByLabel('Actual quantity');
    await pane.getByLabel('Run result').getByText('Enter the actual quantity in ea.').waitFor();
    assert.equal(await actual.getAttribute('aria-invalid'), 'true');
    assert.equal(await fieldMessage(actual), 'Enter the actual quantity in ea.');
    assert.equal(await actual.evaluate((el) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(el === document.activeElement))))), true);
    assert.equal(await pane.getByText('quantity ""', { exact: false }).count(), 0);

    await actual.fill('10');
    const warning = pane.getByLabel('Cost warning');
    await warning.getByText('RM-ASH / ASH-NOCOST was received without a unit cost, so the run\'s cost counts it as 0.', { exact: false }).waitFor();
    await pane.getByLabel('Run summary').getByText('1 input · yield 100.0% · unit cost', { exact: false }).waitFor();
    await pane.getByRole('button', { name: 'Save run' }).click();
    await pane.getByLabel('Run result').getByText('(incomplete: RM-ASH / ASH-NOCOST without unit cost, counted as 0)', { exact: false }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('item 8: at 320 px every lot code is whole, nothing scrolls sideways, date fields and the ship lot are readable', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?today=${TODAY}`);
    await paneWidth(page, 320);
    const pane = page.getByLabel('Lotbook task pane');
    const noSideways = async (where) => {
      // The pane itself, and any box in it that scrolls sideways (a hidden file input clips, it does not scroll).
      const over = await pane.evaluate((el) => [el, ...el.querySelectorAll('main *')].filter((e) => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).map((e) => e.getAttribute('aria-label') || e.className || e.tagName));
      assert.deepEqual(over, [], `${where}: no sideways scroll`);
      assert.ok((await pane.evaluate((el) => el.scrollWidth)) <= 320, `${where}: nothing wider than the pane`);
    };
    const datesReadable = async (where) => {
      const narrow = await pane.locator('input[type="date"]').evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0 && e.offsetWidth < 150).map((e) => e.offsetWidth));
      assert.deepEqual(narrow, [], `${where}: date fields at least 150 px wide`);
    };

    await pane.getByRole('tab', { name: 'Lots' }).click();
    await pane.getByRole('listitem', { name: 'RM-ASH ASH-2409-B' }).waitFor();
    await pane.getByLabel('Status', { exact: true }).selectOption('all');
    await pane.getByRole('listitem', { name: `FG-ASH60 ${FG_LOT}` }).waitFor();
    assertWhole(await lotCodes(pane), 'Lots');
    await noSideways('Lots');
    await shot(page, 'lots-320');

    await pane.getByRole('tab', { name: 'Recall' }).click();
    await pane.getByLabel('Lot or scan').pressSequentially(RAW_LOT);
    await pane.getByRole('button', { name: 'Trace' }).click();
    await pane.getByLabel('Customers').getByText('VitaHub Online').waitFor();
    assertWhole(await lotCodes(pane), 'Recall');
    // The genealogy fits the pane: no box hidden behind a sideways scroll.
    const fits = await pane.getByRole('img', { name: 'Genealogy of the affected lots' }).evaluate((svg) => svg.getBoundingClientRect().right <= svg.parentElement.getBoundingClientRect().right + 0.5);
    assert.equal(fits, true);
    await noSideways('Recall');
    await shot(page, 'recall-320');

    await pane.getByRole('tab', { name: 'Pick & ship' }).click();
    await pane.getByRole('button', { name: 'Choose all shown' }).click();
    await pane.getByRole('button', { name: 'Propose picks' }).click();
    await pane.getByLabel('Proposal').getByText(`Lot ${FG_LOT}`, { exact: false }).first().waitFor();
    assertWhole(await lotCodes(pane), 'Pick proposal');
    await datesReadable('Pick');
    await pane.getByRole('button', { name: 'Write pick list' }).click();
    await pane.getByRole('button', { name: 'Load pick list' }).click();
    const lotSelect = pane.getByLabel('Confirm shipping').getByLabel('Row 1').getByLabel('Lot');
    // The chosen lot's whole text fits the dropdown (measured in the dropdown's own font).
    const room = await lotSelect.evaluate((el) => {
      const c = document.createElement('canvas').getContext('2d');
      const cs = getComputedStyle(el);
      c.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const text = el.selectedOptions[0].textContent;
      return { text, need: c.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight), have: el.clientWidth };
    });
    assert.equal(room.text, FG_LOT);
    await pane.getByLabel('Confirm shipping').getByLabel('Row 1').getByText('Expires 2028-10-30 · FG-A1').waitFor();
    assert.ok(room.need <= room.have, `"${room.text}" needs ${room.need} px, the dropdown has ${room.have}`);
    assertWhole(await lotCodes(pane), 'Ship');
    await noSideways('Pick & ship');
    await shot(page, 'pick-320');

    await pane.getByRole('tab', { name: 'Count' }).click();
    await pane.getByLabel('Location', { exact: true }).fill('FG-A1');
    await pane.getByRole('button', { name: 'Write count sheet' }).click();
    await pane.getByRole('listitem', { name: `FG-ASH60 / ${FG_LOT}` }).waitFor();
    assertWhole(await lotCodes(pane), 'Count');
    await noSideways('Count');
    await shot(page, 'count-320');

    await pane.getByRole('tab', { name: 'Produce' }).click();
    await pane.getByRole('option', { name: /FG-ASH60/ }).first().waitFor({ state: 'attached' });
    await pane.getByLabel('Output product').selectOption('FG-ASH60');
    await pane.getByLabel('Find input lot').fill('ASH-24');
    await pane.getByRole('button', { name: `Add RM-ASH / ${RAW_LOT}` }).click();
    assertWhole(await lotCodes(pane), 'Produce');
    await datesReadable('Produce');
    await noSideways('Produce');
    await shot(page, 'produce-320');

    await pane.getByRole('tab', { name: 'Lot costs' }).click();
    await datesReadable('Lot costs');
    await pane.getByRole('button', { name: 'Show totals' }).click();
    await pane.getByText('Reconciles: opening + in - out = closing.').waitFor();
    await noSideways('Lot costs');
    await shot(page, 'costs-320');
    assert.deepEqual(errors, []);
  });
});
