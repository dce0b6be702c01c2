/**
 * The playground: Lotbook's real task panes over an in-browser workbook (the Office.js fake), for working and
 * testing without Excel. `?workbook=empty` starts from a blank workbook; the default is the demo data.
 */
import { createRoot } from 'react-dom/client';
import { Playground } from './Playground';
import { createPlaygroundWorkbook } from './seed';

const params = new URLSearchParams(window.location.search);
const start = params.get('workbook') === 'empty' ? 'empty' : 'demo';
const today = params.get('today') ?? undefined;

createPlaygroundWorkbook(start, today).then(
  (env) => {
    // For browser tests and for poking at the workbook from the console: the playground's fake Excel.
    (window as unknown as { lotbookPlayground: unknown }).lotbookPlayground = { fake: env.fake, workbook: env.workbook };
    createRoot(document.getElementById('root')!).render(<Playground env={env} />);
  },
  (e: unknown) => {
    document.getElementById('root')!.textContent = `The playground could not start: ${e instanceof Error ? e.message : String(e)}`;
  },
);
