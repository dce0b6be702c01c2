/**
 * Files and sheets that leave Lotbook after a recall trace (issue 6, item 5):
 * - the customer notification list as CSV (and as tab-separated text for the clipboard, for when the task pane may
 *   not download files), built from the trace the pane shows;
 * - the FDA FSMA 204 "electronic sortable spreadsheet" of the traceability events of the affected lots, written as
 *   a report sheet through the adapter, on a fresh read (one transact, like the recall report).
 *
 * CSV injection (docs/excel-facts.md, "Files that leave Lotbook"): every field is quoted, and a field starting with `=`, `+`,
 * `-`, `@`, tab or CR gets an apostrophe. papaparse's `escapeFormulae: true` uses /^[=+\-@\t\r].*$/ without the `s`
 * flag, so a multi-line field such as "=cmd\nx" slips through (checked in papaparse 5.7.1 and pinned by a test);
 * we pass our own RegExp that only looks at the first character. Numbers stay numbers (papaparse never escapes
 * them, and a quantity is never negative here).
 *
 * FSMA 204 key data elements, per critical tracking event (21 CFR part 1 subpart S; text read at
 * https://law.lawstack.com/cfr/21/1.1340/ and https://law.lawstack.com/cfr/21/1.1345/, which say they match eCFR):
 * - shipping, § 1.1340(a): traceability lot code; quantity and unit of measure; product description; location
 *   description of the immediate subsequent recipient (ship-to); location description of where it was shipped
 *   from; ship date; location description of the traceability lot code source (or its reference); reference
 *   document type and number.
 * - receiving, § 1.1345(a): the same, with the immediate previous source (ship-from) and where it was received.
 * - transformation, § 1.1350(a) (its text was not in the corpus; from the rule as published): for each food used,
 *   its lot code, description and quantity; for the new food, the new lot code, the location where it was
 *   transformed (the lot code source), the date, description, quantity and the reference document.
 * The records go to FDA "in an electronic sortable spreadsheet" (§ 1.1455(c)(3)(ii), cited from the rule, not found
 * in the corpus): one row per event, one
 * column per KDE, so that a reader can sort and filter by lot code, date or location.
 *
 * The traceability lot code: the rule forbids a new lot code except on transformation (§ 1.1320(b)), so a lot
 * received with a supplier lot keeps the supplier's code as its TLC, and its lot code source is the supplier;
 * lots made here (PRODUCE) and lots received without a supplier lot carry Lotbook's lot code, sourced here. The
 * SKU and Lotbook's lot stay in their own columns so that the sheet joins back to the workbook.
 */
import { RULE_KEYS, rulesOf } from '../domain/rules';
import Papa from 'papaparse';
import { FORMULA_START } from '../domain/cell-text';
import { lotKey } from '../domain/codec';
import { isoDateToSerial } from '../domain/dates';
import { qtyToNumber } from '../domain/fixed';
import type { Customer, IsoDate, IsoDateTime, Lot, LotKey, Movement, Product, Qty, Shipment } from '../domain/types';
import type { ReportSheet, WorkbookPort } from './ports';
import { RECALL_TABLES, fitSheetName, traceTables, type NotificationLine, type RecallDirection, type RecallLotRef, type RecallRefusal, type RecallTables, type RecallTrace } from './recall';

// ------------------------------------------------------------------------------------------ the customer list

const CUSTOMER_COLUMNS = ['Customer', 'Customer ID', 'Contact', 'Email', 'Phone', 'Address', 'City', 'Region', 'Postal Code', 'Country', 'Order', 'Shipment', 'Line', 'Ship Date', 'SKU', 'Product', 'Lot', 'Qty', 'Unit', 'Flag'] as const;

const FLAG: Readonly<Record<NotificationLine['customerRecord'], string>> = { found: '', 'not-in-customers': 'not in Customers', 'bad-row': 'Customers row has problems' };

