// Part of `npm run bench:scan`: the camera scanner in Chromium with a fake webcam (test/browser's fixture page and
// harness), to measure what bench/scan.ts can only simulate: the wall time of each frame read on the page's main
// thread, and the longest task the page sees while the camera runs (how long a click could wait). Adds its
// figures under the newest run in bench/scan-results.md (or prints them with --no-write).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage } from '../test/browser/harness.mjs';
import { buildCameraPage, serveFolder } from '../test/browser/camera-fixture/build.mjs';

const require = createRequire(import.meta.url);
require('@swc-node/register');
const { renderGs1Label, labelToY4m } = require('../test/support/labels.ts');
const sharp = require('sharp');

const WRITE = !process.argv.includes('--no-write');
const SECONDS = 8;
const CASES = [
  { name: 'no label in view (every frame gets all three reads)', hri: null, options: { noise: 3 } },
  { name: 'clean short-lot label', hri: '(01)09506000134352(10)LOT-A1(17)271231(30)24', options: { noise: 2 } },
  { name: 'blurred 20-character lot label', hri: '(01)09506000134352(17)271231(10)ABCD2611XYZ9000170QR', options: { blurSigma: 1.2, noise: 3 } },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const dir = await mkdtemp(join(tmpdir(), 'lotbook-scan-bench-'));
const lines = [];
try {
  await buildCameraPage(dir);
  const server = await serveFolder(dir);
  try {
    for (const c of CASES) {
      // A white card where there is no label: the same frame the label would be printed on, without bars.
      const png = c.hri ? await renderGs1Label(c.hri) : await sharp({ create: { width: 600, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer();
      const video = join(dir, 'case.y4m');
      await writeFile(video, await labelToY4m(png, { width: 1280, height: 720, frames: 8, ...c.options }));
      const browser = await launch({ fakeVideo: video });
      try {
        const { page } = await openPage(browser, server.url);
        await page.evaluate(() => {
          window.benchLongTasks = [];
          new PerformanceObserver((list) => list.getEntries().forEach((e) => window.benchLongTasks.push(e.duration))).observe({ type: 'longtask' });
        });
        const started = Date.now();
        await page.getByRole('button', { name: 'Start camera' }).click();
        await page.getByRole('status').getByText('Camera on').waitFor();
        await page.waitForTimeout(SECONDS * 1000);
        const out = await page.evaluate(() => ({ reads: window.lotbookScanStats?.reads ?? [], longTasks: window.benchLongTasks, scans: window.cameraFixture.scans.length }));
        const ms = out.reads.map((r) => r.ms);
        const firstScan = out.scans ? 'read' : 'not read';
        lines.push(
          `| ${c.name} | ${out.reads.length} in ${SECONDS} s | ${median(ms).toFixed(0)} ms | ${Math.max(...ms).toFixed(0)} ms | ${out.longTasks.length ? `${Math.max(...out.longTasks).toFixed(0)} ms` : 'none ≥ 50 ms'} | ${c.hri ? firstScan : '—'} |`,
        );
        console.log(lines.at(-1), `(${((Date.now() - started) / 1000).toFixed(0)} s)`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const block = `\nIn Chromium (Debian chromium, headless, fake webcam at 1280x720, the camera test's page; load average ${loadavg().map((l) => l.toFixed(1)).join(', ')}): wall time of each frame read on the main thread, between reads the page is free (the scheduler pauses 60% of a read's time).\n\n| case | frame reads | median read | slowest read | longest main-thread task | label |\n|---|---|---|---|---|---|\n${lines.join('\n')}\n`;
console.log(block);
if (WRITE) {
  const file = new URL('./scan-results.md', import.meta.url);
  const text = await readFile(file, 'utf8');
  // Under the newest run: before the second "## " heading, or at the end.
  const first = text.indexOf('\n## ');
  const second = first < 0 ? -1 : text.indexOf('\n## ', first + 1);
  const at = second < 0 ? text.length : second;
  await writeFile(file, `${text.slice(0, at).trimEnd()}\n${block}${text.slice(at)}`);
  console.log('added to bench/scan-results.md');
}
