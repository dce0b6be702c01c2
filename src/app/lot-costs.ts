/**
 * The lot costs report for accountants (issue 4, item 6): per lot over a period, opening quantity and value,
 * what came in (received, produced, returned), what was adjusted (counts, and transfers, which net to zero
 * within a lot), what went out (consumed, shipped = cost of goods sold, destroyed or written off), closing
 * quantity and value and unit cost; and for produced lots, which input lots and which conversion cost made up
 * their value.
 *
 * One Excel table, so that it can be filtered and summed: each lot has a row with Line = "Lot", followed by
 * its drill-down rows (Line = "Input" or "Conversion", only for produced lots). Drill-down rows leave the lot
 * figures blank and carry their amount in the Contributed Cost column, so a SUM over any lot figure column is
 * the total of that figure whatever the filter. Totals and the reconciliation check are lines under the table:
 * value totals only, because quantities of different units do not add.
 *
 * Adjustments and write-offs by reason (issue 9): a lot with ADJUST or DESTROY movements in the period has a drill-down
 * row per reason (Line = "Adjusted" or "Written Off", the reason in Reason, its figures in Reason Qty and Reason
 * Value). The reason is the movement's Note when it is a count reason (counts post them there), "other" otherwise;
 * transfers, which the Adjusted column also holds, are the reason "transfer". A lot's Adjusted rows add up to its
 * Adjusted figures and its Written Off rows to its Written Off figures; the footer splits the totals the same way.
 */
import type { TableProblem } from '../domain/codec';
import { lotKey } from '../domain/codec';
import { lotCostReport, type CostIssue, type LotCostRow, type LotCostTotals, type QtyValue } from '../domain/costing';
import { isoDate } from '../domain/dates';
import { formatMoney, moneyToNumber, qtyToNumber } from '../domain/fixed';
import type { IsoDate, IsoDateTime, LotKey, Money, Movement, Product, Qty } from '../domain/types';
import { COUNT_REASONS, type CountReason } from './count';
import type { ReportSheet, Snapshot, WorkbookPort } from './ports';

export type LotCostsErrorCode = 'bad-date' | 'bad-period' | 'cycle' | 'table-problem';

export interface LotCostsRefusal {
  readonly ok: false;
  readonly code: LotCostsErrorCode;
  readonly message: string;
  readonly problems?: readonly TableProblem[];
}

/** Why stock was adjusted or written off: a count reason from the movement's Note, else other; transfers apart. */
export type AdjustmentReason = CountReason | 'other' | 'transfer';
const REASON_ORDER: readonly AdjustmentReason[] = [...COUNT_REASONS, 'other', 'transfer'];

/** One figure of one reason: adjusted is signed (+ into the lot) like the Adjusted column, written off reads positive. */
export interface ReasonSplit {
  readonly figure: 'adjusted' | 'destroyed';
  readonly reason: AdjustmentReason;
  readonly qty: Qty;
  readonly value: Money;
}

export function adjustmentReason(m: Pick<Movement, 'type' | 'note'>): AdjustmentReason {
  if (m.type === 'TRANSFER') return 'transfer';
  const note = m.note.trim().toLowerCase();
  return (COUNT_REASONS as readonly string[]).includes(note) ? (note as CountReason) : 'other';
}

/**
 * Pure: the period's ADJUST, TRANSFER and DESTROY movements split by reason, per lot, in REASON_ORDER. `values` is
 * costing's signed value of each movement, so the parts add up exactly to the report's figures.
 */
export function splitByReason(movements: readonly Movement[], valueOfMovement: ArrayLike<number>, from: IsoDate, to: IsoDate): Map<LotKey, ReasonSplit[]> {
  const acc = new Map<LotKey, Map<string, { figure: 'adjusted' | 'destroyed'; reason: AdjustmentReason; qty: number; value: number }>>();
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i]!;
    if (m.date < from || m.date > to) continue;
    if (m.type !== 'ADJUST' && m.type !== 'TRANSFER' && m.type !== 'DESTROY') continue;
    const figure = m.type === 'DESTROY' ? 'destroyed' : 'adjusted';
    const sign = figure === 'destroyed' ? -1 : 1;
    const reason = adjustmentReason(m);
    const key = lotKey(m.sku, m.lot);
    let lot = acc.get(key);
    if (!lot) acc.set(key, (lot = new Map()));
    const k = `${figure}\u0000${reason}`;
    let part = lot.get(k);
    if (!part) lot.set(k, (part = { figure, reason, qty: 0, value: 0 }));
    part.qty += sign * m.qty;
    part.value += sign * (valueOfMovement[i] ?? 0);
  }
  const out = new Map<LotKey, ReasonSplit[]>();
  for (const [key, parts] of acc) {
    const list = [...parts.values()]
      // A transfer out and back in within the lot nets to nothing: no row for it.
      .filter((p) => p.qty !== 0 || p.value !== 0)
      .sort((a, b) => (a.figure !== b.figure ? (a.figure === 'adjusted' ? -1 : 1) : REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason)))
      .map((p) => ({ figure: p.figure, reason: p.reason, qty: p.qty as Qty, value: p.value as Money }));
    if (list.length) out.set(key, list);
  }
  return out;
}