/**
 * A phone number made only of digits, spaces and `+ ( ) . - /` cannot call a function or another program when a
 * spreadsheet opens the file (there is no name to call), so it goes out as typed: an apostrophe before "+1 512…"
 * would show in every letter of a mail merge. Anything else in the column is defused like any other field.
 */
const PLAIN_PHONE = /^\+?[\d\s().\-/]+$/;

const PHONE_COLUMN = CUSTOMER_COLUMNS.indexOf('Phone');

/** In the mail-merge file, a plain phone number is left as typed (see PLAIN_PHONE). */
const plainPhone = (row: ReadonlyArray<string | number>, column: number): boolean => column === PHONE_COLUMN && typeof row[column] === 'string' && PLAIN_PHONE.test(String(row[column]).trim());

function customerRow(n: NotificationLine): (string | number)[] {
  const c = n.customer;
  return [c.name, n.customerId, c.contact, c.email, c.phone, c.address, c.city, c.region, c.postalCode, c.country, n.orderId, n.shipmentId, n.line, n.date, n.sku, n.description, n.lot, qtyToNumber(n.qty), n.unit, FLAG[n.customerRecord]];
}

/** Delimited text that is safe to open in a spreadsheet: every field quoted, formulas defused. */
export function toSafeDelimited(fields: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>, delimiter: ',' | '\t' = ',', keep?: (row: ReadonlyArray<string | number>, column: number) => boolean): string {
  if (!keep) return Papa.unparse({ fields: [...fields], data: rows.map((r) => [...r]) }, { quotes: true, escapeFormulae: FORMULA_START, delimiter, newline: '\r\n' });
  // The same apostrophe papaparse puts, except on the fields `keep` names.
  const data = rows.map((r) => r.map((v, i) => (typeof v === 'string' && FORMULA_START.test(v) && !keep(r, i) ? `'${v}` : v)));
  const header = fields.map((f) => (FORMULA_START.test(f) ? `'${f}` : f));
  return Papa.unparse({ fields: header, data }, { quotes: true, escapeFormulae: false, delimiter, newline: '\r\n' });
}

export interface ExportFile {
  readonly fileName: string;
  /** Without a byte order mark: the pane adds one to the file so that Excel reads UTF-8, not to the clipboard. */
  readonly text: string;
  readonly rows: number;
}

/** A file name from a lot code and a date: no characters that Windows or macOS refuse. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\x00-\x1f]+/g, '-').replace(/\s+/g, ' ').trim();
}

function lotsPart(trace: Pick<RecallTrace, 'starts'>): string {
  const first = trace.starts[0];
  return `${first ? first.lot : 'lots'}${trace.starts.length > 1 ? ` +${trace.starts.length - 1}` : ''}`;
}

function exportName(trace: RecallTrace, today: IsoDate, drill: boolean, what: string): string {
  return `${drill ? 'Mock recall' : 'Recall'} ${what} ${lotsPart(trace)} ${today}`;
}

/**
 * The customer notification list (one line per shipment line of an affected lot, sorted by customer as in the
 * trace) as CSV. A customer missing from Customers is listed with its id and flagged, never dropped. Pure.
 */
export function customerCsv(trace: RecallTrace, today: IsoDate, options: { readonly drill?: boolean } = {}): ExportFile {
  return {
    fileName: `${safeFileName(exportName(trace, today, options.drill ?? false, 'customers'))}.csv`,
    text: toSafeDelimited(CUSTOMER_COLUMNS, trace.notifications.map(customerRow), ',', plainPhone),
    rows: trace.notifications.length,
  };
}

/** The same list as tab-separated text, which Excel, Sheets and mail-merge tools paste as columns. Pure. */
export function customerTsv(trace: RecallTrace): string {
  return toSafeDelimited(CUSTOMER_COLUMNS, trace.notifications.map(customerRow), '\t');
}

