/**
 * The playground: Lotbook's real task panes over an in-browser workbook (the Office.js fake), for working and
 * testing without Excel. `?workbook=empty` starts from a blank workbook; the default is the demo data. `?persist=1`
 * keeps the workbook's tables across reloads (sessionStorage), for testing the outbox over a reload.
 */
import { createRoot } from 'react-dom/client';
import { Playground } from './Playground';
import { createPlaygroundWorkbook } from './seed';
import { connectCache } from '../cache/connect';

const params = new URLSearchParams(window.location.search);
const start = params.get('workbook') === 'empty' ? 'empty' : 'demo';
const today = params.get('today') ?? undefined;

const persist = params.get('persist') === '1';

createPlaygroundWorkbook(start, today, { persist }).then(
  async (env) => {
    // For browser tests and for poking at the workbook from the console: the playground's fake Excel.
    (window as unknown as { lotbookPlayground: unknown }).lotbookPlayground = { fake: env.fake, workbook: env.workbook, hold: env.hold, holdMovements: env.holdMovements };
    // The cache is named after the workbook, so it needs one read; a restored "offline" switch holds that read
    // back until the pane has its cache (a real add-in that cannot read its workbook at start runs without one).
    const wasOffline = env.offline.on;
    if (wasOffline) env.offline.set(false);
    const cache = await connectCache(env.workbook);
    if (wasOffline) env.offline.set(true);
    cache.start(params.has('flushEveryMs') ? Number(params.get('flushEveryMs')) : 30_000);
    // `?paneWidth=320`: the task pane at the width of a narrow Excel pane (default 360 px).
    const paneWidth = Number(params.get('paneWidth')) || undefined;
    createRoot(document.getElementById('root')!).render(<Playground env={env} cache={cache} paneWidth={paneWidth} />);
  },
  (e: unknown) => {
    document.getElementById('root')!.textContent = `The playground could not start: ${e instanceof Error ? e.message : String(e)}`;
  },
);
