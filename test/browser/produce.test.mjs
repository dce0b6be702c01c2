// The Produce and Lot costs panes in the playground, used as a production lead and an accountant would: a run of
// FG-ASH60 from two released inputs (one found by lot code, one suggested FEFO), a quarantined input refused,
// the run saved once however often Save is pressed, the batch production record sheet written; then the lot
// costs report with the new lot's cost.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, rows, usePlayground } from './harness.mjs';

const TODAY = '2026-11-30';
// The demo's lot pattern is {yy}{mm}-{sku}-{seq}.
const NEW_LOT = '2611-FG-ASH60-001';


async function tableStartingWith(page, prefix) {
  return page.evaluate((p) => {
    const fake = window.lotbookPlayground.fake;
    const name = fake.tableNames().find((n) => n.startsWith(p));
    if (!name) return null;
    const t = fake.table(name);
    return { name, rows: t.rows.map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]]))) };
  }, prefix);
}

describe('produce pane and lot costs', () => {
  const ctx = usePlayground();

  it('makes a run from two inputs, refuses a quarantined one, writes the batch record and the lot costs report', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?today=${TODAY}`, { viewport: { width: 1400, height: 1000 } });
    const pane = page.getByLabel('Lotbook task pane');
    await pane.getByRole('tab', { name: 'Produce' }).click();
    await pane.getByRole('option', { name: /FG-ASH60/ }).first().waitFor({ state: 'attached' });

    await pane.getByLabel('Output product').selectOption('FG-ASH60');
    assert.equal(await pane.getByLabel('Output lot').inputValue(), NEW_LOT);
    await pane.getByLabel('Planned quantity').fill('500');
    await pane.getByLabel('Actual quantity').fill('480');
    await pane.getByLabel('Conversion cost').fill('250');

    // The quarantined lot is added by its code, shown with its status, and refused with the reason.
    const find = pane.getByLabel('Find input lot');
    await find.fill('ASH-2409-B');
    await find.press('Enter');
    await pane.getByLabel('Run inputs').getByText('quarantine').waitFor();
    await pane.getByLabel('Quantity of RM-ASH / ASH-2409-B').fill('5');
    await pane.getByRole('button', { name: 'Save run' }).click();
    await pane.getByLabel('Run result').getByText('RM-ASH / ASH-2409-B is in quarantine (not yet released by QA); only released lots can be consumed.').waitFor();
    assert.equal((await rows(page, 'Runs')).length, 1, 'nothing written');
    await pane.getByRole('button', { name: 'Remove RM-ASH / ASH-2409-B' }).click();

    // The released lot, found by search; the bottles suggested FEFO.
    await find.fill('ASH-2407');
    await pane.getByRole('button', { name: 'Add RM-ASH / ASH-2407-A' }).click();
    await pane.getByLabel('Quantity of RM-ASH / ASH-2407-A').fill('10');
    await pane.getByLabel('Suggest lots of').selectOption('PK-BTL150');
    await pane.getByLabel('Quantity needed').fill('500');
    await pane.getByRole('button', { name: 'Suggest FEFO' }).click();
    assert.equal(await pane.getByLabel('Quantity of PK-BTL150 / BTL-5521').inputValue(), '500');
    await pane.getByLabel('Run summary').getByText('2 inputs · yield 96.0% · unit cost 1.5156').waitFor();

    const save = pane.getByRole('button', { name: 'Save run' });
    await save.click();
    await pane.getByLabel('Run result').getByText(`Made 480 ea of FG-ASH60 lot ${NEW_LOT}, in quarantine until QA releases it.`, { exact: false }).waitFor();
    const movementsAfter = (await rows(page, 'Movements')).length;
    await save.click();
    await pane.getByLabel('Run result').getByText(/is in the workbook already; nothing was written twice\./).waitFor();
    assert.equal((await rows(page, 'Movements')).length, movementsAfter);

    const run = (await rows(page, 'Runs')).find((r) => r['Output Lot'] === NEW_LOT);
    assert.ok(run, 'the Runs row');
    assert.equal(run['Output SKU'], 'FG-ASH60');
    assert.equal(run['Planned Qty'], 500);
    assert.equal(run['Actual Qty'], 480);
    assert.equal(run['Conversion Cost'], 250);
    const moves = (await rows(page, 'Movements')).filter((r) => r.Reference === run['Run ID']);
    assert.deepEqual(
      moves.map((m) => [m.Type, m.SKU, m.Lot, m.Qty]),
      [
        ['CONSUME', 'RM-ASH', 'ASH-2407-A', -10],
        ['CONSUME', 'PK-BTL150', 'BTL-5521', -500],
        ['PRODUCE', 'FG-ASH60', NEW_LOT, 480],
      ],
    );
    const lot = (await rows(page, 'Lots')).find((r) => r.Lot === NEW_LOT);
    assert.equal(lot.Status, 'quarantine');
    assert.equal(lot['On Hand'], 480);
    assert.equal(lot['Unit Cost'], 1.5156);

    const sheets = await page.evaluate(() => window.lotbookPlayground.fake.sheetNames());
    assert.ok(sheets.includes(`BPR ${NEW_LOT}`), `batch record sheet in ${sheets.join(', ')}`);
    const bpr = await tableStartingWith(page, 'BPR');
    assert.deepEqual(
      bpr.rows.map((r) => [r['Component SKU'], r.Lot, r['Supplier Lot'], r['Qty Used']]),
      [
        ['RM-ASH', 'ASH-2407-A', 'SH-77812', 10],
        ['PK-BTL150', 'BTL-5521', '5521', 500],
      ],
    );

    // The accountant's report for November.
    await pane.getByRole('tab', { name: 'Lot costs' }).click();
    await pane.getByLabel('From').fill('2026-11-01');
    await pane.getByLabel('To', { exact: true }).fill(TODAY);
    await pane.getByRole('button', { name: 'Show totals' }).click();
    await pane.getByRole('status').getByText('Reconciles: opening + in - out = closing.').waitFor();
    await pane.getByRole('button', { name: 'Write report sheet' }).click();
    await pane.getByLabel('Costs result').getByText('Sheet "Costs 2026-11-01 to 2026-11-30"', { exact: false }).waitFor();
    const costs = await tableStartingWith(page, 'LotCosts');
    assert.ok(costs, 'the lot costs table');
    const row = costs.rows.find((r) => r.Line === 'Lot' && r.Lot === NEW_LOT);
    assert.equal(row['Produced Qty'], 480);
    assert.equal(row['Produced Value'], 727.5);
    assert.equal(row['Unit Cost'], 1.5156);
    const drill = costs.rows.filter((r) => r.Lot === NEW_LOT && r.Line !== 'Lot').map((r) => [r.Line, r['From Lot'], r['Contributed Cost']]);
    assert.deepEqual(drill, [
      ['Input', 'ASH-2407-A', 385],
      ['Input', 'BTL-5521', 92.5],
      ['Conversion', '', 250],
    ]);
    assert.deepEqual(errors, []);
  });
});