// ------------------------------------------------------------------------------------------ FSMA 204

export type FsmaEventType = 'Receiving' | 'Transformation (input)' | 'Transformation (output)' | 'Shipping';

/** One critical tracking event of an affected lot with its key data elements. */
export interface FsmaEvent {
  readonly event: FsmaEventType;
  readonly tlc: string;
  readonly description: string;
  readonly qty: Qty;
  readonly unit: string;
  /** Shipping: where it left from; receiving: the immediate previous source. */
  readonly shipFrom: string;
  /** Shipping: the immediate subsequent recipient. */
  readonly shipTo: string;
  readonly receivingLocation: string;
  readonly transformationLocation: string;
  readonly date: IsoDate;
  readonly tlcSource: string;
  readonly referenceType: string;
  readonly referenceNumber: string;
  readonly sku: string;
  readonly lot: string;
  /** The Movements or Shipments row the event comes from. */
  readonly source: string;
}

export interface FsmaOptions {
  /** Location description of this business (name, address): Settings `facility`. */
  readonly facility: string;
}

const EVENT_ORDER: Readonly<Record<FsmaEventType, number>> = { Receiving: 0, 'Transformation (input)': 1, 'Transformation (output)': 2, Shipping: 3 };

type FsmaTables = Pick<RecallTables, 'Products' | 'Lots' | 'Movements' | 'Shipments' | 'Customers'>;

function customerLocation(c: Customer | undefined, id: string): string {
  if (!c) return `${id} (not in Customers)`;
  const place = [c.address, c.city, [c.region, c.postalCode].filter(Boolean).join(' '), c.country].filter((s) => s !== '');
  return [c.name || id, ...place].join(', ');
}

/**
 * The FSMA 204 events of every affected lot of a trace, from the workbook's rows: RECEIVE (and RETURN, a receipt
 * from a customer) give receiving events, CONSUME and PRODUCE give transformation events (linked by the run in
 * the reference), Shipments lines give shipping events, and a SHIP movement that no Shipments line names gives a
 * shipping event with an unknown recipient (units that left without a customer record must show). ADJUST,
 * DESTROY and TRANSFER are not critical tracking events. Sorted by date, then event kind, then lot code. Pure.
 */
