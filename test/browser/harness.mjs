// Shared by the browser tests: serve dist/ on 127.0.0.1 (a secure context, so the camera works without https)
// and drive Debian's Chromium through playwright-core.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';

// LOTBOOK_DIST lets parallel builds use their own folder.
const DIST = process.env.LOTBOOK_DIST ? `${process.env.LOTBOOK_DIST.replace(/\/$/, '')}/` : new URL('../../dist/', import.meta.url).pathname;
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.png': 'image/png', '.xml': 'application/xml', '.map': 'application/json', '.json': 'application/json' };

export async function serveDist() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
    try {
      const body = await readFile(join(DIST, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launch({ fakeVideo } = {}) {
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-fake-ui-for-media-stream'];
  if (fakeVideo) args.push('--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${fakeVideo}`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** A page that fails the test on any uncaught error or console error. */
export async function openPage(browser, url, { viewport = { width: 1400, height: 900 } } = {}) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

/** A table of the playground's fake workbook as header -> value records, blank rows left out. */
export async function rows(page, table) {
  return page.evaluate((name) => {
    const t = window.lotbookPlayground.fake.table(name);
    return t.rows.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
  }, table);
}

/** The playground on a fixed day, with the task pane on the named tab. */
export async function openPane(browser, url, tab, { query = '', today = '2026-11-30' } = {}) {
  const { page, errors } = await openPage(browser, `${url}?today=${today}${query ? `&${query}` : ''}`);
  const pane = page.getByLabel('Lotbook task pane');
  await pane.getByRole('tab', { name: tab }).click();
  return { page, errors, pane };
}

/**
 * For a describe block: serves dist/ and launches Chromium before its tests, closes both after. Read `server` and
 * `browser` from the returned object inside the tests.
 */
export function usePlayground() {
  const ctx = { server: undefined, browser: undefined };
  before(async () => {
    ctx.server = await serveDist();
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}
