/**
 * What each LOTBOOK function answers, given the workbook's tables as read: pure, so that jest checks it over
 * seeded workbooks and the playground's formula bar shows the same answer Excel would.
 *
 * Each function answers with the code the panes use, so a cell and a pane can never disagree:
 * - ONHAND: the Movements ledger summed per lot (and location), as the Lots pane does (domain/ledger).
 * - EXPIRY, STATUS: the Lots row; STATUS is the status the Lots pane shows (expired once past expiry).
 * - UNITCOST: the lot's cost from domain/costing, as the Lot costs report values it, refused like that report when
 *   Movements or Runs rows cannot be read.
 * - FEFO: app/pick's proposePicksFrom, the pick list's own proposal, for one order line made up for the question
 *   (SKU, quantity, customer), so holds, quarantine, open pick lists and the customer's minimum shelf life count
 *   exactly as on a pick list.
 * - GS1: domain/gs1's parser (check digits, dates, lengths enforced), as the Receive pane reads scans.
 * - TRACE: app/recall's traceTables, the Recall pane's trace.
 *
 * Expected failures are answers: { ok: false, error: 'N/A' } when the workbook does not know the SKU, lot or
 * customer; 'VALUE' when an argument is malformed. Derived indexes are built once per snapshot (a WeakMap keyed by
 * the snapshot), so a sheet with a thousand LOTBOOK cells sums the ledger once per change, not a thousand times.
 */
import { proposePicksFrom, type OpenPickList, type PickTables } from '../app/pick';
import { traceTables, type RecallTables } from '../app/recall';
import { lotKey } from '../domain/codec';
import { costLots, type CostResult } from '../domain/costing';
import { isoDate, isoDateToSerial, serialToIsoDate } from '../domain/dates';
import { moneyToNumber, qtyFromNumber, qtyToNumber } from '../domain/fixed';
import { parseGs1 } from '../domain/gs1';
import { effectiveStatus } from '../domain/ledger';
import type { Customer, IsoDate, Lot, Movement, Order, Qty } from '../domain/types';
import type { Snapshot } from '../app/ports';
import { FN_WORDS, shown } from './words';

/** The tables the functions read, all in one read per change of the workbook (see source.ts). */
export const FUNCTION_TABLES = ['Products', 'Lots', 'Movements', 'Shipments', 'Customers', 'Orders', 'Runs', 'Settings'] as const;

export interface FunctionTables {
  readonly tables: Snapshot<(typeof FUNCTION_TABLES)[number]>;
  /** Open pick lists, whose stock FEFO must not offer again (as a new pick list does not). */
  readonly openLists: readonly OpenPickList[];
}

export type CellAnswer = string | number | boolean;
export type FnError = 'N/A' | 'VALUE';
export type FnAnswer =
  /** `dates`: the columns (0 for a single value) that hold Excel dates, which a cell should format as yyyy-mm-dd. */
  | { readonly ok: true; readonly value: CellAnswer | CellAnswer[][]; readonly dates?: readonly number[] }
  | { readonly ok: false; readonly error: FnError; readonly message: string };

export const FUNCTION_NAMES = ['ONHAND', 'EXPIRY', 'STATUS', 'UNITCOST', 'FEFO', 'GS1', 'TRACE'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** [required, total] arguments per function. */
export const ARITY: Readonly<Record<FunctionName, readonly [number, number]>> = { ONHAND: [1, 3], EXPIRY: [2, 2], STATUS: [2, 2], UNITCOST: [2, 2], FEFO: [2, 4], GS1: [2, 2], TRACE: [2, 3] };

const na = (message: string): FnAnswer => ({ ok: false, error: 'N/A', message });
const bad = (message: string): FnAnswer => ({ ok: false, error: 'VALUE', message });
const ok = (value: CellAnswer | CellAnswer[][], dates?: readonly number[]): FnAnswer => (dates ? { ok: true, value, dates } : { ok: true, value });

/** One key identity everywhere (DESIGN.md): outer spaces and case do not make another SKU or lot. */
const norm = (s: string): string => s.trim().toUpperCase();
const nkey = (sku: string, lot: string): string => `${norm(sku)}\u0000${norm(lot)}`;

/** An argument as text: blank is undefined; numbers are their digits (a SKU typed into a General cell). */
type Text = { readonly ok: true; readonly text: string | undefined } | { readonly ok: false; readonly answer: FnAnswer };
function textArg(v: unknown, what: string): Text {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return { ok: true, text: undefined };
  if (typeof v === 'string') return { ok: true, text: v.trim() };
  if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, text: String(v) };
  return { ok: false, answer: bad(FN_WORDS.notText(what, shown(v))) };
}