export function fsmaEvents(trace: Pick<RecallTrace, 'lots'>, tables: FsmaTables, options: FsmaOptions): FsmaEvent[] {
  const affected = new Set<LotKey>(trace.lots.map((l) => lotKey(l.sku, l.lot)));
  const products = new Map<string, Product>(tables.Products.rows.map((p) => [p.sku, p]));
  const lots = new Map<LotKey, Lot>(tables.Lots.rows.map((l) => [lotKey(l.sku, l.lot), l]));
  const customers = new Map<string, Customer>(tables.Customers.rows.map((c) => [c.id, c]));
  const shipmentsById = new Map<string, Shipment[]>();
  for (const s of tables.Shipments.rows) shipmentsById.set(s.id, [...(shipmentsById.get(s.id) ?? []), s]);

  const movements: Movement[] = tables.Movements.rows.filter((m) => affected.has(lotKey(m.sku, m.lot)));
  const producedHere = new Set<LotKey>(movements.filter((m) => m.type === 'PRODUCE').map((m) => lotKey(m.sku, m.lot)));
  const here = (bin: string) => (options.facility && bin ? `${options.facility} (${bin})` : options.facility || bin);
  const supplierOf = (l: Lot | undefined) => (l && l.supplier ? [l.supplier, l.origin].filter(Boolean).join(', ') : 'supplier not recorded in Lots');

  const lotFacts = (sku: string, lot: string) => {
    const k = lotKey(sku, lot);
    const row = lots.get(k);
    const supplied = !producedHere.has(k) && row !== undefined && row.supplierLot !== '';
    const p = products.get(sku);
    return {
      tlc: supplied ? row.supplierLot : lot,
      tlcSource: supplied ? supplierOf(row) : here(row?.location ?? ''),
      description: p?.description ?? '',
      unit: p?.unit ?? '',
      binOf: row?.location ?? '',
    };
  };

  const blank = { shipFrom: '', shipTo: '', receivingLocation: '', transformationLocation: '' };
  const events: FsmaEvent[] = [];
  for (const m of movements) {
    const f = lotFacts(m.sku, m.lot);
    const base = { tlc: f.tlc, description: f.description, qty: Math.abs(m.qty) as Qty, unit: f.unit, date: m.date, sku: m.sku, lot: m.lot, source: `Movements ${m.id}`, ...blank };
    switch (m.type) {
      case 'RECEIVE':
        events.push({ ...base, event: 'Receiving', shipFrom: supplierOf(lots.get(lotKey(m.sku, m.lot))), receivingLocation: here(m.location), tlcSource: f.tlcSource, referenceType: 'Purchase order', referenceNumber: m.ref });
        break;
      case 'RETURN': {
        const s = (shipmentsById.get(m.ref) ?? [])[0];
        events.push({ ...base, event: 'Receiving', shipFrom: s ? customerLocation(customers.get(s.customerId), s.customerId) : 'customer not recorded in Shipments', receivingLocation: here(m.location), tlcSource: f.tlcSource, referenceType: 'Customer return (shipment)', referenceNumber: m.ref });
        break;
      }
      case 'CONSUME':
        events.push({ ...base, event: 'Transformation (input)', transformationLocation: here(m.location), tlcSource: f.tlcSource, referenceType: 'Production run', referenceNumber: m.ref });
        break;
      case 'PRODUCE':
        events.push({ ...base, event: 'Transformation (output)', transformationLocation: here(m.location), tlcSource: here(m.location), referenceType: 'Production run', referenceNumber: m.ref });
        break;
      case 'SHIP': {
        const named = (shipmentsById.get(m.ref) ?? []).some((s) => s.sku === m.sku && s.lot === m.lot);
        if (!named) events.push({ ...base, event: 'Shipping', shipFrom: here(m.location), shipTo: 'unknown: no Shipments line names this shipment', tlcSource: f.tlcSource, referenceType: 'Shipment', referenceNumber: m.ref });
        break;
      }
      default:
        break;
    }
  }
  const shipBin = new Map<string, string>();
  for (const m of movements) if (m.type === 'SHIP') shipBin.set(`${m.ref}\u0000${lotKey(m.sku, m.lot)}`, m.location);
  for (const s of tables.Shipments.rows) {
    const k = lotKey(s.sku, s.lot);
    if (!affected.has(k)) continue;
    const f = lotFacts(s.sku, s.lot);
    events.push({
      event: 'Shipping',
      tlc: f.tlc,
      description: f.description,
      qty: s.qty,
      unit: f.unit,
      shipFrom: here(shipBin.get(`${s.id}\u0000${k}`) ?? f.binOf),
      shipTo: customerLocation(customers.get(s.customerId), s.customerId),
      receivingLocation: '',
      transformationLocation: '',
      date: s.date,
      tlcSource: f.tlcSource,
      referenceType: s.orderId ? `Shipment (order ${s.orderId})` : 'Shipment',
      referenceNumber: s.id,
      sku: s.sku,
      lot: s.lot,
      source: `Shipments ${s.id} line ${s.line}`,
    });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return events.sort((a, b) => cmp(a.date, b.date) || EVENT_ORDER[a.event] - EVENT_ORDER[b.event] || cmp(a.tlc, b.tlc) || cmp(a.source, b.source));
}

export interface FsmaSheetMeta {
  readonly reportId: string;
  readonly user: string;
  readonly now: IsoDateTime;
  readonly drill?: boolean;
}

/** The FSMA 204 sortable spreadsheet of a trace's events, as a report sheet. Pure. */
export function buildFsmaSheet(trace: RecallTrace, events: readonly FsmaEvent[], meta: FsmaSheetMeta, options: FsmaOptions): ReportSheet {
  const date = meta.now.slice(0, 10) as IsoDate;
  const lotNames = trace.starts.map((s) => `${s.sku} / ${s.lot}`).join(', ');
  const header: [string, string][] = [
    ...(meta.drill ? [['Drill', 'No lot status was changed'] as [string, string]] : []),
    ['Lots traced', lotNames],
    ['Affected lots', String(new Set(trace.lots.map((l) => l.key)).size)],
    ['Events', `${events.length} (receiving, transformation and shipping: 21 CFR 1.1340, 1.1345, 1.1350)`],
    ['Prepared by', meta.user],
    ['Prepared at', meta.now.replace('T', ' ')],
    ['This business', options.facility || 'not set: add the key "facility" (name and address) to Settings, FDA asks for a location description'],
  ];
  return {
    id: meta.reportId,
    name: meta.drill ? fitSheetName('Mock FSMA', lotsPart(trace), date.replaceAll('-', '')) : fitSheetName('FSMA 204', lotsPart(trace), date),
    title: `${meta.drill ? 'Mock recall (drill): ' : ''}FSMA 204 traceability records: ${lotNames}`,
    header,
    table: {
      name: 'FSMA204',
      columns: [
        { header: 'Event', type: 'text' },
        { header: 'Traceability Lot Code', type: 'text' },
        { header: 'Product Description', type: 'text' },
        { header: 'Quantity', type: 'qty' },
        { header: 'Unit of Measure', type: 'text' },
        { header: 'Ship-From Location', type: 'text' },
        { header: 'Ship-To Location', type: 'text' },
        { header: 'Receiving Location', type: 'text' },
        { header: 'Transformation Location', type: 'text' },
        { header: 'Date', type: 'date' },
        { header: 'Traceability Lot Code Source', type: 'text' },
        { header: 'Reference Document Type', type: 'text' },
        { header: 'Reference Document Number', type: 'text' },
        { header: 'SKU', type: 'text' },
        { header: 'Lotbook Lot', type: 'text' },
        { header: 'Source Row', type: 'text' },
      ],
      rows: events.map((e) => [e.event, e.tlc, e.description, qtyToNumber(e.qty), e.unit, e.shipFrom, e.shipTo, e.receivingLocation, e.transformationLocation, isoDateToSerial(e.date), e.tlcSource, e.referenceType, e.referenceNumber, e.sku, e.lot, e.source]),
    },
  };
}

export interface FsmaInput extends FsmaSheetMeta {
  readonly starts: readonly RecallLotRef[];
  readonly direction: RecallDirection;
}

export type FsmaResult = { readonly ok: true; readonly sheetName: string; readonly events: number; readonly report: ReportSheet } | RecallRefusal;

/** Settings key holding this business's location description (domain/rules.ts). */
export const FACILITY_SETTING = RULE_KEYS.facility;

/** Traces again on a fresh read and writes the FSMA 204 sheet, in one transact. */
export async function writeFsmaSheet(workbook: WorkbookPort, input: FsmaInput): Promise<FsmaResult> {
  return workbook.transact(async (tx) => {
    // A legal record: read from the workbook itself, not from what the adapter remembers.
    const tables = await tx.read([...RECALL_TABLES, 'Settings'] as const, { verify: true });
    const trace = traceTables(tables, input.starts, input.direction);
    if (!('lots' in trace)) return trace;
    const facility = rulesOf(tables.Settings.rows).facility;
    const events = fsmaEvents(trace, tables, { facility });
    const report = buildFsmaSheet(trace, events, input, { facility });
    const written = await tx.write({ sheets: [report] });
    return { ok: true, sheetName: written.sheets[0] ?? report.name, events: events.length, report };
  });
}
