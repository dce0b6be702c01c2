// The Recall pane in the playground, used as a QA lead would: a raw-material lot is contaminated; trace it forward,
// see the finished lot it went into and the customer who received it, write the customer report sheet, and put the
// lots on hold. The workbook is checked through window.lotbookPlayground.fake, as a person would read it in Excel.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rows, openPane, usePlayground } from './harness.mjs';

const TODAY = '2026-11-30';
const RAW_LOT = 'ASH-2407-A';
const FG_LOT = '2611-ASH60-001'; // src/demo/demo-data.ts names the run's output lot after `today`
const FG_ASH60_GTIN = '09506000134352';


async function openRecall(browser, url) {
  const { page, errors, pane } = await openPane(browser, url, 'Recall', { today: TODAY });
  return { page, errors, pane };
}

describe('recall pane', () => {
  const ctx = usePlayground();

  it('traces a raw lot forward, writes the customer report sheet, and puts the lots on hold', async () => {
    const { page, errors, pane } = await openRecall(ctx.browser, ctx.server.url);
    // Typed key by key, as a person types (the field is bound to the handheld-scanner input).
    await pane.getByLabel('Lot or scan').pressSequentially(RAW_LOT);
    await pane.getByRole('button', { name: 'Trace' }).click();

    // The picture: the raw lot and the finished lot made from it, joined by the run.
    const picture = pane.getByRole('img', { name: 'Genealogy of the affected lots' });
    await picture.locator('text', { hasText: FG_LOT }).waitFor();
    assert.equal(await picture.locator('g[data-lot]').count(), 2);
    assert.equal(await picture.locator(`g[data-lot="${RAW_LOT}"]`).count(), 1);
    assert.match(await picture.locator('path').first().locator('xpath=..').locator('title').textContent(), /RM-ASH \/ ASH-2407-A went into FG-ASH60 \/ 2611-ASH60-001 \(run R-0001\)/);

    const customers = pane.getByLabel('Customers');
    await customers.getByText('VitaHub Online').waitFor();
    await customers.getByText(`50 ea FG-ASH60 / ${FG_LOT}`).waitFor();
    const balance = pane.getByLabel('Mass balance');
    await balance.getByText('in 25 kg; consumed 11.5; shipped 0; destroyed 0; on hand 13.5; unaccounted 0; 100% accounted for').waitFor();

    // The report sheet: Write report waits for the reason that heads it.
    assert.equal(await pane.getByRole('button', { name: 'Write report' }).isDisabled(), true);
    await pane.getByLabel('Reason for the recall').fill('Salmonella found in the supplier retained sample');
    await pane.getByLabel('Recall class').selectOption('I');
    await pane.getByRole('button', { name: 'Write report' }).click();
    await pane.getByRole('group', { name: 'Report', exact: true }).getByText('Report written').waitFor();

    const report = await page.evaluate(() => {
      const fake = window.lotbookPlayground.fake;
      const name = fake.tableNames().find((n) => n.startsWith('Recall_'));
      const t = fake.table(name);
      return { sheets: fake.sheetNames(), sheet: t.sheet, rows: t.rows.map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]]))), cells: fake.usedRange(t.sheet).values };
    });
    assert.equal(report.sheet, `Recall ${RAW_LOT} ${TODAY}`);
    assert.ok(report.sheets.includes(report.sheet));
    assert.equal(report.rows.length, 1);
    const line = report.rows[0];
    assert.equal(line.Customer, 'VitaHub Online');
    assert.equal(line['Customer ID'], 'C-VITAHUB');
    assert.equal(line.Contact, 'Sam Lee');
    assert.equal(line.Email, 'ops@vitahub.example');
    assert.equal(line.City, 'Austin');
    assert.equal(line.Order, 'SO-3010');
    assert.equal(line.Shipment, 'S-0002');
    assert.equal(line.SKU, 'FG-ASH60');
    assert.equal(line.Lot, FG_LOT);
    assert.equal(line.Qty, 50);
    assert.equal(line.Unit, 'ea');
    assert.equal(line.Flag, '');
    const header = new Map(report.cells.map((r) => [r[0], r[1]]));
    assert.equal(header.get('Reason'), 'Salmonella found in the supplier retained sample');
    assert.match(header.get('Recall class'), /^Class I: /);
    assert.equal(header.get('Started by'), 'playground user');
    // What the customer received, not the raw material; no internal timings.
    assert.equal(header.get('Recalled product'), 'FG-ASH60 Ashwagandha 500 mg, 60 capsules');
    assert.equal(header.get('Recalled lots'), `FG-ASH60 / ${FG_LOT}`);
    assert.equal(header.has('Trace time'), false);

    // Act on it: the buttons wait for a reason, and the hold asks first.
    const logBefore = (await rows(page, 'Log')).length;
    assert.equal(await pane.getByRole('button', { name: 'Put lots on hold' }).isDisabled(), true);
    await pane.getByLabel('Reason for the status change').fill('Supplier lot SH-77812 contaminated');
    await pane.getByRole('button', { name: 'Put lots on hold' }).click();
    const ask = pane.getByRole('alertdialog', { name: 'Put 2 lots on hold?' });
    await ask.getByText('The way back: a lot on hold can be released again in the Lots pane.').waitFor();
    await ask.getByRole('button', { name: 'Put 2 lots on hold' }).click();
    await pane.getByRole('group', { name: 'Act on it', exact: true }).getByText('2 lots on hold').waitFor();
    await picture.locator(`g[data-lot="${FG_LOT}"] text`, { hasText: 'hold' }).waitFor();

    const lots = await rows(page, 'Lots');
    assert.equal(lots.find((l) => l.Lot === RAW_LOT).Status, 'hold');
    assert.equal(lots.find((l) => l.Lot === FG_LOT).Status, 'hold');
    assert.equal(lots.find((l) => l.Lot === 'BTL-5521').Status, 'released');
    const log = (await rows(page, 'Log')).slice(logBefore);
    assert.deepEqual(
      log.map((l) => [l.Key, l.From, l.To, l.Why, l.User]).sort(),
      [
        [`FG-ASH60 / ${FG_LOT}`, 'released', 'hold', 'Supplier lot SH-77812 contaminated', 'playground user'],
        [`RM-ASH / ${RAW_LOT}`, 'released', 'hold', 'Supplier lot SH-77812 contaminated', 'playground user'],
      ],
    );

    // Pressing it again: the question says nothing would change, and nothing can be confirmed.
    await pane.getByRole('button', { name: 'Put lots on hold' }).click();
    const again = pane.getByRole('alertdialog', { name: 'Nothing would change' });
    assert.equal(await again.getByRole('button', { name: 'Put 0 lots on hold' }).isDisabled(), true);
    await again.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await rows(page, 'Log')).length, logBefore + 2);
    assert.deepEqual(errors, []);
  });

  it('takes a GS1 scan typed by a handheld scanner and traces backward to the inputs', async () => {
    const { page, errors, pane } = await openRecall(ctx.browser, ctx.server.url);
    await pane.getByLabel('Direction').selectOption('backward');
    await pane.getByLabel('Lot or scan').click();
    await page.keyboard.type(`]C101${FG_ASH60_GTIN}10${FG_LOT}`);
    await page.keyboard.press('Enter');
    const picture = pane.getByRole('img', { name: 'Genealogy of the affected lots' });
    await picture.locator(`g[data-lot="${RAW_LOT}"]`).waitFor();
    await picture.locator('g[data-lot="BTL-5521"]').waitFor();
    assert.equal(await picture.locator('g[data-lot]').count(), 3);
    assert.deepEqual(errors, []);
  });
});