// ------------------------------------------------------------------------------------------------ indexes

interface Index {
  /** Normalized SKU -> the SKU as the workbook spells it (Products first, then Lots, Movements, Shipments). */
  readonly skus: Map<string, string>;
  /** Normalized SKU + lot -> the lot as the workbook spells it. */
  readonly lots: Map<string, { readonly sku: string; readonly lot: string }>;
  readonly lotRows: Map<string, Lot>;
  /** On hand per normalized SKU + lot, and per normalized location within it. */
  readonly onHand: Map<string, number>;
  readonly onHandAt: Map<string, Map<string, number>>;
  /** Normalized SKU -> the normalized SKU + lot keys of its lots with movements. */
  readonly ledgerLotsOf: Map<string, string[]>;
  readonly customers: Map<string, Customer>;
  cost?: CostResult;
  /** Lots and Movements rows per normalized SKU, made on the first FEFO question. */
  stockOf?: Map<string, { lots: Lot[]; movements: Movement[] }>;
}

const indexes = new WeakMap<FunctionTables, Index>();

function indexOf(t: FunctionTables): Index {
  const cached = indexes.get(t);
  if (cached) return cached;
  const { Products, Lots, Movements, Shipments, Customers } = t.tables;
  const skus = new Map<string, string>();
  const lots = new Map<string, { sku: string; lot: string }>();
  const addLot = (sku: string, lot: string) => {
    if (!skus.has(norm(sku))) skus.set(norm(sku), sku);
    const k = nkey(sku, lot);
    if (!lots.has(k)) lots.set(k, { sku, lot });
  };
  for (const p of Products.rows) if (!skus.has(norm(p.sku))) skus.set(norm(p.sku), p.sku);
  const lotRows = new Map<string, Lot>();
  for (const l of Lots.rows) {
    addLot(l.sku, l.lot);
    lotRows.set(nkey(l.sku, l.lot), l);
  }
  const onHand = new Map<string, number>();
  const onHandAt = new Map<string, Map<string, number>>();
  const ledgerLotsOf = new Map<string, string[]>();
  for (const m of Movements.rows) {
    addLot(m.sku, m.lot);
    const k = nkey(m.sku, m.lot);
    const before = onHand.get(k);
    if (before === undefined) {
      const list = ledgerLotsOf.get(norm(m.sku));
      if (list) list.push(k);
      else ledgerLotsOf.set(norm(m.sku), [k]);
    }
    onHand.set(k, (before ?? 0) + m.qty);
    let at = onHandAt.get(k);
    if (!at) onHandAt.set(k, (at = new Map()));
    at.set(norm(m.location), (at.get(norm(m.location)) ?? 0) + m.qty);
  }
  for (const s of Shipments.rows) addLot(s.sku, s.lot);
  const customers = new Map<string, Customer>();
  for (const c of Customers.rows) customers.set(norm(c.id), c);
  // A name finds the customer too, unless it is some other customer's id.
  for (const c of Customers.rows) if (!customers.has(norm(c.name))) customers.set(norm(c.name), c);
  const index: Index = { skus, lots, lotRows, onHand, onHandAt, ledgerLotsOf, customers };
  indexes.set(t, index);
  return index;
}

type Found<T> = { readonly ok: true } & T;
type Failed = { readonly ok: false; readonly answer: FnAnswer };

function findSku(ix: Index, v: unknown): Found<{ sku: string }> | Failed {
  const a = textArg(v, 'The SKU');
  if (!a.ok) return a;
  if (a.text === undefined) return { ok: false, answer: bad(FN_WORDS.skuMissing) };
  const sku = ix.skus.get(norm(a.text));
  return sku === undefined ? { ok: false, answer: na(FN_WORDS.unknownSku(a.text)) } : { ok: true, sku };
}

