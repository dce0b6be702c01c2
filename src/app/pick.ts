/**
 * Pick lists (issue 5): choose open order lines, propose FEFO picks, write a pick list sheet to walk with.
 *
 * How an open pick list is known, across reloads and without the add-in: the workbook holds it all.
 * - Settings has a row `pickList:<id>` whose value is `open` until the list is confirmed (`shipped`).
 * - The list itself is the report sheet's table (`PickList_<id>`): its To Pick column is what the list reserves.
 * - Its order lines have status `picking` in Orders, so they are not offered again.
 * Reservations are read from the open lists' tables on every proposal; a list whose sheet was deleted reserves
 * nothing and is reported, so that someone can close it.
 *
 * planPickList is pure and holds the decisions; proposePicks (read only) and writePickList (read, decide, one
 * batch) are the use cases.
 */
import { lotKey } from '../domain/codec';
import type { TableProblem } from '../domain/codec';
import { isoDateToSerial, serialToIsoDate, isoDate } from '../domain/dates';
import { allocateFefo, type FefoShortfallReason } from '../domain/fefo';
import { qtyFromNumber, qtyToNumber } from '../domain/fixed';
import { refreshOnHand } from '../domain/ledger';
import { rulesOf } from '../domain/rules';
import type { Customer, IsoDate, LotKey, Order, Product, Qty, Setting } from '../domain/types';
import type { ReportRef, ReportSheet, ReportTable, Snapshot, TableSnapshot, WorkbookPort, WorkbookTx, WriteBatch } from './ports';

export const PICK_LIST_TABLE = 'PickList';
export const PICK_LIST_SETTING_PREFIX = 'pickList:';

/** The pick list's columns, in sheet order. Few, so that it prints on one page width. */
export const PICK_LIST_COLUMNS = [
  { header: 'Order', type: 'text' },
  { header: 'Line', type: 'int' },
  { header: 'Customer', type: 'text' },
  { header: 'SKU', type: 'text' },
  { header: 'Description', type: 'text' },
  { header: 'Lot', type: 'text' },
  { header: 'Expiry', type: 'date' },
  { header: 'Location', type: 'text' },
  { header: 'To Pick', type: 'qty' },
  { header: 'Picked', type: 'qty' },
] as const satisfies ReportSheet['table']['columns'];

export type PickTables = Snapshot<'Orders' | 'Customers' | 'Products' | 'Lots' | 'Movements' | 'Shipments' | 'Settings'>;
const PICK_TABLE_NAMES = ['Orders', 'Customers', 'Products', 'Lots', 'Movements', 'Shipments', 'Settings'] as const;
/**
 * What picking uses of the two tables that grow with history: stock by lot (its sign checked) and what each order
 * line has shipped. Not every column: on a big workbook these are most of a first read's bytes.
 */
export const STOCK_COLUMNS = { Movements: ['type', 'sku', 'lot', 'qty'], Shipments: ['orderId', 'line', 'qty'] } as const;

/** `SO-3021#2`: how the pane and the use cases name an order line. */
export function orderLineKey(orderId: string, line: number): string {
  return `${orderId}#${line}`;
}

export interface OpenLine {
  readonly key: string;
  readonly orderId: string;
  readonly line: number;
  readonly customerId: string;
  readonly customerName: string;
  readonly sku: string;
  readonly description: string;
  readonly decimals: number;
  readonly dueDate: IsoDate | null;
  /** Ordered less already shipped. */
  readonly qty: Qty;
  readonly status: Order['status'];
  /** The customer's minimum shelf life, else the product's Min Ship Life Days, else Settings' default; null for none. */
  readonly minShelfLifeDays: number | null;
}

/** Which open lines to offer. Every given criterion must hold; none given means all open lines. */
export interface LineFilter {
  readonly orderId?: string;
  readonly customerId?: string;
  /** Due on exactly this day. */
  readonly dueOn?: IsoDate;
  /** Due on or before this day (lines without a due date are left out). */
  readonly dueBy?: IsoDate;
}

export function filterLines(lines: readonly OpenLine[], filter: LineFilter): OpenLine[] {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  return lines.filter(
    (l) =>
      (!filter.orderId || same(l.orderId, filter.orderId)) &&
      (!filter.customerId || same(l.customerId, filter.customerId)) &&
      (!filter.dueOn || l.dueDate === filter.dueOn) &&
      (!filter.dueBy || (l.dueDate !== null && l.dueDate <= filter.dueBy)),
  );
}

