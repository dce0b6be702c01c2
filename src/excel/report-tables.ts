/**
 * Reading a report sheet's table back: a pick list comes back with what the picker wrote in its Picked column.
 * The table is found by the name writeReportSheet gave it (`<table>_<report id>`, sanitized), not by the sheet
 * name, because sheet names are de-duplicated and users rename sheets.
 */
import type { ReportTable } from '../app/ports';
import { officeCode } from './errors';
import { parseAddress, sanitizeTableName } from './cells';
import type { XlRequestContext } from './office-subset';

export function reportTableName(report: { readonly id: string; readonly table: string }): string {
  return sanitizeTableName(`${report.table}_${report.id}`);
}

export async function readReportTable(context: XlRequestContext, report: { readonly id: string; readonly table: string }): Promise<ReportTable | null> {
  // getItem, and ItemNotFound for "gone": ranges taken from a null object in the same batch are undocumented
  // (docs/office-fake.md), and this way the read stays one round trip.
  const table = context.workbook.tables.getItem(reportTableName(report));
  const header = table.getHeaderRowRange().load('values, address');
  const body = table.getDataBodyRange().load('values');
  try {
    await context.sync();
  } catch (e) {
    if (officeCode(e) === 'ItemNotFound') return null;
    throw e;
  }
  // The sheet's name as Excel quotes it in the address: no second round trip for it.
  const sheet = { name: parseAddress(header.address).sheet };
  return { sheet: sheet.name, headers: (header.values[0] ?? []).map((h) => String(h)), rows: body.values };
}

/**
 * Several report tables in one round trip; when one is gone (its sync fails with ItemNotFound as a whole), each
 * is read on its own so that the others still come back.
 */
export async function readReportTables(context: XlRequestContext, reports: ReadonlyArray<{ readonly id: string; readonly table: string }>): Promise<Array<ReportTable | null>> {
  if (reports.length <= 1) return Promise.all(reports.map((r) => readReportTable(context, r)));
  const loads = reports.map((report) => {
    const table = context.workbook.tables.getItem(reportTableName(report));
    return { header: table.getHeaderRowRange().load('values, address'), body: table.getDataBodyRange().load('values') };
  });
  try {
    await context.sync();
  } catch (e) {
    if (officeCode(e) !== 'ItemNotFound') throw e;
    const out: Array<ReportTable | null> = [];
    // One at a time on purpose: requests on one context must not interleave, and a gone table fails its own only.
    for (const r of reports) out.push(await readReportTable(context, r));
    return out;
  }
  return loads.map(({ header, body }) => ({ sheet: parseAddress(header.address).sheet, headers: (header.values[0] ?? []).map((h) => String(h)), rows: body.values }));
}