function findLot(ix: Index, skuArg: unknown, lotArg: unknown): Found<{ sku: string; lot: string; key: string }> | Failed {
  const s = findSku(ix, skuArg);
  if (!s.ok) return s;
  const a = textArg(lotArg, 'The lot');
  if (!a.ok) return a;
  if (a.text === undefined) return { ok: false, answer: bad(FN_WORDS.lotMissing) };
  const key = nkey(s.sku, a.text);
  const ref = ix.lots.get(key);
  return ref ? { ok: true, ...ref, key } : { ok: false, answer: na(FN_WORDS.unknownLot(s.sku, a.text)) };
}

function lotRowOf(ix: Index, skuArg: unknown, lotArg: unknown): Found<{ row: Lot }> | Failed {
  const l = findLot(ix, skuArg, lotArg);
  if (!l.ok) return l;
  const row = ix.lotRows.get(l.key);
  return row ? { ok: true, row } : { ok: false, answer: na(FN_WORDS.lotNotInLots(l.sku, l.lot)) };
}

// ------------------------------------------------------------------------------------------------ functions

/** =LOTBOOK.ONHAND(sku, [lot], [location]) */
export function onHandOf(t: FunctionTables, sku: unknown, lot?: unknown, location?: unknown): FnAnswer {
  const ix = indexOf(t);
  const loc = textArg(location, 'The location');
  if (!loc.ok) return loc.answer;
  const lotText = textArg(lot, 'The lot');
  if (!lotText.ok) return lotText.answer;
  let keys: string[];
  if (lotText.text === undefined) {
    const s = findSku(ix, sku);
    if (!s.ok) return s.answer;
    keys = ix.ledgerLotsOf.get(norm(s.sku)) ?? [];
  } else {
    const l = findLot(ix, sku, lot);
    if (!l.ok) return l.answer;
    keys = [l.key];
  }
  let sum = 0;
  for (const k of keys) sum += loc.text === undefined ? (ix.onHand.get(k) ?? 0) : (ix.onHandAt.get(k)?.get(norm(loc.text)) ?? 0);
  return ok(qtyToNumber(sum as Qty));
}

/** =LOTBOOK.EXPIRY(sku, lot): an Excel date serial. */
export function expiryOf(t: FunctionTables, sku: unknown, lot: unknown): FnAnswer {
  const r = lotRowOf(indexOf(t), sku, lot);
  if (!r.ok) return r.answer;
  return r.row.expiry === null ? na(FN_WORDS.noExpiry(r.row.sku, r.row.lot)) : ok(isoDateToSerial(r.row.expiry), [0]);
}

/** =LOTBOOK.STATUS(sku, lot): quarantine, released, hold, recalled, rejected, or expired (as the Lots pane shows). */
export function statusOf(t: FunctionTables, sku: unknown, lot: unknown, today: IsoDate): FnAnswer {
  const r = lotRowOf(indexOf(t), sku, lot);
  return r.ok ? ok(effectiveStatus(r.row, today)) : r.answer;
}

/** =LOTBOOK.UNITCOST(sku, lot): money per whole unit. */
export function unitCostOf(t: FunctionTables, sku: unknown, lot: unknown): FnAnswer {
  const ix = indexOf(t);
  const l = findLot(ix, sku, lot);
  if (!l.ok) return l.answer;
  const badRows = [...t.tables.Movements.problems, ...t.tables.Runs.problems];
  if (badRows.length) return na(FN_WORDS.costCycle(badRows.slice(0, 3).map((p) => `${p.address}: ${p.message}`).join(' ')));
  const cost = (ix.cost ??= costLots({ movements: t.tables.Movements.rows, runs: t.tables.Runs.rows, lots: t.tables.Lots.rows }));
  if (!cost.ok) return na(FN_WORDS.costCycle(cost.message));
  const unit = cost.lots.get(lotKey(l.sku, l.lot))?.unitCost ?? ix.lotRows.get(l.key)?.unitCost ?? null;
  return unit === null ? na(FN_WORDS.noUnitCost(l.sku, l.lot)) : ok(moneyToNumber(unit));
}

function dateArg(v: unknown, today: IsoDate): { ok: true; date: IsoDate } | Failed {
  if (v === undefined || v === null || v === '') return { ok: true, date: today };
  const d = typeof v === 'number' ? serialToIsoDate(v) : typeof v === 'string' ? isoDate(v.trim()) : null;
  return d === null ? { ok: false, answer: bad(FN_WORDS.badDate(shown(v))) } : { ok: true, date: d };
}

