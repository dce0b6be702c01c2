// Who did it (issue 15): Excel gives an add-in no user name, so the pane asks once on this computer, shows the name
// in its header, and the Log records it beside each change.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPane, rows, usePlayground } from './harness.mjs';

describe('who is working', () => {
  const ctx = usePlayground();

  it('keeps the name given in the header, writes it into the Log, and remembers it after a reload', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Lots');
    const who = pane.getByLabel('Who is working');
    await who.getByText('playground user').waitFor();
    await who.getByRole('button', { name: 'Change' }).click();
    const form = pane.getByRole('form', { name: 'Who is working' });
    await form.getByLabel('Your name').fill('');
    assert.equal(await form.getByRole('button', { name: 'Save name' }).isDisabled(), true);
    await form.getByLabel('Your name').fill('Maya Chen (QA)');
    await form.getByRole('button', { name: 'Save name' }).click();
    await pane.getByLabel('Who is working').getByText('Maya Chen (QA)').waitFor();

    const lot = pane.getByRole('listitem', { name: 'RM-ASH ASH-2409-B' });
    await lot.getByRole('button', { name: 'Release', exact: true }).click();
    const decision = lot.getByRole('group', { name: 'Release ASH-2409-B' });
    await decision.getByLabel('Reason').fill('Assay within spec');
    await decision.getByLabel('COA reference').fill('COA-80144');
    await decision.getByRole('button', { name: 'Release lot' }).click();
    await pane.getByLabel('Decision result').getByText('went from quarantine to released').waitFor();
    const log = (await rows(page, 'Log')).filter((r) => r.Key === 'RM-ASH / ASH-2409-B');
    assert.deepEqual(log.map((r) => r.User), ['Maya Chen (QA)']);

    // The same computer next time: the name is there, not asked again.
    await page.reload();
    await page.getByLabel('Lotbook task pane').getByLabel('Who is working').getByText('Maya Chen (QA)').waitFor();
    assert.equal(await page.getByLabel('Lotbook task pane').getByRole('form', { name: 'Who is working' }).count(), 0);
    assert.deepEqual(errors, []);
  });
});
