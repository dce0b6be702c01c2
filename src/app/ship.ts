/**
 * Shipping (issue 5): confirm a pick list. The list is read back from its sheet (the picker may have written
 * quantities in its Picked column); the pane shows it, the user corrects quantities or lots, and one batch writes
 * Shipments rows, SHIP movements, the lines' new status, the lots' refreshed on hand, any override to Log, and
 * closes the list in Settings.
 *
 * Ids come from the pick list id (`PL-x` gives shipments `S-x-01`, movements `M-x-01`, log `L-x-01`), one per row
 * of the list in sheet order, so confirming the same list twice, or after a reload, writes once. Stock and
 * shipped quantities are counted without this list's own rows, so a repeated confirmation plans the same batch.
 *
 * Shipments key (id + line): `line` is the order line, and every pick list row gets its own shipment id, so a
 * line picked from two lots is two shipment rows without a key clash.
 */
import { lotKey } from '../domain/codec';
import type { TableProblem } from '../domain/codec';
import { daysBetween } from '../domain/dates';
import { formatQty } from '../domain/fixed';
import { refreshOnHand } from '../domain/ledger';
import { rulesOf } from '../domain/rules';
import type { IsoDate, IsoDateTime, LogEntry, Lot, Movement, Order, Qty, Shipment } from '../domain/types';
import { minShelfLife, orderLineKey, PICK_LIST_SETTING_PREFIX, parsePickList, pickListRef, shippedByLine, STOCK_COLUMNS, type ParsedPickList, type PickListRow } from './pick';
import type { Snapshot, WorkbookPort, WriteBatch } from './ports';

export const SHIP_OVERRIDE_ACTION = 'ship-override';

export type ShipTables = Snapshot<'Orders' | 'Customers' | 'Products' | 'Lots' | 'Movements' | 'Shipments' | 'Settings'>;
const SHIP_TABLE_NAMES = ['Orders', 'Customers', 'Products', 'Lots', 'Movements', 'Shipments', 'Settings'] as const;

export type PickListState = 'open' | 'shipped' | 'unknown';

export interface LoadedPickList {
  readonly ok: true;
  readonly id: string;
  readonly state: PickListState;
  readonly list: ParsedPickList;
  /** Per SKU on the list: released lots with stock, earliest expiry first, to offer as a different lot. */
  readonly lotsBySku: ReadonlyMap<string, ReadonlyArray<Pick<Lot, 'lot' | 'expiry' | 'location' | 'onHand' | 'status'>>>;
  readonly decimalsBySku: ReadonlyMap<string, number>;
}

export type ShipErrorCode =
  | 'pick-list-missing'
  | 'pick-list-unreadable'
  | 'table-problem'
  | 'row-not-on-list'
  | 'bad-quantity'
  | 'unknown-lot'
  | 'wrong-sku'
  | 'lot-not-eligible'
  | 'not-enough-stock'
  | 'more-than-ordered'
  | 'order-missing'
  | 'stock-rows-bad';

export interface ShipRefusal {
  readonly ok: false;
  readonly code: ShipErrorCode;
  readonly message: string;
  /** For 'lot-not-eligible': the pick list row that needs an override reason. */
  readonly row?: number;
  readonly problems?: readonly TableProblem[];
}

/** One confirmed row of the pick list: what was actually picked. */
export interface ConfirmedRow {
  /** The pick list row (`PickListRow.index`). */
  readonly index: number;
  readonly lot: string;
  readonly qty: Qty;
  /** Needed when the lot is not eligible (on hold, expired, too short for the customer...); goes to Log. */
  readonly overrideReason?: string;
}

/** How one customer's goods leave: a pick list that serves two customers makes two parcels. */
export interface Parcel {
  readonly carrier: string;
  readonly tracking: string;
}

export interface ShipInput {
  readonly pickListId: string;
  readonly shipDate: IsoDate;
  readonly user: string;
  readonly now: IsoDateTime;
  readonly rows: readonly ConfirmedRow[];
  /** Carrier and tracking per customer id (see `parcelsOf`); a customer not in it takes `carrier` and `tracking`. */
  readonly parcels?: Readonly<Record<string, Parcel>>;
  readonly carrier?: string;
  readonly tracking?: string;
}

/** The parcels of a pick list: one per customer it serves, in the list's order, with its rows' indexes. */
export function parcelsOf(list: Pick<ParsedPickList, 'rows'>): { readonly customerId: string; readonly rows: readonly number[] }[] {
  const out = new Map<string, number[]>();
  for (const r of list.rows) out.set(r.customerId, [...(out.get(r.customerId) ?? []), r.index]);
  return [...out].map(([customerId, rows]) => ({ customerId, rows }));
}