/** The order line FEFO asks the pick list about: an id no workbook order can have. */
const QUESTION_ORDER = '\u0000LOTBOOK.FEFO';

/**
 * =LOTBOOK.FEFO(sku, qty, [shipDate], [customer]): rows of lot, expiry (Excel date, blank for none), quantity, in
 * first-expiry-first-out order; when stock is short, a last row "short" with the quantity missing.
 */
export function fefoOf(t: FunctionTables, sku: unknown, qty: unknown, shipDate: unknown, customer: unknown, today: IsoDate): FnAnswer {
  const ix = indexOf(t);
  const s = findSku(ix, sku);
  if (!s.ok) return s.answer;
  const q = typeof qty === 'number' && qty > 0 ? qtyFromNumber(qty) : null;
  if (q === null || q <= 0) return bad(FN_WORDS.badQty(shown(qty)));
  const d = dateArg(shipDate, today);
  if (!d.ok) return d.answer;
  const c = textArg(customer, 'The customer');
  if (!c.ok) return c.answer;
  const who = c.text === undefined ? undefined : ix.customers.get(norm(c.text));
  if (c.text !== undefined && !who) return na(FN_WORDS.unknownCustomer(c.text));
  const question: Order = { orderId: QUESTION_ORDER, line: 1, customerId: who?.id ?? '', sku: s.sku, qty: q, dueDate: d.date, status: 'open' };
  // The pick list's own proposal for this one line. It reads only the line's SKU from Lots and Movements, the
  // line from Orders and its shipments (none: the line is made up), so those rows are narrowed here to keep a
  // question cheap on a big workbook; the problems lists stay whole, so the same refusals apply.
  if (!ix.stockOf) {
    const stockOf = new Map<string, { lots: Lot[]; movements: Movement[] }>();
    const of = (sku: string) => {
      let e = stockOf.get(norm(sku));
      if (!e) stockOf.set(norm(sku), (e = { lots: [], movements: [] }));
      return e;
    };
    for (const l of t.tables.Lots.rows) of(l.sku).lots.push(l);
    for (const m of t.tables.Movements.rows) of(m.sku).movements.push(m);
    ix.stockOf = stockOf;
  }
  const stock = ix.stockOf.get(norm(s.sku)) ?? { lots: [], movements: [] };
  const tables: PickTables = {
    ...t.tables,
    Orders: { ...t.tables.Orders, rows: [question] },
    Shipments: { ...t.tables.Shipments, rows: [] },
    Lots: { ...t.tables.Lots, rows: stock.lots },
    Movements: { ...t.tables.Movements, rows: stock.movements },
  };
  const proposal = proposePicksFrom(tables, t.openLists, { shipDate: d.date, lineKeys: [`${QUESTION_ORDER}#1`] });
  if (!proposal.ok) return na(proposal.message);
  const received = (lot: string) => ix.lotRows.get(nkey(s.sku, lot))?.received ?? '\uffff';
  const picks = proposal.picks
    .filter((p) => p.orderId === QUESTION_ORDER)
    .sort((a, b) => (a.expiry ?? '\uffff').localeCompare(b.expiry ?? '\uffff') || received(a.lot).localeCompare(received(b.lot)) || (a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0));
  const short = proposal.shortfalls.find((f) => f.orderId === QUESTION_ORDER);
  if (picks.length === 0) {
    const reasons = (short?.reasons ?? []).filter((r) => r.code !== 'not-enough-stock' || short!.reasons.length === 1).map((r) => FN_WORDS.shortfallReason[r.code]);
    return na(FN_WORDS.nothingToPick(s.sku, reasons.join(', ') || FN_WORDS.shortfallReason['no-lots']));
  }
  const rows: CellAnswer[][] = picks.map((p) => [p.lot, p.expiry ? isoDateToSerial(p.expiry) : '', qtyToNumber(p.qty)]);
  if (short && short.qty > 0) rows.push([FN_WORDS.short, '', qtyToNumber(short.qty)]);
  return ok(rows, [1]);
}

