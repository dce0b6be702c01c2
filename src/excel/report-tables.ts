/**
 * Reading a report sheet's table back: a pick list comes back with what the picker wrote in its Picked column.
 * The table is found by the name writeReportSheet gave it (`<table>_<report id>`, sanitized), not by the sheet
 * name, because sheet names are de-duplicated and users rename sheets.
 */
import type { ReportRef, ReportTable } from '../app/ports';
import { officeCode } from './errors';
import { parseAddress, sanitizeTableName } from './cells';
import type { XlRange, XlRequestContext } from './office-subset';

export function reportTableName(report: ReportRef): string {
  return sanitizeTableName(`${report.table}_${report.id}`);
}

/** A report table's header and body, queued in the current request. */
export interface ReportLoads {
  readonly header: XlRange;
  readonly body: XlRange;
}

/**
 * Queues the loads of a report table. getItem, and ItemNotFound for "gone": ranges taken from a null object in the
 * same batch are undocumented (docs/office-fake.md), so a gone table fails the whole request it is in.
 */
export function queueReportTable(context: XlRequestContext, report: ReportRef): ReportLoads {
  const table = context.workbook.tables.getItem(reportTableName(report));
  return { header: table.getHeaderRowRange().load('values, address'), body: table.getDataBodyRange().load('values') };
}

/** The table as loaded; the sheet's name as Excel quotes it in the header's address (no round trip for it). */
export function loadedReportTable({ header, body }: ReportLoads): ReportTable {
  return { sheet: parseAddress(header.address).sheet, headers: (header.values[0] ?? []).map((h) => String(h)), rows: body.values };
}

export async function readReportTable(context: XlRequestContext, report: ReportRef): Promise<ReportTable | null> {
  const loads = queueReportTable(context, report);
  try {
    await context.sync();
  } catch (e) {
    if (officeCode(e) === 'ItemNotFound') return null;
    throw e;
  }
  return loadedReportTable(loads);
}

/**
 * Several report tables in one round trip; when one is gone (its sync fails with ItemNotFound as a whole), each
 * is read on its own so that the others still come back.
 */
export async function readReportTables(context: XlRequestContext, reports: readonly ReportRef[]): Promise<Array<ReportTable | null>> {
  if (reports.length <= 1) return Promise.all(reports.map((r) => readReportTable(context, r)));
  const loads = reports.map((report) => queueReportTable(context, report));
  try {
    await context.sync();
  } catch (e) {
    if (officeCode(e) !== 'ItemNotFound') throw e;
    const out: Array<ReportTable | null> = [];
    // One at a time on purpose: requests on one context must not interleave, and a gone table fails its own only.
    for (const r of reports) out.push(await readReportTable(context, r));
    return out;
  }
  return loads.map(loadedReportTable);
}
