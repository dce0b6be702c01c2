// Screenshots of the whole task pane for a person to look at (test-results/screens/). The pane scrolls inside the
// playground, so the window is made as tall as the pane's content first; an element screenshot of a scrolled child
// would show the page around it instead.
import { mkdir } from 'node:fs/promises';

export const SCREENS = new URL('../../test-results/screens/', import.meta.url).pathname;

export async function paneScreenshot(page, name) {
  await mkdir(SCREENS, { recursive: true });
  const pane = page.getByLabel('Lotbook task pane');
  const before = page.viewportSize();
  const height = await pane.evaluate((el) => el.scrollHeight + el.getBoundingClientRect().top + 20);
  await page.setViewportSize({ width: before.width, height: Math.max(before.height, Math.ceil(height)) });
  await pane.screenshot({ path: `${SCREENS}${name}.png` });
  await page.setViewportSize(before);
}