/** Lines that can be picked: status open or partial with something left to ship, earliest due first. */
export function openLines(tables: Pick<PickTables, 'Orders' | 'Customers' | 'Products' | 'Shipments'> & { readonly Settings?: TableSnapshot<'Settings'> }): OpenLine[] {
  const fallback = rulesOf(tables.Settings?.rows).defaultMinShelfLifeDays;
  const products = new Map(tables.Products.rows.map((p) => [p.sku, p]));
  const customers = new Map(tables.Customers.rows.map((c) => [c.id, c]));
  const shipped = shippedByLine(tables.Shipments.rows);
  const out: OpenLine[] = [];
  for (const o of tables.Orders.rows) {
    if (o.status !== 'open' && o.status !== 'partial') continue;
    const key = orderLineKey(o.orderId, o.line);
    const left = o.qty - (shipped.get(key) ?? 0);
    if (left <= 0) continue;
    const product: Product | undefined = products.get(o.sku);
    const customer: Customer | undefined = customers.get(o.customerId);
    out.push({
      key,
      orderId: o.orderId,
      line: o.line,
      customerId: o.customerId,
      customerName: customer?.name ?? o.customerId,
      sku: o.sku,
      description: product?.description ?? '',
      decimals: product?.decimals ?? 3,
      dueDate: o.dueDate,
      qty: left as Qty,
      status: o.status,
      minShelfLifeDays: minShelfLife(customer, product, fallback),
    });
  }
  return out.sort(byPriority);
}

/**
 * The customer's requirement wins; a customer without one falls back to the product's default, and a product
 * without one to the workbook's (Settings `defaultMinShelfLifeDays`, domain/rules.ts).
 */
export function minShelfLife(customer: Pick<Customer, 'minShelfLifeDays'> | undefined, product: Pick<Product, 'minShipLifeDays'> | undefined, fallback: number | null = null): number | null {
  return customer?.minShelfLifeDays ?? product?.minShipLifeDays ?? fallback;
}

function byPriority(a: OpenLine, b: OpenLine): number {
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  if (a.orderId !== b.orderId) return a.orderId < b.orderId ? -1 : 1;
  return a.line - b.line;
}

