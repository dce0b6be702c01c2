/** Entry point inside Excel: wires the real workbook adapter into the panes. */
import { createRoot } from 'react-dom/client';
import { createExcelWorkbook } from '../excel/excel-workbook';
import { officeRun, officeUserName, whenExcelReady } from '../excel/office-host';
import { todayIso } from '../domain/dates';
import { App } from './App';

const root = createRoot(document.getElementById('root')!);

whenExcelReady().then(
  () => root.render(<App services={{ workbook: createExcelWorkbook(officeRun), user: officeUserName(), today: () => todayIso() }} />),
  (e: unknown) => root.render(<p style={{ font: '14px Segoe UI, sans-serif', padding: 16 }}>{e instanceof Error ? e.message : String(e)}</p>),
);
