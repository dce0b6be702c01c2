// The Settings pane in the playground at the width of a narrow Excel pane, used as a brand's QA lead would: change
// a rule there, and another pane then does something else. Also: a value typed by hand into the Settings sheet
// that Lotbook cannot use is listed with a link that selects its cell.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rows, openPane, usePlayground } from './harness.mjs';
import { paneScreenshot } from './screens.mjs';

const TODAY = '2026-11-30';
const FG_ASH60_GTIN = '09506000134352'; // gtin('0950600013435') in src/demo/demo-data.ts

describe('settings pane', () => {
  const ctx = usePlayground();

  it('a rule saved in Settings changes what Receive does: new lots start released', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Settings', { today: TODAY, query: 'paneWidth=320' });
    const status = pane.getByRole('combobox', { name: 'New lots start in' });
    await status.waitFor();
    // What the workbook holds is shown: a rule without a row says what Lotbook uses; one with a row names its cell.
    const rule = pane.getByRole('region', { name: 'New lots start in' });
    await rule.getByText('Not set: Lotbook uses quarantine.').waitFor();
    await pane.getByRole('region', { name: 'Expiry warning windows (days)' }).getByText(/^In Settings!B\d+: 30,60,90$/).waitFor();
    assert.equal(await status.inputValue(), 'quarantine');
    await paneScreenshot(page, 'settings-320');

    // A value the rule cannot use is named beside the field and cannot be saved.
    const minLife = pane.getByRole('region', { name: 'Default minimum shelf life (days)' });
    await minLife.getByRole('textbox').fill('six months');
    await minLife.getByText('"six months" is not a whole number of days.').waitFor();
    assert.equal(await minLife.getByRole('button', { name: 'Save' }).isDisabled(), true);
    await minLife.getByRole('textbox').fill('');

    await status.selectOption('released');
    await rule.getByRole('button', { name: 'Save' }).click();
    await rule.getByText('Saved: receiptStatus = released').waitFor();
    await rule.getByText(/^In Settings!B\d+: released$/).waitFor();
    assert.deepEqual((await rows(page, 'Settings')).filter((r) => r.Key === 'receiptStatus'), [{ Key: 'receiptStatus', Value: 'released' }]);

    // Receive follows the rule: it says so before the receipt, and the new lot is released in Lots.
    await pane.getByRole('tab', { name: 'Receive' }).click();
    await pane.getByRole('option', { name: /FG-ASH60/ }).waitFor({ state: 'attached' });
    await pane.getByText('New lots start released, ready to use (as Settings say).').waitFor();
    await pane.getByLabel('GTIN').fill(FG_ASH60_GTIN);
    await pane.getByLabel('Lot', { exact: true }).fill('2611-SET-01');
    await pane.getByLabel('Expiry').fill('2028-10-31');
    await pane.getByLabel('Quantity').fill('24');
    await pane.getByRole('button', { name: 'Save receipt' }).click();
    await pane.getByText('Received 24 ea of FG-ASH60 lot 2611-SET-01: a new lot, released (as Settings say).').waitFor();
    assert.equal((await rows(page, 'Lots')).find((r) => r.Lot === '2611-SET-01')?.Status, 'released');
    await paneScreenshot(page, 'settings-receive-released-320');
    assert.deepEqual(errors, []);
  });

  it('a value typed by hand into Settings is listed with its cell; the link selects it, and Lotbook keeps the default', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Settings', { today: TODAY, query: 'paneWidth=320' });
    await pane.getByRole('combobox', { name: 'Release needs a COA reference' }).waitFor();
    // As a person typing into the Settings sheet: the expiry windows become words.
    const at = await page.evaluate(() => {
      const fake = window.lotbookPlayground.fake;
      const t = fake.table('Settings');
      const i = t.rows.findIndex((r) => r[0] === 'expiryWarningDays');
      fake.user.editTableCell('Settings', i, 'Value', 'soon');
      return i + 2;
    });
    // The pane reads again when it is opened again.
    await pane.getByRole('tab', { name: 'Lots' }).click();
    await pane.getByRole('tab', { name: 'Settings' }).click();
    const problems = pane.getByRole('region', { name: 'Values typed into Settings that Lotbook cannot use' });
    await problems.getByText(`expiryWarningDays: "soon" is not whole numbers of days separated by commas (e.g. 30, 60, 90); Lotbook uses 30, 60, 90 until it is fixed.`).waitFor();
    await paneScreenshot(page, 'settings-problem-320');
    await problems.getByText(`B${at} · row ${at} · Value`).click();
    await page.waitForFunction((row) => {
      const s = window.lotbookPlayground.fake.selection();
      return s !== null && s.sheet === 'Settings' && s.address === `B${row}`;
    }, at);
    // The field shows the bad value with what is wrong, ready to be fixed here.
    const windows = pane.getByRole('region', { name: 'Expiry warning windows (days)' });
    assert.equal(await windows.getByRole('textbox').inputValue(), 'soon');
    await windows.getByRole('textbox').fill('14, 45');
    await windows.getByRole('button', { name: 'Save' }).click();
    await windows.getByText('Saved: expiryWarningDays = 14, 45').waitFor();
    await problems.waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  });
  it("the scanner's GS substitute saved in Settings makes Receive read a scan it could not read before", async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Receive', { today: TODAY, query: 'paneWidth=320' });
    await pane.getByRole('option', { name: /FG-ASH60/ }).waitFor({ state: 'attached' });
    // A handheld scanner set up to type | for the GS1 separator, between the lot and the expiry.
    const scan = async () => {
      await pane.getByLabel('Scan field').click();
      await page.keyboard.type(`]C101${FG_ASH60_GTIN}10WEDGE-77|17281031`);
      await page.keyboard.press('Enter');
    };
    await scan();
    await pane.getByText('Scan not read').waitFor();
    await pane.getByLabel('Scan field').fill('');

    await pane.getByRole('tab', { name: 'Settings' }).click();
    const rule = pane.getByRole('region', { name: 'Scanner types GS as' });
    await rule.getByRole('textbox').fill('|');
    await rule.getByRole('button', { name: 'Save' }).click();
    await rule.getByText('Saved: scannerGsSubstitute = |').waitFor();

    await pane.getByRole('tab', { name: 'Receive' }).click();
    await pane.getByRole('option', { name: /FG-ASH60/ }).waitFor({ state: 'attached' });
    await pane.getByText('Empty: the workbook’s Settings say |. Type another character to override it on this computer.').waitFor();
    await scan();
    await pane.getByText('Filled GTIN, lot, expiry from the scan.').waitFor();
    assert.equal(await pane.getByLabel('Lot', { exact: true }).inputValue(), 'WEDGE-77');
    assert.equal(await pane.getByLabel('Expiry').inputValue(), '2028-10-31');
    assert.deepEqual(errors, []);
  });

  it('with "Release needs a COA reference" set to No, the Lots pane releases a lot without one', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Lots', { today: TODAY, query: 'paneWidth=320' });
    const lot = pane.getByRole('listitem', { name: 'RM-ASH ASH-2409-B' });
    await lot.getByRole('button', { name: 'Release', exact: true }).click();
    const form = lot.getByRole('group', { name: 'Release ASH-2409-B' });
    await form.getByText('Needed to release (Settings: release needs a COA reference).').waitFor();
    await form.getByLabel('Reason').fill('In-house HPLC assay within spec');
    await form.getByRole('button', { name: 'Release lot' }).click();
    await form.getByText('Enter the COA reference that lot RM-ASH / ASH-2409-B is released against.').waitFor();

    await pane.getByRole('tab', { name: 'Settings' }).click();
    const coa = pane.getByRole('combobox', { name: 'Release needs a COA reference' });
    await coa.selectOption('no');
    const rule = pane.getByRole('region', { name: 'Release needs a COA reference' });
    await rule.getByRole('button', { name: 'Save' }).click();
    await rule.getByText('Saved: releaseNeedsCoa = no').waitFor();

    await pane.getByRole('tab', { name: 'Lots' }).click();
    const again = pane.getByRole('listitem', { name: 'RM-ASH ASH-2409-B' });
    await again.getByRole('button', { name: 'Release', exact: true }).click();
    const form2 = again.getByRole('group', { name: 'Release ASH-2409-B' });
    await form2.getByText('Optional: Settings say a release needs no COA reference.').waitFor();
    await form2.getByLabel('Reason').fill('In-house HPLC assay within spec');
    await form2.getByRole('button', { name: 'Release lot' }).click();
    await pane.getByLabel('Decision result').getByText('went from quarantine to released').waitFor();
    const row = (await rows(page, 'Lots')).find((r) => r.Lot === 'ASH-2409-B');
    assert.equal(row.Status, 'released');
    assert.equal(row['COA Ref'], '');
    assert.deepEqual(errors, []);
  });
  it('a lot code format added in Settings makes Receive warn about a lot code that does not fit, before saving', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Settings', { today: TODAY, query: 'paneWidth=320' });
    await pane.getByText('No lot code formats yet.').waitFor();
    await pane.getByRole('combobox', { name: 'For' }).selectOption('supplier');
    await pane.getByRole('textbox', { name: 'Supplier' }).fill('Contract Caps Co');
    await pane.getByRole('textbox', { name: 'Format' }).fill('CC-####');
    await pane.getByRole('button', { name: 'Add format' }).click();
    await pane.getByRole('region', { name: 'lotFormat:supplier:Contract Caps Co' }).waitFor();
    assert.deepEqual((await rows(page, 'Settings')).filter((r) => r.Key.startsWith('lotFormat:')), [{ Key: 'lotFormat:supplier:Contract Caps Co', Value: 'CC-####' }]);

    await pane.getByRole('tab', { name: 'Receive' }).click();
    await pane.getByRole('option', { name: /FG-ASH60/ }).waitFor({ state: 'attached' });
    await pane.getByLabel('GTIN').fill(FG_ASH60_GTIN);
    await pane.getByLabel('Supplier', { exact: true }).fill('Contract Caps Co');
    await pane.getByLabel('Quantity').fill('24');
    await pane.getByLabel('Expiry').fill('2028-10-31');
    await pane.getByLabel('Lot', { exact: true }).fill('CC-12');
    await pane.getByText('Lot CC-12 does not match the lot code format of supplier Contract Caps Co (CC-####, Settings lotFormat:supplier:Contract Caps Co): check the label and the scan.').waitFor();
    await pane.getByLabel('Lot', { exact: true }).fill('CC-1234');
    await pane.getByText(/does not match the lot code format/).waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  });
});