export interface LineOutcome {
  readonly orderId: string;
  readonly line: number;
  readonly sku: string;
  readonly ordered: Qty;
  readonly shipped: Qty;
  readonly status: Order['status'];
}

export interface ShipPlan {
  readonly ok: true;
  readonly batch: WriteBatch;
  readonly lines: readonly LineOutcome[];
  readonly shipments: readonly Shipment[];
  readonly overrides: readonly LogEntry[];
}

function idBase(pickListId: string): string {
  return pickListId.replace(/^PL-/, '');
}

const seq = (i: number) => String(i + 1).padStart(2, '0');

/** Why a lot cannot ship to this line on this day, in words; null when it can. */
export function ineligibility(lot: Lot | undefined, shipDate: IsoDate, minDays: number | null): string | null {
  if (!lot) return 'it is not in Lots';
  if (lot.status !== 'released') return `it is ${lot.status}`;
  if (lot.expiry !== null) {
    const left = daysBetween(shipDate, lot.expiry);
    if (left < 0) return `it expired on ${lot.expiry}`;
    if (minDays !== null && minDays > 0 && left < minDays) return `it has ${left} days of shelf life left and the customer needs ${minDays}`;
  }
  return null;
}

export function planShipment(tables: ShipTables, list: ParsedPickList, input: ShipInput): ShipPlan | ShipRefusal {
  const missingColumns = SHIP_TABLE_NAMES.flatMap((n) => tables[n].problems.filter((p) => p.code === 'missing-column'));
  if (missingColumns.length) return { ok: false, code: 'table-problem', message: 'The workbook is missing columns Lotbook needs; set it up in the Workbook pane.', problems: missingColumns };
  if (list.problems.length) return { ok: false, code: 'pick-list-unreadable', message: `The pick list cannot be read: ${list.problems.slice(0, 3).join(' ')}` };

  const base = idBase(input.pickListId);
  const own = (id: string) => id.startsWith(`S-${base}-`) || id.startsWith(`M-${base}-`);
  const rowsByIndex = new Map(list.rows.map((r) => [r.index, r]));
  const products = new Map(tables.Products.rows.map((p) => [p.sku, p]));
  const customers = new Map(tables.Customers.rows.map((c) => [c.id, c]));
  const fallbackMinLife = rulesOf(tables.Settings.rows).defaultMinShelfLifeDays;
  const orders = new Map(tables.Orders.rows.map((o) => [orderLineKey(o.orderId, o.line), o]));
  const lots = new Map(tables.Lots.rows.map((l) => [lotKey(l.sku, l.lot), l]));
  const movements = tables.Movements.rows.filter((m) => !own(m.id));
  const onHand = new Map(refreshOnHand(tables.Lots.rows, movements).map((l) => [lotKey(l.sku, l.lot), l.onHand ?? 0]));

  const confirmed: { row: PickListRow; c: ConfirmedRow; lot: Lot; order: Order }[] = [];
  for (const c of input.rows) {
    const row = rowsByIndex.get(c.index);
    if (!row) return { ok: false, code: 'row-not-on-list', message: `Row ${c.index + 1} is not on pick list ${input.pickListId} (was the sheet changed?). Load the list again.` };
    const order = orders.get(orderLineKey(row.orderId, row.line));
    if (!order) return { ok: false, code: 'order-missing', message: `Order ${row.orderId} line ${row.line} is not in Orders any more.` };
    const decimals = products.get(row.sku)?.decimals ?? 3;
    if (!Number.isInteger(c.qty) || c.qty < 0 || c.qty % 10 ** (3 - Math.min(3, Math.max(0, decimals))) !== 0) {
      return { ok: false, code: 'bad-quantity', row: c.index, message: `${row.sku} allows ${decimals} decimals; the picked quantity of row ${c.index + 1} does not fit.` };
    }
    if (c.qty === 0) continue;
    const lotCode = c.lot.trim();
    const lot = lots.get(lotKey(row.sku, lotCode));
    if (!lot) {
      const other = tables.Lots.rows.find((l) => l.lot.toLowerCase() === lotCode.toLowerCase());
      if (other) return { ok: false, code: 'wrong-sku', row: c.index, message: `Lot ${lotCode} is a lot of ${other.sku}, not of ${row.sku} (row ${c.index + 1}).` };
      return { ok: false, code: 'unknown-lot', row: c.index, message: `Lot ${lotCode} of ${row.sku} is not in Lots (row ${c.index + 1}).` };
    }
    if (tables.Lots.badKeys.has(lotKey(lot.sku, lot.lot)) || tables.Movements.problems.some((p) => p.lotKey === lotKey(lot.sku, lot.lot))) {
      const problems = [...tables.Lots.problems, ...tables.Movements.problems].filter((p) => p.lotKey === lotKey(lot.sku, lot.lot));
      return { ok: false, code: 'stock-rows-bad', row: c.index, problems, message: `Rows of lot ${lot.sku} / ${lot.lot} have problems, so its stock cannot be counted; fix them in Excel first.` };
    }
    const why = ineligibility(lot, input.shipDate, minShelfLife(customers.get(order.customerId), products.get(row.sku), fallbackMinLife));
    if (why !== null && !c.overrideReason?.trim()) {
      const changed = lot.lot !== row.lot ? ` instead of ${row.lot}` : '';
      return { ok: false, code: 'lot-not-eligible', row: c.index, message: `Lot ${lot.lot}${changed} cannot ship to ${order.customerId}: ${why}. Pick an eligible lot, or give a reason to ship it anyway (kept in the Log).` };
    }
    confirmed.push({ row, c, lot, order });
  }

  // Stock: what this confirmation takes from each lot must be there.
  const taking = new Map<string, number>();
  for (const { c, lot } of confirmed) taking.set(lotKey(lot.sku, lot.lot), (taking.get(lotKey(lot.sku, lot.lot)) ?? 0) + c.qty);
  for (const [k, q] of taking) {
    const have = onHand.get(k as ReturnType<typeof lotKey>) ?? 0;
    if (q > have) {
      const [sku, lot] = k.split('\u0000') as [string, string];
      const d = products.get(sku)?.decimals ?? 3;
      return { ok: false, code: 'not-enough-stock', message: `Lot ${sku} / ${lot} has ${formatQty(have as Qty, d)} on hand; ${formatQty(q as Qty, d)} cannot ship from it.` };
    }
  }

  // Order lines: what ships now plus what shipped before must not exceed the order.
  const before = shippedByLine(tables.Shipments.rows, own);
  const now = new Map<string, number>();
  for (const { c, row } of confirmed) now.set(orderLineKey(row.orderId, row.line), (now.get(orderLineKey(row.orderId, row.line)) ?? 0) + c.qty);
  const lineKeys = [...new Set(list.rows.map((r) => orderLineKey(r.orderId, r.line)))];
  const outcomes: LineOutcome[] = [];
  const orderUpdates: Order[] = [];
  for (const k of lineKeys) {
    const order = orders.get(k);
    if (!order) continue;
    const shipped = (before.get(k) ?? 0) + (now.get(k) ?? 0);
    if (shipped > order.qty) {
      const d = products.get(order.sku)?.decimals ?? 3;
      return { ok: false, code: 'more-than-ordered', message: `Order ${order.orderId} line ${order.line} asks for ${formatQty(order.qty, d)} ${order.sku}; ${formatQty(shipped as Qty, d)} would ship. Correct the picked quantities.` };
    }
    const status: Order['status'] = order.status === 'cancelled' ? 'cancelled' : shipped >= order.qty ? 'shipped' : shipped > 0 ? 'partial' : 'open';
    outcomes.push({ orderId: order.orderId, line: order.line, sku: order.sku, ordered: order.qty, shipped: shipped as Qty, status });
    if (status !== order.status) orderUpdates.push({ ...order, status });
  }

  const shipments: Shipment[] = [];
  const moves: Movement[] = [];
  const overrides: LogEntry[] = [];
  for (const { row, c, lot, order } of confirmed) {
    const n = seq(row.index);
    const id = `S-${base}-${n}`;
    const parcel = input.parcels?.[row.customerId] ?? input.parcels?.[order.customerId];
    const carrier = (parcel?.carrier ?? input.carrier ?? '').trim();
    const tracking = (parcel?.tracking ?? input.tracking ?? '').trim();
    shipments.push({ id, line: row.line, orderId: row.orderId, date: input.shipDate, customerId: order.customerId, sku: row.sku, lot: lot.lot, qty: c.qty, carrier, tracking });
    moves.push({ id: `M-${base}-${n}`, date: input.shipDate, type: 'SHIP', sku: row.sku, lot: lot.lot, qty: -c.qty as Qty, location: lot.location, ref: id, unitCost: lot.unitCost, user: input.user, note: `Order ${row.orderId} line ${row.line}` });
    const why = c.overrideReason?.trim();
    if (why) {
      const problem = ineligibility(lot, input.shipDate, minShelfLife(customers.get(order.customerId), products.get(row.sku), fallbackMinLife));
      overrides.push({ id: `L-${base}-${n}`, when: input.now, user: input.user, action: SHIP_OVERRIDE_ACTION, table: 'Shipments', key: `${id} / ${row.line}`, from: `${row.sku} / ${row.lot}`, to: `${row.sku} / ${lot.lot}`, why: problem ? `${why} (${problem})` : why });
    }
  }
  const touched = new Set(confirmed.map(({ lot }) => lotKey(lot.sku, lot.lot)));
  const lotRows = tables.Lots.rows.filter((l) => touched.has(lotKey(l.sku, l.lot)));
  const refreshed = refreshOnHand(lotRows, [...movements, ...moves]).filter((l, i) => l !== lotRows[i]);
  const settingKey = `${PICK_LIST_SETTING_PREFIX}${input.pickListId}`;
  const hasSetting = tables.Settings.rows.some((s) => s.key === settingKey);
  const setting = { key: settingKey, value: 'shipped' };
  return {
    ok: true,
    shipments,
    overrides,
    lines: outcomes,
    batch: {
      append: { Shipments: shipments, Movements: moves, Log: overrides, ...(hasSetting ? {} : { Settings: [setting] }) },
      update: { Orders: orderUpdates, Lots: refreshed, ...(hasSetting ? { Settings: [setting] } : {}) },
    },
  };
}