/** =LOTBOOK.GS1(scan, ai): one element; dates as Excel dates, measures as numbers, everything else as text. */
export function gs1Of(scan: unknown, ai: unknown, today: IsoDate): FnAnswer {
  if (typeof scan !== 'string' || scan.trim() === '') return typeof scan === 'number' ? gs1Of(String(scan), ai, today) : bad(FN_WORDS.scanMissing);
  const wanted = typeof ai === 'number' && Number.isInteger(ai) && ai >= 0 ? String(ai).padStart(2, '0') : typeof ai === 'string' ? ai.trim().replace(/^\((\d+)\)$/, '$1') : '';
  if (!/^\d{2,4}$/.test(wanted)) return bad(FN_WORDS.badAi(shown(ai)));
  const parsed = parseGs1(scan, { today });
  if (!parsed.ok) return bad(parsed.message);
  const el = parsed.elements.find((e) => e.ai === wanted);
  if (!el) return na(FN_WORDS.aiNotInScan(wanted));
  const date = el.date ? isoDate(el.date) : null;
  if (date) return ok(isoDateToSerial(date), [0]);
  if (el.value !== undefined) return ok(el.value);
  return ok(el.raw);
}

/**
 * =LOTBOOK.TRACE(sku, lot, ["forward"|"backward"]): rows of SKU, lot, customer, quantity shipped: one row per
 * customer who received an affected lot (as the Recall pane's customer list), and one row with a blank customer
 * and 0 for each affected lot that went to nobody. Lots in the Recall pane's order (start, then by depth).
 */
export function traceOf(t: FunctionTables, sku: unknown, lot: unknown, direction: unknown): FnAnswer {
  const ix = indexOf(t);
  const dirText = typeof direction === 'string' ? direction.trim().toLowerCase() : direction;
  if (dirText !== undefined && dirText !== null && dirText !== '' && dirText !== 'forward' && dirText !== 'backward') return bad(FN_WORDS.badDirection(shown(direction)));
  const way = dirText === 'backward' ? 'backward' : 'forward';
  const l = findLot(ix, sku, lot);
  if (!l.ok) return l.answer;
  const recallTables: RecallTables = { Products: t.tables.Products, Lots: t.tables.Lots, Movements: t.tables.Movements, Shipments: t.tables.Shipments, Customers: t.tables.Customers };
  const trace = traceTables(recallTables, [{ sku: l.sku, lot: l.lot }], way, () => 0);
  if (!('lots' in trace)) return na(trace.message);
  const byLot = new Map<string, Map<string, { name: string; qty: number }>>();
  for (const n of trace.notifications) {
    const k = lotKey(n.sku, n.lot);
    let customers = byLot.get(k);
    if (!customers) byLot.set(k, (customers = new Map()));
    const c = customers.get(n.customerId) ?? { name: n.customer.name || n.customerId, qty: 0 };
    c.qty += n.qty;
    customers.set(n.customerId, c);
  }
  const rows: CellAnswer[][] = [];
  const seen = new Set<string>();
  for (const a of trace.lots) {
    const k = lotKey(a.sku, a.lot);
    if (seen.has(k)) continue;
    seen.add(k);
    const customers = byLot.get(k);
    if (!customers) rows.push([a.sku, a.lot, '', 0]);
    else for (const c of customers.values()) rows.push([a.sku, a.lot, c.name, qtyToNumber(c.qty as Qty)]);
  }
  return ok(rows);
}

/** Any LOTBOOK function by name, arguments as Excel passes them (missing optional ones undefined or null). */
export function evaluate(name: string, args: readonly unknown[], t: FunctionTables, today: IsoDate): FnAnswer {
  const fn = name.trim().toUpperCase() as FunctionName;
  if (!(FUNCTION_NAMES as readonly string[]).includes(fn)) return { ok: false, error: 'VALUE', message: FN_WORDS.unknownFunction(name) };
  const [min, max] = ARITY[fn];
  if (args.length > max) return bad(FN_WORDS.tooManyArgs(fn, max));
  if (args.length < min) return bad(FN_WORDS.tooFewArgs(fn, min));
  const a = (i: number) => args[i];
  switch (fn) {
    case 'ONHAND':
      return onHandOf(t, a(0), a(1), a(2));
    case 'EXPIRY':
      return expiryOf(t, a(0), a(1));
    case 'STATUS':
      return statusOf(t, a(0), a(1), today);
    case 'UNITCOST':
      return unitCostOf(t, a(0), a(1));
    case 'FEFO':
      return fefoOf(t, a(0), a(1), a(2), a(3), today);
    case 'GS1':
      return gs1Of(a(0), a(1), today);
    case 'TRACE':
      return traceOf(t, a(0), a(1), a(2));
  }
}