/** Shipped quantity per order line (`orderLineKey`). */
export function shippedByLine(shipments: Iterable<{ readonly orderId: string; readonly line: number; readonly qty: Qty; readonly id: string }>, except?: (id: string) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of shipments) {
    if (except?.(s.id)) continue;
    const k = orderLineKey(s.orderId, s.line);
    out.set(k, (out.get(k) ?? 0) + s.qty);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ open lists

/** Ids of pick lists whose Settings row says `open`. */
export function openPickListIds(settings: readonly Setting[]): string[] {
  return settings.filter((s) => s.key.startsWith(PICK_LIST_SETTING_PREFIX) && s.value.trim().toLowerCase() === 'open').map((s) => s.key.slice(PICK_LIST_SETTING_PREFIX.length));
}

export interface PickListRow {
  /** 0-based row of the pick list table body. */
  readonly index: number;
  readonly orderId: string;
  readonly line: number;
  readonly customerId: string;
  readonly sku: string;
  readonly lot: string;
  readonly expiry: IsoDate | null;
  readonly location: string;
  readonly toPick: Qty;
  /** What the picker wrote; null when the cell is blank. */
  readonly picked: Qty | null;
}

export interface ParsedPickList {
  readonly sheet: string;
  readonly rows: readonly PickListRow[];
  /** Cells that cannot be read, in words with their column and row. */
  readonly problems: readonly string[];
}

/** Reads a pick list table back, by header (a person may have moved columns). Blank rows are skipped. */
export function parsePickList(table: ReportTable): ParsedPickList {
  const idx = (h: string) => table.headers.findIndex((x) => x.trim().toLowerCase() === h.toLowerCase());
  const cols = Object.fromEntries(PICK_LIST_COLUMNS.map((c) => [c.header, idx(c.header)])) as Record<(typeof PICK_LIST_COLUMNS)[number]['header'], number>;
  const problems: string[] = [];
  const missing = PICK_LIST_COLUMNS.filter((c) => cols[c.header] < 0).map((c) => c.header);
  if (missing.length) return { sheet: table.sheet, rows: [], problems: [`The pick list on sheet ${table.sheet} has no column ${missing.join(', ')}.`] };
  const rows: PickListRow[] = [];
  table.rows.forEach((r, i) => {
    const cell = (h: keyof typeof cols) => r[cols[h]];
    const text = (h: keyof typeof cols) => String(cell(h) ?? '').trim();
    if (r.every((v) => v === '' || v === null || v === undefined)) return;
    const where = (h: string) => `${h} in row ${i + 1} of the pick list on sheet ${table.sheet}`;
    const qty = (h: 'To Pick' | 'Picked'): Qty | null | undefined => {
      const v = cell(h);
      if (v === '' || v === null || v === undefined) return null;
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      const q = Number.isFinite(n) && n >= 0 ? qtyFromNumber(n) : null;
      if (q === null) problems.push(`${where(h)} is "${String(v)}", not a quantity.`);
      return q ?? undefined;
    };
    const line = Number(cell('Line'));
    const toPick = qty('To Pick');
    const picked = qty('Picked');
    const e = cell('Expiry');
    const expiry = typeof e === 'number' ? serialToIsoDate(e) : isoDate(String(e ?? ''));
    if (!Number.isInteger(line) || line < 1) problems.push(`${where('Line')} is "${String(cell('Line'))}", not a line number.`);
    if (toPick === null) problems.push(`${where('To Pick')} is blank.`);
    if (!Number.isInteger(line) || toPick == null || picked === undefined) return;
    rows.push({ index: i, orderId: text('Order'), line, customerId: text('Customer'), sku: text('SKU'), lot: text('Lot'), expiry, location: text('Location'), toPick, picked });
  });
  return { sheet: table.sheet, rows, problems };
}

export interface OpenPickList {
  readonly id: string;
  /** null when the sheet is gone. */
  readonly list: ParsedPickList | null;
}

export async function readOpenPickLists(tx: WorkbookTx, settings: readonly Setting[]): Promise<OpenPickList[]> {
  const ids = openPickListIds(settings);
  const tables = await tx.readReports(ids.map(pickListRef));
  return ids.map((id, i) => ({ id, list: tables[i] ? parsePickList(tables[i]!) : null }));
}

/** The sheet of pick list `id`, by the id and table name it is written with. */
export function pickListRef(id: string): ReportRef {
  return { id, table: PICK_LIST_TABLE };
}

/** Open pick lists to read in the same round trip as the tables, guessed from Settings as last read (except `own`). */
function openListsAhead(own?: string): (remembered: Snapshot<'Settings'> | undefined) => ReportRef[] {
  return (t) => (t ? openPickListIds(t.Settings.rows).filter((id) => id !== own).map(pickListRef) : []);
}

/** Stock held by open pick lists, per lot: their To Pick quantities. */
export function reservedByLists(lists: readonly OpenPickList[]): Map<LotKey, Qty> {
  const out = new Map<LotKey, Qty>();
  for (const l of lists) for (const r of l.list?.rows ?? []) out.set(lotKey(r.sku, r.lot), ((out.get(lotKey(r.sku, r.lot)) ?? 0) + r.toPick) as Qty);
  return out;
}

// ------------------------------------------------------------------------------------------------ proposal

export interface ProposedPick {
  readonly lineKey: string;
  readonly orderId: string;
  readonly line: number;
  readonly customerId: string;
  readonly sku: string;
  readonly description: string;
  readonly decimals: number;
  readonly lot: string;
  readonly expiry: IsoDate | null;
  readonly location: string;
  readonly qty: Qty;
}

export interface LineShortfall {
  readonly lineKey: string;
  readonly orderId: string;
  readonly line: number;
  readonly sku: string;
  readonly decimals: number;
  readonly qty: Qty;
  readonly reasons: readonly FefoShortfallReason[];
}

export type PickErrorCode = 'table-problem' | 'no-lines' | 'line-not-open' | 'order-row-bad' | 'stock-rows-bad' | 'nothing-to-pick';

export interface PickRefusal {
  readonly ok: false;
  readonly code: PickErrorCode;
  readonly message: string;
  readonly problems?: readonly TableProblem[];
}

export interface PickProposal {
  readonly ok: true;
  readonly shipDate: IsoDate;
  readonly lines: readonly OpenLine[];
  /** Grouped by order, and within an order sorted by location for walking: the sheet's row order. */
  readonly picks: readonly ProposedPick[];
  readonly shortfalls: readonly LineShortfall[];
  /** Open pick lists whose stock was held back. */
  readonly openLists: readonly string[];
  /** Open pick lists whose sheet is gone: they hold nothing; say so. */
  readonly missingLists: readonly string[];
}

export interface PickInput {
  readonly shipDate: IsoDate;
  /** `orderLineKey`s of the lines to pick. */
  readonly lineKeys: readonly string[];
}

function describe(problems: readonly TableProblem[]): string {
  return problems.slice(0, 3).map((p) => `${p.address}: ${p.message}`).join(' ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : '');
}

export function proposePicksFrom(tables: PickTables, lists: readonly OpenPickList[], input: PickInput): PickProposal | PickRefusal {
  const missingColumns = PICK_TABLE_NAMES.flatMap((n) => tables[n].problems.filter((p) => p.code === 'missing-column'));
  if (missingColumns.length) return { ok: false, code: 'table-problem', message: `The workbook is missing columns Lotbook needs: ${describe(missingColumns)} Set the workbook up in the Workbook pane.`, problems: missingColumns };
  if (input.lineKeys.length === 0) return { ok: false, code: 'no-lines', message: 'Choose at least one order line to pick.' };

  const wanted = new Set(input.lineKeys);
  const badOrders = tables.Orders.problems.filter((p) => p.key !== undefined && wanted.has(p.key.replace(' / ', '#')));
  if (badOrders.length) return { ok: false, code: 'order-row-bad', message: `Order lines you chose have problems; fix them in Excel first: ${describe(badOrders)}`, problems: badOrders };
  const all = new Map(openLines(tables).map((l) => [l.key, l]));
  const lines = [...wanted].map((k) => all.get(k));
  const notOpen = input.lineKeys.filter((k) => !all.has(k));
  if (notOpen.length) return { ok: false, code: 'line-not-open', message: `${notOpen.join(', ')} ${notOpen.length > 1 ? 'are' : 'is'} not open any more (picked, shipped or changed in Excel). Refresh the lines.` };
  const chosen = (lines as OpenLine[]).sort(byPriority);

  const skus = new Set(chosen.map((l) => l.sku));
  const badStock = [...tables.Lots.problems, ...tables.Movements.problems].filter((p) => p.lotKey !== undefined ? skus.has(p.lotKey.split('\u0000')[0]!) : p.key !== undefined && [...skus].some((s) => p.key!.startsWith(`${s} / `)));
  if (badStock.length) return { ok: false, code: 'stock-rows-bad', message: `Stock rows of these products have problems, so their stock cannot be counted; fix them in Excel first: ${describe(badStock)}`, problems: badStock };

  const lots = refreshOnHand(tables.Lots.rows.filter((l) => skus.has(l.sku)), tables.Movements.rows.filter((m) => skus.has(m.sku)));
  const byLot = new Map(lots.map((l) => [lotKey(l.sku, l.lot), l]));
  const result = allocateFefo({
    shipDate: input.shipDate,
    lines: chosen.map((l) => ({ id: l.key, sku: l.sku, qty: l.qty, minShelfLifeDays: l.minShelfLifeDays })),
    lots,
    reserved: reservedByLists(lists),
  });
  const lineOf = new Map(chosen.map((l) => [l.key, l]));
  const picks: ProposedPick[] = result.picks.map((p) => {
    const l = lineOf.get(p.lineId)!;
    const lot = byLot.get(lotKey(p.sku, p.lot));
    return { lineKey: l.key, orderId: l.orderId, line: l.line, customerId: l.customerId, sku: l.sku, description: l.description, decimals: l.decimals, lot: p.lot, expiry: lot?.expiry ?? null, location: lot?.location ?? '', qty: p.qty };
  });
  const shortfalls: LineShortfall[] = result.shortfalls.map((s) => {
    const l = lineOf.get(s.lineId)!;
    return { lineKey: l.key, orderId: l.orderId, line: l.line, sku: l.sku, decimals: l.decimals, qty: s.qty, reasons: s.reasons };
  });
  return {
    ok: true,
    shipDate: input.shipDate,
    lines: chosen,
    picks: walkOrder(picks, chosen),
    shortfalls,
    openLists: lists.filter((l) => l.list).map((l) => l.id),
    missingLists: lists.filter((l) => !l.list).map((l) => l.id),
  };
}

/** Orders in priority order; within an order, by location (then SKU, lot, line) so that the picker walks once. */
export function walkOrder(picks: readonly ProposedPick[], linesInPriority: readonly OpenLine[]): ProposedPick[] {
  const orderRank = new Map<string, number>();
  for (const l of linesInPriority) if (!orderRank.has(l.orderId)) orderRank.set(l.orderId, orderRank.size);
  const cmp = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
  return [...picks].sort(
    (a, b) =>
      (orderRank.get(a.orderId) ?? 0) - (orderRank.get(b.orderId) ?? 0) ||
      // Blank locations last: the picker has to ask for those.
      (a.location === '' ? 1 : 0) - (b.location === '' ? 1 : 0) ||
      cmp(a.location, b.location) ||
      cmp(a.sku, b.sku) ||
      cmp(a.lot, b.lot) ||
      a.line - b.line,
  );
}

export function pickListSheet(id: string, proposal: PickProposal, user: string): ReportSheet {
  const orders = [...new Set(proposal.picks.map((p) => p.orderId))];
  return {
    id,
    name: `Pick ${proposal.shipDate}`,
    title: 'Pick list',
    header: [
      ['Pick list', id],
      ['Ship date', proposal.shipDate],
      ['Prepared by', user],
      ['Orders', orders.join(', ')],
      ['Write what you picked in the Picked column; confirm it in Lotbook (Pick & ship).', ''],
    ],
    table: {
      name: PICK_LIST_TABLE,
      columns: PICK_LIST_COLUMNS,
      rows: proposal.picks.map((p) => [p.orderId, p.line, p.customerId, p.sku, p.description, p.lot, p.expiry ? isoDateToSerial(p.expiry) : null, p.location, qtyToNumber(p.qty), null]),
    },
    footer: [
      ['Picked by', ''],
      ['Checked by', ''],
    ],
  };
}

export interface PickListPlan extends PickProposal {
  readonly id: string;
  readonly batch: WriteBatch;
  readonly sheet: ReportSheet;
}

export function planPickList(tables: PickTables, lists: readonly OpenPickList[], input: PickInput & { readonly id: string; readonly user: string }): PickListPlan | PickRefusal {
  const proposal = proposePicksFrom(tables, lists, input);
  if (!proposal.ok) return proposal;
  if (proposal.picks.length === 0) return { ok: false, code: 'nothing-to-pick', message: 'No stock can be picked for these lines now; see the shortfalls.' };
  const picked = new Set(proposal.picks.map((p) => p.lineKey));
  const orders: Order[] = tables.Orders.rows.filter((o) => picked.has(orderLineKey(o.orderId, o.line))).map((o) => ({ ...o, status: 'picking' }));
  const sheet = pickListSheet(input.id, proposal, input.user);
  const setting: Setting = { key: `${PICK_LIST_SETTING_PREFIX}${input.id}`, value: 'open' };
  return { ...proposal, id: input.id, sheet, batch: { append: { Settings: [setting] }, update: { Orders: orders }, sheets: [sheet] } };
}

// ------------------------------------------------------------------------------------------------ use cases

export interface PickView {
  readonly lines: readonly OpenLine[];
  readonly customers: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly openLists: readonly string[];
}

/** What the pane offers: open lines, customers, open pick lists. */
export async function loadPickView(workbook: WorkbookPort): Promise<PickView> {
  return workbook.transact(async (tx) => {
    const t = await tx.read(['Orders', 'Customers', 'Products', 'Shipments', 'Settings'], { columns: STOCK_COLUMNS });
    return { lines: openLines(t), customers: t.Customers.rows.map((c) => ({ id: c.id, name: c.name })), openLists: openPickListIds(t.Settings.rows) };
  });
}

export async function proposePicks(workbook: WorkbookPort, input: PickInput): Promise<PickProposal | PickRefusal> {
  return workbook.transact(async (tx) => {
    const t = await tx.read(PICK_TABLE_NAMES, { columns: STOCK_COLUMNS, ahead: { reports: openListsAhead() } });
    return proposePicksFrom(t, await readOpenPickLists(tx, t.Settings.rows), input);
  });
}

export type WritePickListOutcome = PickRefusal | (PickListPlan & { readonly sheetName: string });

/**
 * Proposes again on fresh data and writes that: the list, its Settings row and the lines' status, in one batch.
 * `id` is made when the user starts (newId('PL')): a retry finds its own list and writes nothing twice.
 */
export async function writePickList(workbook: WorkbookPort, input: PickInput & { readonly id: string; readonly user: string }): Promise<WritePickListOutcome> {
  return workbook.transact(async (tx) => {
    const t = await tx.read(PICK_TABLE_NAMES, { columns: STOCK_COLUMNS, ahead: { reports: openListsAhead(input.id), sheets: [pickListRef(input.id)] } });
    // A retry after a failed write: this list's own reservation and 'picking' lines must not block it.
    const settings = t.Settings.rows.filter((s) => s.key !== `${PICK_LIST_SETTING_PREFIX}${input.id}`);
    const orders = t.Orders.rows.map((o) => (o.status === 'picking' && input.lineKeys.includes(orderLineKey(o.orderId, o.line)) && settings.length < t.Settings.rows.length ? { ...o, status: 'open' as const } : o));
    const tables = { ...t, Orders: { ...t.Orders, rows: orders } };
    const plan = planPickList(tables, await readOpenPickLists(tx, settings), input);
    if (!plan.ok) return plan;
    const report = await tx.write(plan.batch);
    return { ...plan, sheetName: report.sheets[0] ?? plan.sheet.name };
  });
}