/** Per figure and reason, summed over the lots (values only add across units). */
export function reasonTotals(byLot: ReadonlyMap<LotKey, readonly ReasonSplit[]>): ReasonSplit[] {
  const sum = new Map<string, { figure: 'adjusted' | 'destroyed'; reason: AdjustmentReason; qty: number; value: number }>();
  for (const list of byLot.values()) {
    for (const p of list) {
      const k = `${p.figure}\u0000${p.reason}`;
      const t = sum.get(k) ?? { figure: p.figure, reason: p.reason, qty: 0, value: 0 };
      t.qty += p.qty;
      t.value += p.value;
      sum.set(k, t);
    }
  }
  return [...sum.values()]
    .sort((a, b) => (a.figure !== b.figure ? (a.figure === 'adjusted' ? -1 : 1) : REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason)))
    .map((p) => ({ figure: p.figure, reason: p.reason, qty: p.qty as Qty, value: p.value as Money }));
}

export interface LotCostsSummary {
  readonly ok: true;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly rows: readonly LotCostRow[];
  readonly totals: LotCostTotals;
  readonly issues: readonly CostIssue[];
  /** Adjusted and written-off value by reason over all lots (quantities mix units: a check, not a figure). */
  readonly byReason: readonly ReasonSplit[];
  /** opening + in - out - closing in value, summed over the lots: 0 when the report reconciles. */
  readonly valueCheck: Money;
  /** Lots whose own quantity does not reconcile (always empty unless costing has a bug). */
  readonly unreconciled: readonly string[];
  readonly sheet: ReportSheet;
}

export interface LotCostsRequest {
  readonly from: string;
  readonly to: string;
  /** Made when the user asks for this report (domain/ids.ts newId), so that writing twice writes one sheet. */
  readonly id: string;
  readonly user: string;
  readonly now: IsoDateTime;
}

const signedIn = (r: LotCostTotals, k: 'qty' | 'value'): number => r.received[k] + r.produced[k] + r.returned[k] + r.adjusted[k] + r.transferred[k];
const out = (r: LotCostTotals, k: 'qty' | 'value'): number => r.consumed[k] + r.shipped[k] + r.destroyed[k];
/** opening + in - out - closing: 0 when the figures reconcile. */
export const reconcileGap = (r: LotCostTotals, k: 'qty' | 'value'): number => r.opening[k] + signedIn(r, k) - out(r, k) - r.closing[k];

