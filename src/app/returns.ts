/**
 * Customer returns (issue 9): goods come back against a shipment, into the same lot.
 *
 * A return is a RETURN movement (+qty) into the shipped lot with the shipment id as Reference, so the recall mass
 * balance (domain/recall.ts, `returned`) and the lot costs report (`returned`) count it. Returned goods are mixed
 * into the lot, so the lot goes to hold until QA decides (from released or quarantine, Log row with the reason);
 * a lot already on hold stays on hold, and a recalled or rejected lot stays as it is: a return never makes a
 * blocked lot pickable again. One Log row records the return itself with the reason.
 *
 * At most what the shipment line shipped, less what earlier returns against it brought back, can be returned.
 */
import { lotKey } from '../domain/codec';
import { nowIsoDateTime } from '../domain/dates';
import { qtyFromNumber, qtyToNumber } from '../domain/fixed';
import { changeStatus, refreshOnHand } from '../domain/ledger';
import type { IsoDate, IsoDateTime, LogEntry, Lot, LotStatus, Movement, Qty, Shipment } from '../domain/types';
import { OWN_LOG_FIELDS, rewind } from './own-effects';
import type { Snapshot, WorkbookPort } from './ports';

export const RETURN_ACTION = 'customer-return';

export type ReturnTables = Snapshot<'Products' | 'Lots' | 'Movements' | 'Shipments' | 'Customers' | 'Log'>;
const RETURN_TABLE_NAMES = ['Products', 'Lots', 'Movements', 'Shipments', 'Customers', 'Log'] as const;
/** What a return uses of Movements: the lot's stock (its sign checked) and what was returned against a shipment. */
const RETURN_COLUMNS = { Movements: ['type', 'sku', 'lot', 'qty', 'ref'], Log: OWN_LOG_FIELDS } as const;

export interface ReturnableShipment {
  readonly shipmentId: string;
  readonly line: number;
  readonly date: IsoDate;
  readonly customerId: string;
  readonly customerName: string;
  readonly sku: string;
  readonly lot: string;
  readonly decimals: number;
  readonly unit: string;
  readonly shipped: Qty;
  /** Shipped less returned already against this shipment and lot. */
  readonly returnable: Qty;
}

/** Shipment lines that can take a return, newest first; only those of one lot when `lot` is given. */
export function returnableShipments(t: Pick<ReturnTables, 'Products' | 'Movements' | 'Shipments' | 'Customers'>, lot?: { readonly sku: string; readonly lot: string }): ReturnableShipment[] {
  const products = new Map(t.Products.rows.map((p) => [p.sku, p]));
  const customers = new Map(t.Customers.rows.map((c) => [c.id, c]));
  return t.Shipments.rows
    .filter((s) => !lot || (s.sku === lot.sku && s.lot === lot.lot))
    .map((s) => {
      const returnedQty = returnedAgainst(t.Movements.rows, s);
      return {
        shipmentId: s.id,
        line: s.line,
        date: s.date,
        customerId: s.customerId,
        customerName: customers.get(s.customerId)?.name ?? s.customerId,
        sku: s.sku,
        lot: s.lot,
        decimals: products.get(s.sku)?.decimals ?? 3,
        unit: products.get(s.sku)?.unit ?? '',
        shipped: s.qty,
        returnable: Math.max(0, s.qty - returnedQty) as Qty,
      };
    })
    .sort((a, b) => (a.date === b.date ? (a.shipmentId < b.shipmentId ? 1 : -1) : a.date < b.date ? 1 : -1));
}

/** What earlier returns brought back against a shipment, for its SKU and lot. */
function returnedAgainst(movements: readonly Movement[], s: Pick<Shipment, 'id' | 'sku' | 'lot'>): number {
  let sum = 0;
  for (const m of movements) if (m.type === 'RETURN' && m.ref === s.id && m.sku === s.sku && m.lot === s.lot) sum += m.qty;
  return sum;
}

export interface ReturnInput {
  readonly shipmentId: string;
  readonly line: number;
  /** The quantity as typed, in the SKU's unit. */
  readonly qty: string;
  /** Why the customer sent it back; kept in the Log and the movement's Note. */
  readonly reason: string;
  /** Where the returned goods are put; blank: the lot's location. */
  readonly location: string;
  readonly user: string;
  readonly today: IsoDate;
  readonly now?: IsoDateTime;
  /** Made when the user starts the return (newId('M'), newId('L')): a retried save writes once. */
  readonly ids: { readonly movement: string; readonly log: string; readonly statusLog: string };
}

export type ReturnErrorCode = 'table-problem' | 'shipment-not-found' | 'lot-not-found' | 'lot-row-bad' | 'bad-quantity' | 'too-much' | 'reason-required';

/** The form field a refusal is about, so that the pane shows it there. */
export type ReturnField = 'qty' | 'reason';

export interface ReturnRefusal {
  readonly ok: false;
  readonly code: ReturnErrorCode;
  readonly message: string;
  readonly field?: ReturnField;
}

export interface ReturnDone {
  readonly ok: true;
  readonly movement: Movement;
  /** The lot's status before and after the return. */
  readonly from: LotStatus;
  readonly to: LotStatus;
  readonly alreadySaved: boolean;
}

const FIELD_OF: Partial<Record<ReturnErrorCode, ReturnField>> = { 'bad-quantity': 'qty', 'too-much': 'qty', 'reason-required': 'reason' };