/** The pick list as it is on its sheet now, with the lots the pane may offer instead. */
export async function loadPickList(workbook: WorkbookPort, pickListId: string): Promise<LoadedPickList | ShipRefusal> {
  return workbook.transact(async (tx) => {
    const t = await tx.read(['Settings', 'Lots', 'Movements', 'Products'], { columns: STOCK_COLUMNS, ahead: { reports: () => [pickListRef(pickListId)] } });
    const table = await tx.readReport(pickListRef(pickListId));
    if (!table) return { ok: false, code: 'pick-list-missing', message: `The sheet of pick list ${pickListId} is gone (deleted in Excel?).` } as const;
    const list = parsePickList(table);
    const setting = t.Settings.rows.find((s) => s.key === `${PICK_LIST_SETTING_PREFIX}${pickListId}`)?.value.trim().toLowerCase();
    const state: PickListState = setting === 'open' ? 'open' : setting === 'shipped' ? 'shipped' : 'unknown';
    const skus = new Set(list.rows.map((r) => r.sku));
    const lots = refreshOnHand(t.Lots.rows.filter((l) => skus.has(l.sku)), t.Movements.rows.filter((m) => skus.has(m.sku)));
    const lotsBySku = new Map<string, Lot[]>();
    for (const l of lots) {
      if (l.status !== 'released' || !((l.onHand ?? 0) > 0)) continue;
      lotsBySku.set(l.sku, [...(lotsBySku.get(l.sku) ?? []), l]);
    }
    for (const v of lotsBySku.values()) v.sort((a, b) => (a.expiry ?? '9999') .localeCompare(b.expiry ?? '9999') || a.lot.localeCompare(b.lot));
    const decimalsBySku = new Map(t.Products.rows.filter((p) => skus.has(p.sku)).map((p) => [p.sku, p.decimals]));
    return { ok: true, id: pickListId, state, list, lotsBySku, decimalsBySku } as const;
  });
}

export type ShipOutcome = ShipRefusal | (ShipPlan & { readonly written: { readonly shipments: number; readonly movements: number } });

export async function confirmShipment(workbook: WorkbookPort, input: ShipInput): Promise<ShipOutcome> {
  return workbook.transact(async (tx) => {
    const t = await tx.read(SHIP_TABLE_NAMES, { columns: STOCK_COLUMNS, ahead: { reports: () => [pickListRef(input.pickListId)] } });
    const table = await tx.readReport(pickListRef(input.pickListId));
    if (!table) return { ok: false, code: 'pick-list-missing', message: `The sheet of pick list ${input.pickListId} is gone (deleted in Excel?).` } as const;
    const plan = planShipment(t, parsePickList(table), input);
    if (!plan.ok) return plan;
    const report = await tx.write(plan.batch);
    return { ...plan, written: { shipments: report.appended.Shipments ?? 0, movements: report.appended.Movements ?? 0 } };
  });
}
