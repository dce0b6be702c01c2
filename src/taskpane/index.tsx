/**
 * Entry point inside Excel: wires the real workbook adapter into the panes, the ribbon commands and the LOTBOOK
 * functions, which all live in this page (the shared runtime, manifest.xml <Runtimes>).
 */
import { createRoot } from 'react-dom/client';
import { createExcelWorkbook } from '../excel/excel-workbook';
import { documentKey, officeRun, whenExcelReady } from '../excel/office-host';
import { TableMemory } from '../excel/table-memory';
import { STAMP_BLOCK_ROWS } from '../excel/stamps';
import { createTableStore } from '../cache/table-store';
import { todayIso } from '../domain/dates';
import { createCameraScanner } from '../scanner/camera-scanner';
import { officeCameraPermission } from '../scanner/office-camera-permission';
import { connectCache } from '../cache/connect';
import { readSelectedText } from '../excel/selection';
import { startRibbon } from '../ribbon/commands';
import { App } from './App';
import { createNavigator } from './navigation';
import { watchTableChanges } from '../excel/table-changes';
import { FUNCTION_NAMES, type FnError } from '../functions/evaluate';
import { installFunctions } from '../functions/functions';
import { excelErrors, lotbookFunction } from '../functions/runtime';
import { createTableSource } from '../functions/source';

const root = createRoot(document.getElementById('root')!);
// The ribbon and the keyboard shortcuts run in this page too (shared runtime), even while the pane is hidden.
const navigator = createNavigator();
// What the adapter read is kept in IndexedDB per document, so that a pane opened again starts warm (stamps decide
// what still holds: src/excel/stamps.ts).
const workbook = createExcelWorkbook(officeRun, { memory: new TableMemory(createTableStore(documentKey, STAMP_BLOCK_ROWS)) });

// The functions are installed at once: Excel may calculate a LOTBOOK cell before the pane is ever shown.
const tables = createTableSource(workbook);
// CustomFunctions is looked up when an error is made: the global exists only in Excel.
const excelError = (kind: FnError, message: string) => excelErrors(CustomFunctions)(kind, message);
installFunctions(Object.fromEntries(FUNCTION_NAMES.map((n) => [n, lotbookFunction(n, { source: tables, today: () => todayIso(), error: excelError })])) as Parameters<typeof installFunctions>[0]);

whenExcelReady().then(
  () => {
    // Excel on the web must be asked for the camera through Office (docs/excel-facts.md, "The camera in Excel"); elsewhere this answers 'granted'.
    const scanner = createCameraScanner({ requestPermission: officeCameraPermission(Office) });
    watchTableChanges(() => tables.changed()).catch((e: unknown) => console.warn('LOTBOOK functions will not follow table changes', e));
    // Excel gives an add-in no user name (userProfile is Outlook's): the pane asks the person once (Header).
    const services = { workbook, user: '', today: () => todayIso(), scanner };
    startRibbon({
      office: Office,
      navigate: (request) => navigator.open(request),
      selectedText: () => readSelectedText(officeRun),
      log: (message, error) => console.warn(message, error),
    });
    root.render(<App services={services} navigator={navigator} />);
    // The cache is named after the workbook (one read), so the pane shows first and gains its outbox and mirror
    // when they are ready; saves made before go straight to the workbook.
    connectCache(workbook).then((cache) => {
      if (!cache.outbox) return;
      cache.start();
      root.render(<App services={{ ...services, outbox: cache.outbox, mirror: cache.mirror }} navigator={navigator} />);
    }, () => undefined);
  },
  (e: unknown) => root.render(<p style={{ font: '14px Segoe UI, sans-serif', padding: 16 }}>{e instanceof Error ? e.message : String(e)}</p>),
);
