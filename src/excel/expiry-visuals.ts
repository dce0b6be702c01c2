/**
 * Expiry made visible in Excel itself, for people who never open the task pane: conditional formats on Lots that
 * colour expired and expiring rows with stock, and a column chart of on-hand quantity by expiry month on the
 * Expiring lots report sheet.
 *
 * The rules compare with TODAY() rather than a date written now, so the colours stay right on every later day.
 * They reference columns by the letter the Expiry and On Hand headers have today; a user who moves those columns
 * afterwards runs "Mark in Lots" again, which replaces Lotbook's own rules (recognised by their shape) and leaves
 * the user's rules alone.
 */
import type { ExpiryVisualsReport, ExpiryVisualsRequest } from '../app/ports';
import { WorkbookError } from '../app/ports';
import { columnLetter } from '../domain/codec';
import { parseAddress } from './cells';
import { officeCode } from './errors';
import { textFormattedCell } from './text-cells';
import { reportTableName } from './report-tables';
import type { XlConditionalFormat, XlRequestContext } from './office-subset';

export const EXPIRED_FILL = '#FFC7CE';
export const EXPIRED_FONT = '#9C0006';
export const EXPIRING_FILL = '#FFEB9C';
export const EXPIRING_FONT = '#9C5700';
export const EXPIRY_CHART_NAME = 'LotbookExpiryByMonth';

// Every Lotbook rule starts like this; users' rules practically never do.
const OURS = /^=AND\(\$[A-Z]+\d+<>"",N\(\$[A-Z]+\d+\)>0,\$[A-Z]+\d+/;

/** The two rule formulas for a Lots body whose first row is `row`, Expiry in `expiry`, On Hand in `onHand`. */
export function expiryRuleFormulas(expiry: string, onHand: string, row: number, warningDays: number): { expired: string; expiring: string } {
  const e = `$${expiry}${row}`;
  const base = `=AND(${e}<>"",N($${onHand}${row})>0,`;
  return { expired: `${base}${e}<TODAY())`, expiring: `${base}${e}>=TODAY(),${e}<=TODAY()+${warningDays})` };
}

export async function showExpiry(context: XlRequestContext, request: ExpiryVisualsRequest): Promise<ExpiryVisualsReport> {
  let rulesAdded = 0;
  let chart: ExpiryVisualsReport['chart'] = 'none';
  if (request.lots) rulesAdded = await markLots(context, request.lots.warningDays);
  if (request.chart) chart = await addChart(context, request.chart);
  return { rulesAdded, chart };
}

async function markLots(context: XlRequestContext, warningDays: number): Promise<number> {
  if (!Number.isInteger(warningDays) || warningDays < 1) throw new Error(`warningDays must be a whole number of days, not ${warningDays}`);
  const table = context.workbook.tables.getItem('Lots');
  const header = table.getHeaderRowRange().load('values, address');
  const body = table.getDataBodyRange();
  const existing = body.conditionalFormats.load('items/type');
  await context.sync();

  const headers = (header.values[0] ?? []).map((h) => String(h).trim().toLowerCase());
  const a = parseAddress(header.address);
  const col = (name: string) => {
    const i = headers.indexOf(name.toLowerCase());
    if (i < 0) throw new WorkbookError('table-missing', `Lots has no column ${name}. Choose "Set up workbook" to repair it.`);
    return columnLetter(a.column + i);
  };
  const wanted = expiryRuleFormulas(col('Expiry'), col('On Hand'), a.row + 1, warningDays);

  const custom = existing.items.filter((cf) => cf.type === 'Custom');
  const rules = custom.map((cf) => ({ cf, rule: cf.custom.rule.load('formula') }));
  if (rules.length > 0) await context.sync();
  const have = new Set<string>();
  const stale: XlConditionalFormat[] = [];
  for (const { cf, rule } of rules) {
    if (rule.formula === wanted.expired || rule.formula === wanted.expiring) have.add(rule.formula);
    else if (OURS.test(rule.formula)) stale.push(cf);
  }
  for (const cf of stale) cf.delete();
  let added = 0;
  for (const [formula, fill, font] of [
    [wanted.expired, EXPIRED_FILL, EXPIRED_FONT],
    [wanted.expiring, EXPIRING_FILL, EXPIRING_FONT],
  ] as const) {
    if (have.has(formula)) continue;
    const cf = body.conditionalFormats.add('Custom');
    cf.custom.rule.formula = formula;
    cf.custom.format.fill.color = fill;
    cf.custom.format.font.color = font;
    added++;
  }
  await context.sync();
  return added;
}

async function addChart(context: XlRequestContext, request: NonNullable<ExpiryVisualsRequest['chart']>): Promise<ExpiryVisualsReport['chart']> {
  const range = context.workbook.tables.getItem(reportTableName(request.report)).getRange().load('address');
  try {
    await context.sync();
  } catch (e) {
    if (officeCode(e) === 'ItemNotFound') throw new WorkbookError('table-missing', 'The Expiring lots sheet is gone (deleted in Excel?). Write the sheet again, then add the chart.');
    throw e;
  }
  const sheet = context.workbook.worksheets.getItem(parseAddress(range.address).sheet);
  const charts = sheet.charts.load('items/name');
  await context.sync();
  if (charts.items.some((c) => c.name === EXPIRY_CHART_NAME)) return 'exists';
  // The chart is named by the last command of its batch, so a named chart is a whole one. A chart under Excel's
  // default name on this report sheet was left by an attempt that failed before naming it: replace it.
  for (const orphan of charts.items.filter((c) => /^Chart \d+$/.test(c.name))) orphan.delete();

  const a = parseAddress(range.address);
  const c0 = a.endColumn + 2; // one blank column between the report table and the chart's data
  const r0 = a.row;
  const rows = Math.max(request.months.length, 1);
  const data = sheet.getRange(`${columnLetter(c0)}${r0}:${columnLetter(c0 + 1)}${r0 + rows}`);
  // Month labels like 2026-12 would be typed into dates: format first, in its own sync (docs/excel-facts.md, "Formats first").
  data.numberFormat = [['@', '@'], ...Array.from({ length: rows }, () => ['@', '#,##0.###'])];
  await context.sync();
  const values = request.months.length > 0 ? request.months.map(([m, q]) => [textFormattedCell(m, {}), q]) : [['', 0]];
  data.values = [['Expiry month', 'On hand'], ...values];
  const chart = sheet.charts.add('ColumnClustered', data, 'Columns');
  chart.title.text = request.title;
  chart.setPosition(`${columnLetter(c0 + 3)}${r0}`, `${columnLetter(c0 + 10)}${r0 + 16}`);
  chart.name = EXPIRY_CHART_NAME;
  await context.sync();
  return 'added';
}