const refuse = (code: ReturnErrorCode, message: string): ReturnRefusal => {
  const field = FIELD_OF[code];
  return { ok: false, code, message, ...(field ? { field } : {}) };
};

/** Pure: the rows a return writes, or why it cannot. */
export function planReturn(t: ReturnTables, input: ReturnInput): ReturnRefusal | (ReturnDone & { readonly lot: Lot; readonly logs: readonly LogEntry[] }) {
  const missing = RETURN_TABLE_NAMES.flatMap((n) => t[n].problems.filter((p) => p.code === 'missing-column'));
  if (missing.length) return refuse('table-problem', `The workbook is missing columns Lotbook needs: ${missing.map((p) => p.message).join(' ')} Set the workbook up in the Workbook pane.`);
  const shipment = t.Shipments.rows.find((s) => s.id === input.shipmentId && s.line === input.line);
  if (!shipment) return refuse('shipment-not-found', `Shipment ${input.shipmentId} line ${input.line} is not in Shipments.`);
  const name = `${shipment.sku} / ${shipment.lot}`;
  const key = lotKey(shipment.sku, shipment.lot);
  if (t.Lots.badKeys.has(key)) {
    const where = t.Lots.problems.filter((p) => p.lotKey === key).slice(0, 3).map((p) => `${p.address}: ${p.message}`).join(' ');
    return refuse('lot-row-bad', `The Lots row of ${name} has problems; fix it in Excel first. ${where}`);
  }
  const lot = t.Lots.rows.find((l) => l.sku === shipment.sku && l.lot === shipment.lot);
  if (!lot) return refuse('lot-not-found', `Lot ${name} of shipment ${shipment.id} is not in Lots.`);

  const product = t.Products.rows.find((p) => p.sku === shipment.sku);
  const decimals = product?.decimals ?? 3;
  const n = Number(input.qty.trim());
  const qty = input.qty.trim() !== '' && Number.isFinite(n) && n > 0 ? qtyFromNumber(n) : null;
  if (qty === null || qty % 10 ** (3 - decimals) !== 0) return refuse('bad-quantity', `"${input.qty}" is not a quantity of ${shipment.sku} to return (more than 0${decimals === 0 ? ', whole units' : `, at most ${decimals} decimals`}).`);
  const returnable = shipment.qty - returnedAgainst(t.Movements.rows, shipment);
  if (qty > returnable) return refuse('too-much', `Shipment ${shipment.id} line ${shipment.line} shipped ${qtyToNumber(shipment.qty)} of lot ${name}; ${qtyToNumber(Math.max(0, returnable) as Qty)} can still come back.`);
  const reason = input.reason.trim();
  if (reason === '') return refuse('reason-required', 'Say why the customer returned the goods; the reason is kept in the Log.');

  const when = input.now ?? nowIsoDateTime();
  const movement: Movement = {
    id: input.ids.movement,
    date: input.today,
    type: 'RETURN',
    sku: shipment.sku,
    lot: shipment.lot,
    qty,
    location: input.location.trim() || lot.location,
    ref: shipment.id,
    unitCost: null,
    user: input.user,
    note: reason,
  };
  const logs: LogEntry[] = [
    { id: input.ids.log, when, user: input.user, action: RETURN_ACTION, table: 'Movements', key: movement.id, from: `${shipment.id} line ${shipment.line} (${shipment.customerId})`, to: `${name}: +${qtyToNumber(qty)}`, why: reason },
  ];
  let next: Lot = lot;
  // Released or quarantined stock with returned goods in it waits for QA; hold, recalled and rejected already block it.
  if (lot.status === 'released' || lot.status === 'quarantine') {
    const changed = changeStatus(lot, 'hold', { user: input.user, why: `customer return ${shipment.id}: ${reason}`, when, id: input.ids.statusLog });
    if (changed.ok) {
      next = changed.lot;
      logs.push(changed.log);
    }
  }
  const [refreshed] = refreshOnHand([next], [...t.Movements.rows.filter((m) => m.sku === lot.sku && m.lot === lot.lot), movement]);
  return { ok: true, movement, from: lot.status, to: next.status, alreadySaved: false, lot: refreshed!, logs };
}

/** Books a return: the RETURN movement, the lot's status and On Hand, and the Log rows, in one batch. */
export async function receiveReturn(workbook: WorkbookPort, input: ReturnInput): Promise<ReturnRefusal | ReturnDone> {
  return workbook.transact(async (tx) => {
    const read = await tx.read(RETURN_TABLE_NAMES, { columns: RETURN_COLUMNS });
    const alreadySaved = read.Movements.rows.some((m) => m.id === input.ids.movement);
    // Saved before (or half-way before a failure): plan from the workbook as it was, and complete the write.
    const plan = planReturn(rewind(read, { ids: [input.ids.movement, input.ids.log, input.ids.statusLog] }), input);
    if (!plan.ok) return plan;
    await tx.write({ append: { Movements: [plan.movement], Log: plan.logs }, update: { Lots: [plan.lot] } });
    return { ok: true, movement: plan.movement, from: plan.from, to: plan.to, alreadySaved };
  });
}

/** Shipments the pane offers: all, or those of one lot (after a scan). Read only. */
export async function loadReturnable(workbook: WorkbookPort, lot?: { readonly sku: string; readonly lot: string }): Promise<ReturnableShipment[]> {
  return workbook.transact(async (tx) => returnableShipments(await tx.read(['Products', 'Movements', 'Shipments', 'Customers'], { columns: RETURN_COLUMNS }), lot));
}
