// The playground's formula bar in real Chromium, as a person uses it: type a LOTBOOK formula, read the answer (a
// value, spilled rows, or an error with its message), and watch it follow a hand edit of the workbook.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, rows, usePlayground } from './harness.mjs';

const TODAY = '2026-11-30';
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const FG_LOT = '2611-ASH60-001';

async function evaluateFormula(page, formula) {
  const input = page.getByLabel('LOTBOOK formula');
  await input.fill(formula);
  await input.press('Enter');
}

/** The spilled answer as a person reads it: rows of cell texts. */
async function spilled(page) {
  return page.getByRole('table', { name: 'Spilled answer' }).evaluate((t) => [...t.rows].map((r) => [...r.cells].map((c) => c.textContent)));
}

describe('playground formula bar', () => {
  const ctx = usePlayground();

  it('shows a LOTBOOK answer, a spilled FEFO pick, and errors with their message', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?today=${TODAY}`);
    const result = page.getByRole('status', { name: 'Formula result' });

    await evaluateFormula(page, '=LOTBOOK.ONHAND("RM-ASH", "ASH-2407-A")');
    await result.getByText('13.5', { exact: true }).waitFor();

    await evaluateFormula(page, '=LOTBOOK.STATUS("rm-mgc", "MGC-0311")');
    await result.getByText('expired', { exact: true }).waitFor();

    await evaluateFormula(page, '=LOTBOOK.FEFO("FG-ASH60", 100)');
    await page.getByRole('table', { name: 'Spilled answer' }).waitFor();
    assert.deepEqual(await spilled(page), [[FG_LOT, addDays(TODAY, 700), '100']]);

    await evaluateFormula(page, '=LOTBOOK.ONHAND("FG-NOPE")');
    await result.getByText('#N/A', { exact: true }).waitFor();
    await result.getByText('SKU "FG-NOPE" is not in Products and has no movements.').waitFor();

    await evaluateFormula(page, '=LOTBOOK.GS1("]C1010950600013435310LOT-A1", 10)');
    await result.getByText('#VALUE!', { exact: true }).waitFor();
    assert.match(await result.textContent(), /check digit/i);

    await evaluateFormula(page, '=SUM(A1:A3)');
    await result.getByText('Type a formula that starts with =LOTBOOK., such as =LOTBOOK.ONHAND("FG-ASH60").').waitFor();
    assert.deepEqual(errors, []);
  });

  it('answers again when the workbook changes, as a LOTBOOK cell in Excel does', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}?today=${TODAY}`);
    const result = page.getByRole('status', { name: 'Formula result' });
    await evaluateFormula(page, '=LOTBOOK.TRACE("RM-ASH", "ASH-2407-A")');
    await page.getByRole('table', { name: 'Spilled answer' }).waitFor();
    assert.deepEqual(await spilled(page), [
      ['RM-ASH', 'ASH-2407-A', '', '0'],
      ['FG-ASH60', FG_LOT, 'VitaHub Online', '50'],
    ]);

    await evaluateFormula(page, '=LOTBOOK.FEFO("FG-ASH60", 100)');
    await page.getByRole('table', { name: 'Spilled answer' }).waitFor();
    // A person puts the finished lot on hold, typing in the Lots table.
    const index = (await rows(page, 'Lots')).findIndex((r) => r.Lot === FG_LOT);
    await page.evaluate((i) => window.lotbookPlayground.fake.user.editTableCell('Lots', i, 'Status', 'hold'), index);
    await result.getByText('No stock of "FG-ASH60" can be picked: on hold.').waitFor();
    assert.deepEqual(errors, []);
  });
});
