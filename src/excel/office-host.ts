/** Starting inside Excel: the only place that reads the `Office` and `Excel` globals. */
import type { ExcelRun, XlRequestContext } from './office-subset';

export const officeRun: ExcelRun = (batch) => Excel.run((context) => batch(context as XlRequestContext));

/** Resolves when Office.js is ready in Excel; rejects with a clear message when the page is not in Excel. */
export async function whenExcelReady(): Promise<void> {
  if (typeof Office === 'undefined') throw new Error('Office.js did not load: open Lotbook from Excel, or use the playground (npm start).');
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) throw new Error(`Lotbook runs in Excel, not in ${String(info.host ?? 'this host')}.`);
  if (!Office.context.requirements.isSetSupported('ExcelApi', '1.9')) {
    throw new Error('This version of Excel is too old for Lotbook (it needs ExcelApi 1.9: Microsoft 365, Excel 2021 or Excel on the web).');
  }
}


/** The open document's URL, which names what Lotbook keeps of it on this computer; null for a workbook never saved. */
export function documentKey(): string | null {
  return typeof Office === 'undefined' ? null : (Office.context?.document?.url ?? null) || null;
}
