/**
 * Expiring lots (issue 5): lots with stock that expire within the warning windows (Settings `expiryWarningDays`,
 * e.g. `30,60,90`), with quantity and value; as a view for the pane, as a report sheet with a chart of on-hand
 * quantity by expiry month, and as conditional formats in Lots.
 *
 * On hand comes from the ledger (Movements), not from the Lots column, which is only a stored copy.
 */
import { daysBetween, isoDateToSerial } from '../domain/dates';
import { extendCost, moneyToNumber, qtyToNumber } from '../domain/fixed';
import { refreshOnHand } from '../domain/ledger';
import { sameKey } from '../domain/keys';
import { DEFAULT_RULES, readRules, RULE_KEYS } from '../domain/rules';
import type { IsoDate, Lot, Money, Qty, Setting } from '../domain/types';
import type { ExpiryVisualsReport, ReportSheet, Snapshot, WorkbookPort } from './ports';

export const DEFAULT_WINDOWS: readonly number[] = DEFAULT_RULES.expiryWarningDays;
export const EXPIRING_TABLE = 'ExpiringLots';

/** The warning windows from Settings (domain/rules.ts): whole days, ascending, without repeats; the default when blank or unreadable. */
export function warningWindows(settings: readonly Setting[]): { readonly windows: readonly number[]; readonly problem?: string } {
  const reading = readRules({ rows: settings.filter((s) => sameKey(s.key, RULE_KEYS.expiryWarningDays)) });
  const problem = reading.problems[0];
  return { windows: reading.rules.expiryWarningDays, ...(problem ? { problem: `Settings ${problem.message}` } : {}) };
}

export interface ExpiringLot {
  readonly sku: string;
  readonly description: string;
  readonly lot: string;
  readonly expiry: IsoDate;
  /** Negative once expired. */
  readonly daysLeft: number;
  /** The smallest window the lot falls in, or 'expired'. */
  readonly window: number | 'expired';
  readonly status: Lot['status'];
  readonly location: string;
  readonly onHand: Qty;
  readonly decimals: number;
  readonly unit: string;
  readonly unitCost: Money | null;
  /** null when the lot has no unit cost. */
  readonly value: Money | null;
}

export interface ExpiryView {
  readonly today: IsoDate;
  readonly windows: readonly number[];
  readonly settingProblem?: string;
  /** Expired first, then by expiry. */
  readonly lots: readonly ExpiringLot[];
  /** Per window (and 'expired'): how many lots, and their value (lots without a cost left out of the value). */
  readonly totals: ReadonlyArray<{ readonly window: number | 'expired'; readonly lots: number; readonly value: Money }>;
  /** On hand of every lot with stock and an expiry, by expiry month `YYYY-MM`, in month order. */
  readonly months: ReadonlyArray<readonly [string, number]>;
}

export type ExpiryTables = Snapshot<'Lots' | 'Movements' | 'Products' | 'Settings'>;

export function expiryView(tables: ExpiryTables, today: IsoDate): ExpiryView {
  const { windows, problem } = warningWindows(tables.Settings.rows);
  const widest = windows[windows.length - 1] ?? 90;
  const products = new Map(tables.Products.rows.map((p) => [p.sku, p]));
  const lots = refreshOnHand(tables.Lots.rows, tables.Movements.rows);
  const out: ExpiringLot[] = [];
  const months = new Map<string, number>();
  for (const l of lots) {
    const q = l.onHand ?? 0;
    if (!(q > 0) || l.expiry === null) continue;
    months.set(l.expiry.slice(0, 7), (months.get(l.expiry.slice(0, 7)) ?? 0) + q);
    const daysLeft = daysBetween(today, l.expiry);
    if (daysLeft > widest) continue;
    const window = daysLeft < 0 ? 'expired' : windows.find((w) => daysLeft <= w)!;
    const p = products.get(l.sku);
    out.push({
      sku: l.sku, description: p?.description ?? '', lot: l.lot, expiry: l.expiry, daysLeft, window, status: l.status, location: l.location,
      onHand: q as Qty, decimals: p?.decimals ?? 3, unit: p?.unit ?? '', unitCost: l.unitCost, value: l.unitCost === null ? null : extendCost(q as Qty, l.unitCost),
    });
  }
  out.sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.lot < b.lot ? -1 : 1));
  const totals = (['expired', ...windows] as const).map((w) => {
    const these = out.filter((l) => l.window === w);
    return { window: w, lots: these.length, value: these.reduce((s, l) => s + (l.value ?? 0), 0) as Money };
  });
  const monthList = [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, q]) => [m, qtyToNumber(q as Qty)] as const);
  return { today, windows, ...(problem ? { settingProblem: problem } : {}), lots: out, totals, months: monthList };
}