function describeProblems(problems: readonly TableProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.address}: ${p.message}`);
  return shown.join(' ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : '');
}

const ISSUE_WORDS = (i: CostIssue): string => {
  switch (i.code) {
    case 'missing-unit-cost':
      return `${i.sku} / ${i.lot}: receipt ${i.movementId} has no unit cost (valued at 0)`;
    case 'unknown-run':
      return `run ${i.runId} is not in Runs (no conversion cost)`;
    case 'run-without-output':
      return `run ${i.runId} consumed ${formatMoney(i.value)} but produced nothing`;
    case 'unlinked-movement':
      return `movement ${i.movementId} has no run reference`;
  }
};

const COLUMNS: ReportSheet['table']['columns'] = [
  { header: 'Line', type: 'text' },
  { header: 'SKU', type: 'text' },
  { header: 'Lot', type: 'text' },
  { header: 'Unit', type: 'text' },
  { header: 'Opening Qty', type: 'qty' },
  { header: 'Opening Value', type: 'money' },
  { header: 'Received Qty', type: 'qty' },
  { header: 'Received Value', type: 'money' },
  { header: 'Produced Qty', type: 'qty' },
  { header: 'Produced Value', type: 'money' },
  { header: 'Returned Qty', type: 'qty' },
  { header: 'Returned Value', type: 'money' },
  { header: 'Adjusted Qty', type: 'qty' },
  { header: 'Adjusted Value', type: 'money' },
  { header: 'Consumed Qty', type: 'qty' },
  { header: 'Consumed Value', type: 'money' },
  { header: 'Shipped Qty', type: 'qty' },
  { header: 'COGS', type: 'money' },
  { header: 'Written Off Qty', type: 'qty' },
  { header: 'Written Off Value', type: 'money' },
  { header: 'Closing Qty', type: 'qty' },
  { header: 'Closing Value', type: 'money' },
  { header: 'Unit Cost', type: 'money' },
  { header: 'From Run', type: 'text' },
  { header: 'From SKU', type: 'text' },
  { header: 'From Lot', type: 'text' },
  { header: 'Input Qty', type: 'qty' },
  // Input Qty is in the input's unit, not in the unit of the row's SKU (the produced lot): said in its own column.
  { header: 'Input Unit', type: 'text' },
  { header: 'Contributed Cost', type: 'money' },
  { header: 'Reason', type: 'text' },
  { header: 'Reason Qty', type: 'qty' },
  { header: 'Reason Value', type: 'money' },
];

const pair = (v: QtyValue): [number, number] => [qtyToNumber(v.qty), moneyToNumber(v.value)];
const plus = (a: QtyValue, b: QtyValue): QtyValue => ({ qty: (a.qty + b.qty) as never, value: (a.value + b.value) as never });

/** The report sheet of a costed period; pure. */
export function lotCostsSheet(args: {
  readonly id: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly rows: readonly LotCostRow[];
  readonly totals: LotCostTotals;
  readonly issues: readonly CostIssue[];
  readonly products: readonly Product[];
  readonly user: string;
  readonly now: IsoDateTime;
  /** From splitByReason; without it no reason rows or lines are written. */
  readonly byReason?: ReadonlyMap<LotKey, readonly ReasonSplit[]>;
}): ReportSheet {
  const unitOf = new Map(args.products.map((p) => [p.sku, p.unit]));
  // Totals are numbers (exact to the ten-thousandth, as the table's cells), so that they can be summed and checked.
  const money = (m: number) => moneyToNumber(m as Money);
  const body: (string | number | null)[][] = [];
  const blanks = (n: number): null[] => Array.from({ length: n }, () => null);
  for (const r of args.rows) {
    body.push([
      'Lot',
      r.sku,
      r.lot,
      unitOf.get(r.sku) ?? '',
      ...pair(r.opening),
      ...pair(r.received),
      ...pair(r.produced),
      ...pair(r.returned),
      ...pair(plus(r.adjusted, r.transferred)),
      ...pair(r.consumed),
      ...pair(r.shipped),
      ...pair(r.destroyed),
      ...pair(r.closing),
      r.unitCost === null ? null : moneyToNumber(r.unitCost),
      ...blanks(9),
    ]);
    // The drill-down: only lots whose value came from runs (a received lot's layers are its receipts).
    // Every row's Unit is the unit of its SKU (the lot the row belongs to); an input's own unit is in Input Unit.
    const unit = unitOf.get(r.sku) ?? '';
    if (r.layers.some((l) => l.kind !== 'receipt')) {
      for (const l of r.layers) {
        if (l.kind === 'input') body.push(['Input', r.sku, r.lot, unit, ...blanks(19), l.runId, l.fromSku, l.fromLot, qtyToNumber(l.qty), unitOf.get(l.fromSku) ?? '', moneyToNumber(l.cost), ...blanks(3)]);
        else if (l.kind === 'conversion') body.push(['Conversion', r.sku, r.lot, unit, ...blanks(19), l.runId, '', '', null, '', moneyToNumber(l.cost), ...blanks(3)]);
        else if (l.kind === 'unlinked') body.push(['Unlinked', r.sku, r.lot, unit, ...blanks(19), '', '', '', qtyToNumber(l.qty), unit, moneyToNumber(l.cost), ...blanks(3)]);
        else body.push(['Receipt', r.sku, r.lot, unit, ...blanks(19), l.ref, '', '', qtyToNumber(l.qty), unit, moneyToNumber(l.cost), ...blanks(3)]);
      }
    }
    for (const p of args.byReason?.get(lotKey(r.sku, r.lot)) ?? []) {
      body.push([p.figure === 'adjusted' ? 'Adjusted' : 'Written Off', r.sku, r.lot, unit, ...blanks(25), p.reason, qtyToNumber(p.qty), moneyToNumber(p.value)]);
    }
  }
  const reasonLines = (figure: ReasonSplit['figure']) => reasonTotals(args.byReason ?? new Map()).filter((p) => p.figure === figure).map((p) => [`    ${figure === 'adjusted' ? 'adjusted' : 'written off'}, ${p.reason}`, money(p.value)] as const);
  const t = args.totals;
  const gap = reconcileGap(t, 'value');
  return {
    id: args.id,
    name: `Costs ${args.from} to ${args.to}`,
    title: `Lot costs ${args.from} to ${args.to}`,
    header: [
      ['Period', `${args.from} to ${args.to} (both days included)`],
      ['Lots', args.rows.length],
      ['Costing', 'Moving average per lot; produced lots carry their inputs’ cost plus the run’s conversion cost; amounts rounded half to even to 0.0001.'],
      ['Drill-down', 'Rows with Line = Input or Conversion show what made up a produced lot’s value (Contributed Cost); rows with Line = Adjusted or Written Off split those figures by Reason (Reason Qty, Reason Value); filter Line = Lot for one row per lot.'],
      ['Prepared by', args.user],
      ['Prepared at', args.now.replace('T', ' ')],
      ...(args.issues.length ? [['Check', args.issues.slice(0, 5).map(ISSUE_WORDS).join('; ') + (args.issues.length > 5 ? ` (and ${args.issues.length - 5} more)` : '')] as const] : []),
    ],
    table: { name: 'LotCosts', columns: COLUMNS, rows: body },
    footer: [
      ['Opening value', money(t.opening.value)],
      ['+ Received value', money(t.received.value)],
      ['+ Produced value', money(t.produced.value)],
      ['+ Returned value', money(t.returned.value)],
      ['+ Adjusted value (counts, transfers)', money(t.adjusted.value + t.transferred.value)],
      ...reasonLines('adjusted'),
      ['- Consumed value', money(t.consumed.value)],
      ['- Shipped value (COGS)', money(t.shipped.value)],
      ['- Written off value', money(t.destroyed.value)],
      ...reasonLines('destroyed'),
      ['= Closing value', money(t.closing.value)],
      ['Reconciles (opening + in - out - closing)', gap === 0 ? 'yes, 0.00' : `NO: off by ${formatMoney(gap as Money)}`],
    ],
  };
}

export type LotCostsTables = Snapshot<'Products' | 'Lots' | 'Movements' | 'Runs'>;
const TABLES_READ = ['Products', 'Lots', 'Movements', 'Runs'] as const;

/** Costs the period over the tables and builds the sheet; pure. */
export function planLotCosts(t: LotCostsTables, req: LotCostsRequest): LotCostsSummary | LotCostsRefusal {
  const from = isoDate(req.from.trim());
  const to = isoDate(req.to.trim());
  if (from === null || to === null) return { ok: false, code: 'bad-date', message: `The period needs two dates as YYYY-MM-DD; "${from === null ? req.from : req.to}" is not one.` };
  // Every movement and run feeds the values: a row left out would make the report wrong without saying so.
  const bad = [...t.Movements.problems, ...t.Runs.problems];
  if (bad.length) return { ok: false, code: 'table-problem', message: `Some Movements or Runs rows have problems, so the costs would be wrong; fix them in Excel first: ${describeProblems(bad)}`, problems: bad };
  const report = lotCostReport({ movements: t.Movements.rows, runs: t.Runs.rows, lots: t.Lots.rows, from, to });
  if (!report.ok) return { ok: false, code: report.code, message: report.message };
  const byReason = splitByReason(t.Movements.rows, report.valueOfMovement, from, to);
  const sheet = lotCostsSheet({ id: req.id, from, to, rows: report.rows, totals: report.totals, issues: report.issues, products: t.Products.rows, user: req.user, now: req.now, byReason });
  const unreconciled = report.rows.filter((r) => reconcileGap(r, 'qty') !== 0 || reconcileGap(r, 'value') !== 0).map((r) => `${r.sku} / ${r.lot}`);
  return { ok: true, from, to, rows: report.rows, totals: report.totals, issues: report.issues, byReason: reasonTotals(byReason), valueCheck: reconcileGap(report.totals, 'value') as Money, unreconciled, sheet };
}

/** The figures for the period, for the pane: nothing is written. */
export function previewLotCosts(workbook: WorkbookPort, req: LotCostsRequest): Promise<LotCostsSummary | LotCostsRefusal> {
  return workbook.transact(async (tx) => planLotCosts(await tx.read(TABLES_READ), req));
}

export type LotCostsOutcome = LotCostsRefusal | (LotCostsSummary & { readonly sheetName: string });

/** Writes the report sheet from a fresh read; writing again with the same id finds the sheet already there. */
export async function writeLotCostsReport(workbook: WorkbookPort, req: LotCostsRequest): Promise<LotCostsOutcome> {
  return workbook.transact(async (tx) => {
    const plan = planLotCosts(await tx.read(TABLES_READ), req);
    if (!plan.ok) return plan;
    const report = await tx.write({ sheets: [plan.sheet] });
    return { ...plan, sheetName: report.sheets[0] ?? '' };
  });
}
