// Refreshes docs/playground.png, the README's screenshot, from the real playground (run `npm run build` first).
import { launch, openPage, serveDist } from '../test/browser/harness.mjs';

const server = await serveDist();
const browser = await launch();
try {
  const { page } = await openPage(browser, `${server.url}?today=2026-11-30`, { viewport: { width: 1280, height: 760 } });
  const pane = page.getByLabel('Lotbook task pane');
  await pane.getByText('No problems').waitFor();
  await page.getByRole('tablist', { name: 'Sheets' }).getByRole('tab', { name: 'Lots', exact: true }).click();
  await page.locator('table[data-sheet="Lots"]').waitFor();
  await page.screenshot({ path: new URL('../docs/playground.png', import.meta.url).pathname });
  console.log('wrote docs/playground.png');
} finally {
  await browser.close();
  await server.close();
}