export function expiringSheet(id: string, view: ExpiryView, user: string): ReportSheet {
  const label = (w: number | 'expired') => (w === 'expired' ? 'Expired' : `Within ${w} days`);
  return {
    id,
    name: `Expiring ${view.today}`,
    title: 'Expiring lots',
    header: [
      ['Report', id],
      ['As of', view.today],
      ['Prepared by', user],
      ['Windows (days)', view.windows.join(', ')],
      ...view.totals.map((t) => [label(t.window), `${t.lots} ${t.lots === 1 ? 'lot' : 'lots'}, value ${moneyToNumber(t.value).toFixed(2)}`] as const),
    ],
    table: {
      name: EXPIRING_TABLE,
      columns: [
        { header: 'Window', type: 'text' },
        { header: 'SKU', type: 'text' },
        { header: 'Description', type: 'text' },
        { header: 'Lot', type: 'text' },
        { header: 'Expiry', type: 'date' },
        { header: 'Days Left', type: 'int' },
        { header: 'Status', type: 'text' },
        { header: 'Location', type: 'text' },
        { header: 'On Hand', type: 'qty' },
        { header: 'Unit Cost', type: 'money' },
        { header: 'Value', type: 'money' },
      ],
      rows: view.lots.map((l) => [
        label(l.window), l.sku, l.description, l.lot, isoDateToSerial(l.expiry), l.daysLeft, l.status, l.location, qtyToNumber(l.onHand),
        l.unitCost === null ? null : moneyToNumber(l.unitCost), l.value === null ? null : moneyToNumber(l.value),
      ]),
    },
  };
}

const EXPIRY_TABLES = ['Lots', 'Movements', 'Products', 'Settings'] as const;

export async function loadExpiry(workbook: WorkbookPort, today: IsoDate): Promise<ExpiryView> {
  return workbook.transact(async (tx) => expiryView(await tx.read(EXPIRY_TABLES), today));
}

export interface ExpirySheetOutcome {
  readonly view: ExpiryView;
  readonly sheetName: string;
  readonly chart: ExpiryVisualsReport['chart'];
}

/**
 * Writes the report sheet (one batch), then its chart (a second call: charts are not part of a write batch).
 * `id` is made when the user asks (newId('EXP')): a retry neither makes a second sheet nor a second chart.
 */
export async function writeExpirySheet(workbook: WorkbookPort, input: { readonly id: string; readonly today: IsoDate; readonly user: string }): Promise<ExpirySheetOutcome> {
  const { view, sheetName } = await workbook.transact(async (tx) => {
    const v = expiryView(await tx.read(EXPIRY_TABLES), input.today);
    const report = await tx.write({ sheets: [expiringSheet(input.id, v, input.user)] });
    return { view: v, sheetName: report.sheets[0] ?? '' };
  });
  const visuals = await workbook.showExpiry({ chart: { report: { id: input.id, table: EXPIRING_TABLE }, title: 'On hand by expiry month', months: view.months } });
  return { view, sheetName, chart: visuals.chart };
}

/** Conditional formats in Lots for the widest warning window. */
export async function markExpiryInLots(workbook: WorkbookPort): Promise<{ readonly warningDays: number; readonly rulesAdded: number }> {
  const settings = await workbook.transact(async (tx) => (await tx.read(['Settings'])).Settings.rows);
  const { windows } = warningWindows(settings);
  const warningDays = windows[windows.length - 1] ?? 90;
  const report = await workbook.showExpiry({ lots: { warningDays } });
  return { warningDays, rulesAdded: report.rulesAdded };
}
