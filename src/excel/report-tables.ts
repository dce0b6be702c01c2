/**
 * Reading a report sheet's table back: a pick list comes back with what the picker wrote in its Picked column.
 * The table is found by the name writeReportSheet gave it (`<table>_<report id>`, sanitized), not by the sheet
 * name, because sheet names are de-duplicated and users rename sheets.
 */
import type { ReportTable } from '../app/ports';
import { parseAddress, sanitizeTableName } from './cells';
import type { XlRequestContext } from './office-subset';

export function reportTableName(report: { readonly id: string; readonly table: string }): string {
  return sanitizeTableName(`${report.table}_${report.id}`);
}

export async function readReportTable(ctx: XlRequestContext, report: { readonly id: string; readonly table: string }): Promise<ReportTable | null> {
  const table = ctx.workbook.tables.getItemOrNullObject(reportTableName(report)).load('name');
  const header = table.getHeaderRowRange().load('values, address');
  const body = table.getDataBodyRange().load('values');
  await ctx.sync();
  if (table.isNullObject) return null;
  // The sheet's name as Excel quotes it in the address: no second round trip for it.
  const sheet = { name: parseAddress(header.address).sheet };
  return { sheet: sheet.name, headers: (header.values[0] ?? []).map((h) => String(h)), rows: body.values };
}
