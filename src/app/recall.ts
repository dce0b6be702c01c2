/**
 * Recall (issue 6): a QA lead learns that a lot is suspect. From what they type or scan, find the lot, trace it
 * through the runs (domain/recall.ts), and say which lots are affected, who received them, and whether every unit
 * is accounted for; then write the customer report sheet, and put the affected lots on hold or recalled.
 *
 * Each use case is one transact: one read of the tables it needs, the decision, and at most one write. The report
 * and the status change trace again on their fresh read instead of trusting what the pane showed a minute ago, so
 * what is written always matches the workbook at the moment of writing.
 *
 * The report's mass balance goes into the sheet's header lines (one line per lot), not into a second table: the
 * adapter's ReportSheet has one table, and the table that people filter and mail-merge is the customer lines.
 *
 * Timing: the trace time in the report is product behaviour (auditors ask how long a mock recall took), measured
 * here with the injected clock; tests never assert it.
 */
import { lotKey } from '../domain/codec';
import type { TableProblem } from '../domain/codec';
import { isoDateToSerial } from '../domain/dates';
import { formatQty, qtyToNumber } from '../domain/fixed';
import { childrenOf, type GenealogyCycle } from '../domain/genealogy';
import { parseGs1, summarizeGs1 } from '../domain/gs1';
import { allowedStatusChanges, changeStatus } from '../domain/ledger';
import { buildRecallIndex, traceRecall, type AffectedLot, type MassBalance, type RecallDirection, type RecallLotRef } from '../domain/recall';
import type { Customer, IsoDate, IsoDateTime, LogEntry, Lot, LotKey, LotStatus, Product, ProductKind, Qty, Shipment } from '../domain/types';
import type { ReportSheet, Snapshot, WorkbookPort, WorkbookTx } from './ports';
import { WorkbookError } from './ports';
import { normalizeGtin } from '../domain/gs1';
import { fnv1a32 } from '../domain/hash';

export type { RecallDirection, RecallLotRef };

export const RECALL_TABLES = ['Products', 'Lots', 'Movements', 'Shipments', 'Customers'] as const;
/**
 * What a trace uses of Movements: the links between lots (runs) and the quantities of its mass balance. A verifying
 * read (a legal record) reads every column.
 */
const TRACE_COLUMNS = { Movements: ['date', 'type', 'sku', 'lot', 'qty', 'ref'] } as const;
export type RecallTables = Snapshot<(typeof RECALL_TABLES)[number]>;

export const RECALL_CLASSES = ['I', 'II', 'III'] as const;
export type RecallClass = (typeof RECALL_CLASSES)[number];

/** FDA's recall classes, in the words a customer notice uses. */
export const RECALL_CLASS_MEANING: Readonly<Record<RecallClass, string>> = {
  I: 'a reasonable probability of serious adverse health consequences or death',
  II: 'may cause temporary or medically reversible adverse health consequences',
  III: 'not likely to cause adverse health consequences',
};

export type RecallStep = 'reading' | 'tracing' | 'writing';

export interface RecallOptions {
  /** Called as the use case moves on, so the pane can show what it waits for on a big workbook. */
  readonly onProgress?: (step: RecallStep) => void;
  /** Milliseconds on a monotonic clock; default performance.now(). */
  readonly clock?: () => number;
}

const defaultClock = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

// ------------------------------------------------------------------------------------------ finding the lot

export interface StartCandidate extends RecallLotRef {
  /** How the query named the lot. */
  readonly matchedBy: 'gtin-lot' | 'sku-lot' | 'lot' | 'supplier-lot';
  /** From Products; '' when the SKU is not there. */
  readonly description: string;
  /** From Lots; null for a lot known only from Movements or Shipments. */
  readonly status: LotStatus | null;
  readonly supplier: string;
  readonly supplierLot: string;
}

export type FindErrorCode = 'empty-query' | 'bad-scan' | 'scan-without-lot' | 'unknown-gtin' | 'lot-not-found';
export type FindResult = { readonly ok: true; readonly candidates: readonly StartCandidate[] } | { readonly ok: false; readonly code: FindErrorCode; readonly message: string };

export interface FindOptions {
  /** `YYYY-MM-DD`, for the century of GS1 dates. */
  readonly today?: string;
  /** What the user's scanner types instead of GS (see the Receive pane's setting). */
  readonly fnc1Substitute?: string;
}

/** Scanner output or GS1 text (HRI, Digital Link), as opposed to a plain lot code someone typed. */
function looksLikeGs1(s: string): boolean {
  return /^(\]|\x1d|\(\d{2,4}\)|https?:\/\/)/i.test(s) || /^0[12]\d{14}/.test(s);
}

type FindTables = Pick<RecallTables, 'Products' | 'Lots' | 'Movements' | 'Shipments'>;

/** Every lot the workbook names: Lots rows, and lots only the ledger or the shipments know. */
function knownLots(t: FindTables): Map<LotKey, RecallLotRef> {
  const out = new Map<LotKey, RecallLotRef>();
  const add = (sku: string, lot: string) => {
    const k = lotKey(sku, lot);
    if (!out.has(k)) out.set(k, { sku, lot });
  };
  for (const l of t.Lots.rows) add(l.sku, l.lot);
  for (const m of t.Movements.rows) add(m.sku, m.lot);
  for (const s of t.Shipments.rows) add(s.sku, s.lot);
  return out;
}

/**
 * The lots a query names. A GS1 scan gives GTIN + lot (the SKU found through Products); `SKU / lot` names one
 * lot; anything else is a lot code or a supplier lot, compared without regard to case, which may match lots of
 * several SKUs: the user then chooses. Pure.
 */
export function findStartLots(query: string, tables: FindTables, options: FindOptions = {}): FindResult {
  const q = query.trim();
  if (q === '') return { ok: false, code: 'empty-query', message: 'Type or scan a lot code, a supplier lot, or SKU / lot.' };
  const lots = knownLots(tables);
  const lotRows = new Map(tables.Lots.rows.map((l) => [lotKey(l.sku, l.lot), l]));
  const products = new Map(tables.Products.rows.map((p) => [p.sku, p]));
  const candidate = (ref: RecallLotRef, matchedBy: StartCandidate['matchedBy']): StartCandidate => {
    const row = lotRows.get(lotKey(ref.sku, ref.lot));
    return { sku: ref.sku, lot: ref.lot, matchedBy, description: products.get(ref.sku)?.description ?? '', status: row?.status ?? null, supplier: row?.supplier ?? '', supplierLot: row?.supplierLot ?? '' };
  };
  const lower = (s: string) => s.toLowerCase();

  let lotText = q;
  let skuFilter: string | undefined;
  let matchedBy: StartCandidate['matchedBy'] = 'lot';
  if (looksLikeGs1(q)) {
    const parsed = parseGs1(q, { today: options.today, fnc1Substitute: options.fnc1Substitute || undefined });
    if (!parsed.ok) return { ok: false, code: 'bad-scan', message: `The scan could not be read: ${parsed.message}` };
    const s = summarizeGs1(parsed.elements);
    if (s.gtin !== undefined) {
      const g = normalizeGtin(s.gtin);
      const product = tables.Products.rows.find((p) => g !== null && normalizeGtin(p.gtin) === g);
      if (!product) return { ok: false, code: 'unknown-gtin', message: `No product in Products has GTIN ${s.gtin}.` };
      if (s.lot === undefined) return { ok: false, code: 'scan-without-lot', message: `The scan names ${product.sku} (${product.description}) but no lot: scan the lot label, or type the lot code.` };
      skuFilter = product.sku;
      matchedBy = 'gtin-lot';
    } else if (s.lot === undefined) {
      return { ok: false, code: 'scan-without-lot', message: 'The scan has no lot number (AI 10): scan the lot label, or type the lot code.' };
    }
    lotText = s.lot!;
  } else {
    // `SKU / lot`, as Lotbook names lots everywhere; a lot code itself may hold a slash (24/07-A), so only a
    // known SKU before " / " counts.
    const m = /^(.+?)\s+\/\s+(.+)$/.exec(q);
    if (m && products.has(m[1]!.trim()) && !lots.has(lotKey(m[1]!.trim(), q))) {
      skuFilter = m[1]!.trim();
      lotText = m[2]!.trim();
      matchedBy = 'sku-lot';
    }
  }

  const found = new Map<LotKey, StartCandidate>();
  for (const [k, ref] of lots) {
    if (skuFilter !== undefined && ref.sku !== skuFilter) continue;
    if (lower(ref.lot) === lower(lotText)) found.set(k, candidate(ref, matchedBy));
  }
  if (skuFilter === undefined) {
    for (const l of tables.Lots.rows) {
      const k = lotKey(l.sku, l.lot);
      if (l.supplierLot !== '' && lower(l.supplierLot) === lower(lotText) && !found.has(k)) found.set(k, candidate(l, 'supplier-lot'));
    }
  }
  if (found.size === 0) {
    const what = skuFilter !== undefined ? `${skuFilter} / ${lotText}` : `"${lotText}"`;
    return { ok: false, code: 'lot-not-found', message: `No lot ${what} in Lots, Movements or Shipments${skuFilter === undefined ? ', and no supplier lot of that code' : ''}.` };
  }
  const rank = { 'gtin-lot': 0, 'sku-lot': 0, lot: 0, 'supplier-lot': 1 } as const;
  const candidates = [...found.values()].sort((a, b) => rank[a.matchedBy] - rank[b.matchedBy] || cmp(a.sku, b.sku) || cmp(a.lot, b.lot));
  return { ok: true, candidates };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// ------------------------------------------------------------------------------------------ the trace

export interface TracedLot extends AffectedLot {
  readonly key: LotKey;
  readonly description: string;
  readonly unit: string;
  readonly decimals: number;
  readonly kind: ProductKind | null;
  /** From Lots; null for a lot known only from the ledger. */
  readonly status: LotStatus | null;
}

/** A run linking two affected lots: `from` went into the run(s) that made `to`. */
export interface TraceLink {
  readonly from: LotKey;
  readonly to: LotKey;
  readonly runs: readonly string[];
}

export type CustomerRecord = 'found' | 'not-in-customers' | 'bad-row';

/** One line of the customer notice: a shipment line of an affected lot, with whom to tell. */
export interface NotificationLine {
  readonly customerId: string;
  readonly customerRecord: CustomerRecord;
  /** From Customers; blank when the customer is not there (see customerRecord). */
  readonly customer: Pick<Customer, 'name' | 'contact' | 'email' | 'phone' | 'address' | 'city' | 'region' | 'postalCode' | 'country'>;
  readonly orderId: string;
  readonly shipmentId: string;
  readonly line: number;
  readonly date: IsoDate;
  readonly sku: string;
  readonly description: string;
  readonly lot: string;
  readonly qty: Qty;
  readonly unit: string;
  readonly decimals: number;
}

export interface CustomerSummary {
  readonly customerId: string;
  readonly name: string;
  readonly customerRecord: CustomerRecord;
  readonly lines: number;
  /** e.g. "50 ea FG-ASH60 / 2611-ASH60-001"; one per lot shipped to the customer. */
  readonly received: readonly string[];
}

export interface LotBalance extends MassBalance {
  readonly unit: string;
  readonly decimals: number;
  readonly role: AffectedLot['direction'];
}

export interface RecallTrace {
  readonly direction: RecallDirection;
  readonly starts: readonly RecallLotRef[];
  /** Start lots in neither Movements nor Shipments. */
  readonly unknownStarts: readonly RecallLotRef[];
  readonly lots: readonly TracedLot[];
  readonly links: readonly TraceLink[];
  /** Sorted by customer (name, else id), then ship date, shipment, line. */
  readonly notifications: readonly NotificationLine[];
  readonly customers: readonly CustomerSummary[];
  readonly massBalance: readonly LotBalance[];
  readonly cycles: readonly GenealogyCycle[];
  /** Things the reader of the trace must know (rows that could not be read, unlinked movements). */
  readonly warnings: readonly string[];
  /** Milliseconds to index and trace (not counting the workbook read). */
  readonly traceMs: number;
  /** Milliseconds the workbook read took. */
  readonly readMs: number;
  readonly counts: { readonly movements: number; readonly shipments: number };
}

export type RecallErrorCode =
  | FindErrorCode
  | 'no-start'
  | 'table-problem'
  | 'rows-bad'
  | 'unknown-lots'
  | 'reason-required'
  | 'bad-class'
  | 'lot-row-bad'
  | 'table-filtered';

export interface RecallRefusal {
  readonly ok: false;
  readonly code: RecallErrorCode;
  readonly message: string;
  /** 'query': what was typed or scanned names no lot (the pane shows it at the field). */
  readonly field?: 'query';
  readonly problems?: readonly TableProblem[];
}

const refuse = (code: RecallErrorCode, message: string, problems?: readonly TableProblem[]): RecallRefusal => ({ ok: false, code, message, ...(problems ? { problems } : {}) });

function describeProblems(problems: readonly TableProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.address}: ${p.message}`);
  return shown.join(' ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : '');
}

const BLANK_CUSTOMER: NotificationLine['customer'] = { name: '', contact: '', email: '', phone: '', address: '', city: '', region: '', postalCode: '', country: '' };

/**
 * The trace over tables already read: pure but for the clock that times it. Refuses when a column is missing or
 * when a bad Movements or Shipments row belongs to an affected lot (the trace could miss units); bad rows of other
 * lots only become warnings, so one typo elsewhere does not stop a recall.
 */
export function traceTables(tables: RecallTables, starts: readonly RecallLotRef[], direction: RecallDirection, clock: () => number = defaultClock, readMs = 0): RecallTrace | RecallRefusal {
  if (starts.length === 0) return refuse('no-start', 'Choose the lot to trace first.');
  const all = [...tables.Products.problems, ...tables.Lots.problems, ...tables.Movements.problems, ...tables.Shipments.problems, ...tables.Customers.problems];
  const missing = all.filter((p) => p.code === 'missing-column');
  if (missing.length) return refuse('table-problem', `The workbook is missing columns the trace needs: ${describeProblems(missing)} Open the Workbook pane and set the workbook up.`, missing);

  const t0 = clock();
  const index = buildRecallIndex({ movements: tables.Movements.rows, shipments: tables.Shipments.rows });
  const result = traceRecall(index, starts, direction);
  const traceMs = clock() - t0;

  if (result.unknownStarts.length === starts.length) {
    return refuse('unknown-lots', `${result.unknownStarts.map((s) => `${s.sku} / ${s.lot}`).join(', ')} has no movements and no shipments: there is nothing to trace.`);
  }
  const affected = new Set(result.lots.map((l) => lotKey(l.sku, l.lot)));
  const ledgerProblems = [...tables.Movements.problems, ...tables.Shipments.problems];
  const blocking = ledgerProblems.filter((p) => p.lotKey !== undefined && affected.has(p.lotKey));
  if (blocking.length) {
    return refuse('rows-bad', `Rows of the affected lots cannot be read, so the trace could miss units; fix them in Excel first: ${describeProblems(blocking)}`, blocking);
  }

  const warnings: string[] = [];
  const unplaced = ledgerProblems.filter((p) => p.lotKey === undefined);
  if (unplaced.length) {
    const rows = new Set(unplaced.map((p) => `${p.sheet}!${p.row}`));
    warnings.push(`${rows.size} Movements or Shipments row${rows.size === 1 ? '' : 's'} could not be read and ${rows.size === 1 ? 'is' : 'are'} not in this trace: ${describeProblems(unplaced)}`);
  }
  if (index.genealogy.unlinked.length) {
    const ids = index.genealogy.unlinked;
    warnings.push(`${ids.length} CONSUME or PRODUCE movement${ids.length === 1 ? ' has' : 's have'} no run in Reference and cannot be traced: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}.`);
  }
  for (const u of result.unknownStarts) warnings.push(`${u.sku} / ${u.lot} has no movements and no shipments: it is not in the trace.`);
  for (const c of result.cycles) warnings.push(`Runs ${c.runs.join(', ')} feed lots back into their own ancestors; the trace followed each lot once.`);

  const products = new Map<string, Product>(tables.Products.rows.map((p) => [p.sku, p]));
  const lotRows = new Map<LotKey, Lot>(tables.Lots.rows.map((l) => [lotKey(l.sku, l.lot), l]));
  const unitOf = (sku: string) => ({ unit: products.get(sku)?.unit ?? '', decimals: products.get(sku)?.decimals ?? 3, description: products.get(sku)?.description ?? '' });

  const lots: TracedLot[] = result.lots.map((l) => {
    const key = lotKey(l.sku, l.lot);
    const p = products.get(l.sku);
    return { ...l, key, ...unitOf(l.sku), kind: p?.kind ?? null, status: lotRows.get(key)?.status ?? null };
  });

  const links: TraceLink[] = [];
  for (const key of affected) {
    for (const child of childrenOf(index.genealogy, key)) if (affected.has(child.key)) links.push({ from: key, to: child.key, runs: child.runs });
  }

  const customers = new Map<string, Customer>(tables.Customers.rows.map((c) => [c.id, c]));
  // The trace returns the very shipment objects it was given: full Shipments rows.
  const shipped = result.shipments as readonly Shipment[];
  const notifications: NotificationLine[] = shipped.map((s) => {
    const c = customers.get(s.customerId);
    const record: CustomerRecord = c ? 'found' : tables.Customers.badKeys.has(s.customerId) ? 'bad-row' : 'not-in-customers';
    const { name, contact, email, phone, address, city, region, postalCode, country } = c ?? BLANK_CUSTOMER;
    const u = unitOf(s.sku);
    return {
      customerId: s.customerId,
      customerRecord: record,
      customer: { name, contact, email, phone, address, city, region, postalCode, country },
      orderId: s.orderId,
      shipmentId: s.id,
      line: s.line,
      date: s.date,
      sku: s.sku,
      description: u.description,
      lot: s.lot,
      qty: s.qty,
      unit: u.unit,
      decimals: u.decimals,
    };
  });
  const customerSort = (n: NotificationLine) => (n.customer.name || n.customerId).toLowerCase();
  notifications.sort((a, b) => cmp(customerSort(a), customerSort(b)) || cmp(a.customerId, b.customerId) || cmp(a.date, b.date) || cmp(a.shipmentId, b.shipmentId) || a.line - b.line);

  const byCustomer = new Map<string, { s: CustomerSummary; qty: Map<string, { qty: number; unit: string; decimals: number }> }>();
  for (const n of notifications) {
    let entry = byCustomer.get(n.customerId);
    if (!entry) {
      entry = { s: { customerId: n.customerId, name: n.customer.name, customerRecord: n.customerRecord, lines: 0, received: [] }, qty: new Map() };
      byCustomer.set(n.customerId, entry);
    }
    entry.s = { ...entry.s, lines: entry.s.lines + 1 };
    const k = `${n.sku} / ${n.lot}`;
    const q = entry.qty.get(k) ?? { qty: 0, unit: n.unit, decimals: n.decimals };
    entry.qty.set(k, { ...q, qty: q.qty + n.qty });
  }
  const customerSummaries = [...byCustomer.values()].map(({ s, qty }) => ({
    ...s,
    received: [...qty].map(([k, q]) => `${plainQty(q.qty as Qty, q.decimals)} ${q.unit} ${k}`.replace(/ {2,}/g, ' ')),
  }));

  const roleOf = new Map<LotKey, AffectedLot['direction']>();
  for (const l of result.lots) if (!roleOf.has(lotKey(l.sku, l.lot))) roleOf.set(lotKey(l.sku, l.lot), l.direction);
  const massBalance: LotBalance[] = result.massBalance.map((b) => ({ ...b, unit: unitOf(b.sku).unit, decimals: unitOf(b.sku).decimals, role: roleOf.get(lotKey(b.sku, b.lot)) ?? 'start' }));

  return {
    direction,
    starts: starts.map((s) => ({ sku: s.sku, lot: s.lot })),
    unknownStarts: result.unknownStarts,
    lots,
    links,
    notifications,
    customers: customerSummaries,
    massBalance,
    cycles: result.cycles,
    warnings,
    traceMs,
    readMs,
    counts: { movements: tables.Movements.rows.length, shipments: tables.Shipments.rows.length },
  };
}

const isRefusal = (x: unknown): x is RecallRefusal => typeof x === 'object' && x !== null && (x as { ok?: unknown }).ok === false;

async function readTimed(workbook: WorkbookPort, options: RecallOptions, work: (tables: RecallTables, readMs: number, tx: WorkbookTx) => Promise<unknown>, verify = false): Promise<unknown> {
  const clock = options.clock ?? defaultClock;
  return workbook.transact(async (tx) => {
    options.onProgress?.('reading');
    const t0 = clock();
    const tables = await tx.read(RECALL_TABLES, verify ? { verify } : { columns: TRACE_COLUMNS });
    const readMs = clock() - t0;
    options.onProgress?.('tracing');
    return work(tables, readMs, tx);
  });
}

export interface RecallQuery {
  /** What the user typed or scanned. Ignored when `starts` is given. */
  readonly query?: string;
  /** The lots chosen (after a query matched several), or known already. */
  readonly starts?: readonly RecallLotRef[];
  readonly direction: RecallDirection;
}

export type RecallRunResult =
  | { readonly ok: true; readonly kind: 'traced'; readonly trace: RecallTrace }
  /** The query matched several lots: the user picks which to trace (nothing was traced). */
  | { readonly ok: true; readonly kind: 'choose'; readonly candidates: readonly StartCandidate[] }
  | RecallRefusal;

/** Finds the start lot(s) and traces them, on one read of the workbook. */
export async function runRecall(workbook: WorkbookPort, input: RecallQuery, options: RecallOptions & FindOptions = {}): Promise<RecallRunResult> {
  return (await readTimed(workbook, options, async (tables, readMs) => {
    let starts = input.starts;
    if (!starts || starts.length === 0) {
      const found = findStartLots(input.query ?? '', tables, options);
      if (!found.ok) return { ...refuse(found.code, found.message), field: 'query' };
      if (found.candidates.length > 1) return { ok: true, kind: 'choose', candidates: found.candidates };
      starts = found.candidates.map((c) => ({ sku: c.sku, lot: c.lot }));
    }
    const trace = traceTables(tables, starts, input.direction, options.clock, readMs);
    return isRefusal(trace) ? trace : { ok: true, kind: 'traced', trace };
  })) as RecallRunResult;
}

// ------------------------------------------------------------------------------------------ the report

export interface RecallReportMeta {
  readonly reason: string;
  readonly recallClass: RecallClass;
  readonly user: string;
  readonly now: IsoDateTime;
  /** Made when the user opened the report form (ids.ts newId), so that a retried write makes one sheet. */
  readonly reportId: string;
  /**
   * A mock recall: the same report, named and headed as a drill, with the time the whole drill took (from when the
   * trace was started to `now`), as auditors ask. A drill never changes a lot status.
   */
  readonly drill?: { readonly startedAt: IsoDateTime };
}

export interface OverallAccounted {
  /** Σ over the affected lots of (in - |unaccounted|), in each lot's own unit. */
  readonly accounted: Qty;
  /** Σ over the affected lots of what came in (received or produced, plus returns). */
  readonly base: Qty;
  /** Floored to 2 decimals, as per lot (domain/recall.ts); null when nothing came in. */
  readonly percent: number | null;
}

/**
 * The percentage accounted for over all affected lots, the single figure a mock recall is judged by. Lots of
 * different units are summed as they are: the per-lot lines beside it say where any gap is.
 */
export function overallAccounted(balances: readonly MassBalance[]): OverallAccounted {
  let base = 0;
  let accounted = 0;
  for (const b of balances) {
    const lotBase = b.receivedOrProduced + b.returned;
    if (lotBase <= 0) continue;
    base += lotBase;
    accounted += Math.max(0, lotBase - Math.abs(b.unaccounted));
  }
  const percent = base > 0 ? Math.floor((accounted * 10000) / base) / 100 : null;
  return { accounted: accounted as Qty, base: base as Qty, percent };
}

/**
 * `${prefix} ${lots} ${date}` within Excel's 31 characters: the lot part is shortened, never the date or the prefix
 * (the adapter would cut the end, and two drills on one lot would differ only in a lost date).
 */
export function fitSheetName(prefix: string, lots: string, date: string): string {
  const room = 31 - prefix.length - date.length - 2;
  return `${prefix} ${lots.length > room ? lots.slice(0, Math.max(1, room)).trimEnd() : lots} ${date}`;
}

/** Whole seconds between two local date-times (Excel has no time zones, so both are read alike). */
function secondsBetween(from: IsoDateTime, to: IsoDateTime): number {
  const t = (s: string) => Date.parse(`${s}Z`);
  return Math.round((t(to) - t(from)) / 1000);
}

/** "12 min 5 s", "40 s", "1 h 3 min". */
export function describeDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${r} s`;
  return `${r} s`;
}

const DIRECTION_WORDS: Readonly<Record<RecallDirection, string>> = {
  forward: 'forward: every lot made from the recalled lots, and who received them',
  backward: 'backward: every lot the recalled lots were made from',
  both: 'both ways: what the recalled lots were made from and what was made from them',
};

const ROLE_WORDS: Readonly<Record<AffectedLot['direction'], string>> = { start: 'recalled lot', forward: 'made from it', backward: 'went into it' };


/** One line of mass balance, in the lot's unit. */
export function describeBalance(b: LotBalance): string {
  const f = (q: Qty) => plainQty(q, b.decimals);
  const unit = b.unit ? ` ${b.unit}` : '';
  const parts = [`in ${f(b.receivedOrProduced)}${unit}`, `consumed ${f(b.consumed)}`, `shipped ${f(b.shipped)}`, `destroyed ${f(b.destroyed)}`, `on hand ${f(b.onHand)}`];
  if (b.returned !== 0) parts.splice(1, 0, `returned ${f(b.returned)}`);
  if (b.adjusted !== 0) parts.splice(1, 0, `adjusted ${f(b.adjusted)}`);
  if (b.transferred !== 0) parts.push(`transfers net ${f(b.transferred)}`);
  parts.push(`unaccounted ${f(b.unaccounted)}`);
  parts.push(b.accountedPercent === null ? 'accounted: n/a (nothing came in)' : `${b.accountedPercent}% accounted for`);
  return parts.join('; ');
}

const lotName = (r: RecallLotRef) => `${r.sku} / ${r.lot}`;

/** A quantity as people write it: 25 kg, not 25.000 kg. */
export function plainQty(q: Qty, decimals: number): string {
  const s = formatQty(q, decimals);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** The customer report sheet of a trace. Pure. */
export function buildRecallReport(trace: RecallTrace, meta: RecallReportMeta): ReportSheet {
  const date = meta.now.slice(0, 10);
  const first = trace.starts[0]!;
  const more = trace.starts.length > 1 ? ` +${trace.starts.length - 1}` : '';
  const startLots = trace.lots.filter((l) => l.direction === 'start');
  // The customer reads the product they received (the finished good), not the raw material it was made from;
  // with nothing shipped, the recalled lots' own products.
  const shippedProducts = trace.notifications.map((n) => ({ sku: n.sku, description: n.description }));
  const named = shippedProducts.length ? shippedProducts : startLots;
  const products = [...new Map(named.map((l) => [l.sku, l.description ? `${l.sku} ${l.description}` : l.sku])).values()];
  const shippedLots = [...new Set(trace.notifications.map((n) => `${n.sku} / ${n.lot}`))];
  const downstream = trace.lots.filter((l) => l.direction === 'forward').length;
  const upstream = trace.lots.filter((l) => l.direction === 'backward').length;
  const missing = trace.customers.filter((c) => c.customerRecord !== 'found').length;
  const totals = new Map<string, { qty: number; unit: string; decimals: number }>();
  for (const n of trace.notifications) {
    const t = totals.get(n.sku) ?? { qty: 0, unit: n.unit, decimals: n.decimals };
    totals.set(n.sku, { ...t, qty: t.qty + n.qty });
  }

  const overall = overallAccounted(trace.massBalance);
  const drill: [string, string][] = meta.drill
    ? [
        ['Drill', 'No lot status was changed'],
        ['Drill started', meta.drill.startedAt.replace('T', ' ')],
        ['Time taken', `${describeDuration(secondsBetween(meta.drill.startedAt, meta.now))} from the start of the trace to this report`],
      ]
    : [];
  const header: [string, string | number][] = [
    ...drill,
    ['Recalled product', products.join('; ')],
    ['Recalled lots', shippedLots.length ? shippedLots.join(', ') : trace.starts.map(lotName).join(', ')],
    ['Reason', meta.reason.trim()],
    ['Recall class', `Class ${meta.recallClass}: ${RECALL_CLASS_MEANING[meta.recallClass]}`],
    ['Started by', meta.user],
    ['Started at', meta.now.replace('T', ' ')],
    ['Trace', `${DIRECTION_WORDS[trace.direction]}; ${trace.lots.length} lot${trace.lots.length === 1 ? '' : 's'} (${downstream} made from the recalled lots, ${upstream} they were made from)`],
    ['Customers to notify', `${trace.customers.length}${missing ? ` (${missing} not found in Customers: see the Flag column)` : ''}`],
    ['Units shipped', totals.size ? [...totals].map(([sku, t]) => `${plainQty(t.qty as Qty, t.decimals)} ${t.unit} ${sku}`.replace(/ {2,}/g, ' ')).join('; ') : 'none'],
    ['Accounted for', overall.percent === null ? 'n/a (nothing came into the affected lots)' : `${overall.percent}% of the units received or produced across the affected lots`],
    ['', ''],
    ['Mass balance', 'per lot, in the unit of its product (in = received or produced)'],
    ...trace.massBalance.map((b) => [`${lotName(b)} (${ROLE_WORDS[b.role]})`, describeBalance(b)] as [string, string]),
    ...trace.warnings.map((w) => ['Warning', w] as [string, string]),
  ];

  const flag: Readonly<Record<CustomerRecord, string>> = { found: '', 'not-in-customers': 'not in Customers', 'bad-row': 'Customers row has problems' };
  return {
    id: meta.reportId,
    name: meta.drill ? fitSheetName('Mock recall', `${first.lot}${more}`, date.replaceAll('-', '')) : `Recall ${first.lot}${more} ${date}`,
    title: `${meta.drill ? 'Mock recall (drill)' : 'Recall report'}: ${shippedLots.length && !meta.drill ? shippedLots.join(', ') : trace.starts.map(lotName).join(', ')}`,
    header,
    table: {
      name: 'Recall',
      columns: [
        { header: 'Customer', type: 'text' },
        { header: 'Customer ID', type: 'text' },
        { header: 'Contact', type: 'text' },
        { header: 'Email', type: 'text' },
        { header: 'Phone', type: 'text' },
        { header: 'Address', type: 'text' },
        { header: 'City', type: 'text' },
        { header: 'Region', type: 'text' },
        { header: 'Postal Code', type: 'text' },
        { header: 'Country', type: 'text' },
        { header: 'Order', type: 'text' },
        { header: 'Shipment', type: 'text' },
        { header: 'Line', type: 'int' },
        { header: 'Ship Date', type: 'date' },
        { header: 'SKU', type: 'text' },
        { header: 'Product', type: 'text' },
        { header: 'Lot', type: 'text' },
        { header: 'Qty', type: 'qty' },
        { header: 'Unit', type: 'text' },
        { header: 'Flag', type: 'text' },
      ],
      rows: trace.notifications.map((n) => [
        n.customer.name,
        n.customerId,
        n.customer.contact,
        n.customer.email,
        n.customer.phone,
        n.customer.address,
        n.customer.city,
        n.customer.region,
        n.customer.postalCode,
        n.customer.country,
        n.orderId,
        n.shipmentId,
        n.line,
        isoDateToSerial(n.date),
        n.sku,
        n.description,
        n.lot,
        qtyToNumber(n.qty),
        n.unit,
        flag[n.customerRecord],
      ]),
    },
    footer: [
      ['Prepared with Lotbook by', meta.user],
      ['Checked by (name, date)', ''],
    ],
  };
}

export interface RecallReportInput extends RecallReportMeta {
  readonly starts: readonly RecallLotRef[];
  readonly direction: RecallDirection;
}

export type RecallReportResult = { readonly ok: true; readonly sheetName: string; readonly trace: RecallTrace; readonly report: ReportSheet } | RecallRefusal;

/** Traces again on a fresh read and writes the report sheet, in one transact. */
export async function writeRecallReport(workbook: WorkbookPort, input: RecallReportInput, options: RecallOptions = {}): Promise<RecallReportResult> {
  if (input.reason.trim() === '') return refuse('reason-required', 'Say why the lots are recalled: the reason heads the report.');
  if (!RECALL_CLASSES.includes(input.recallClass)) return refuse('bad-class', `The recall class is I, II or III, not ${String(input.recallClass)}.`);
  return (await readTimed(workbook, options, async (tables, readMs, tx) => {
    const trace = traceTables(tables, input.starts, input.direction, options.clock, readMs);
    if (isRefusal(trace)) return trace;
    const report = buildRecallReport(trace, input);
    options.onProgress?.('writing');
    const written = await tx.write({ sheets: [report] });
    return { ok: true, sheetName: written.sheets[0] ?? report.name, trace, report };
    // A legal record (and a mock recall, its drill): traced on a read of the workbook itself.
  }, true)) as RecallReportResult;
}

// ------------------------------------------------------------------------------------------ act on it

export type HoldTarget = Extract<LotStatus, 'hold' | 'recalled'>;

export interface LotStatusOutcome extends RecallLotRef {
  readonly from: LotStatus | null;
  /** changed: written now; unchanged: already there (or further: recalled when asked for hold); refused: the status rules do not allow it. */
  readonly outcome: 'changed' | 'unchanged' | 'refused' | 'no-lot-row';
  readonly message: string;
}

export interface HoldInput {
  readonly starts: readonly RecallLotRef[];
  readonly to: HoldTarget;
  readonly why: string;
  readonly user: string;
  readonly now: IsoDateTime;
  /** Made when the user started the action; each lot's Log entry id is derived from it and the lot. */
  readonly operationId: string;
}

export type HoldResult =
  | { readonly ok: true; readonly to: HoldTarget; readonly lots: readonly LotStatusOutcome[]; readonly written: { readonly lots: number; readonly log: number } }
  | RecallRefusal;

/** A short stable suffix for ids derived per lot. */
function shortHash(s: string): string {
  return fnv1a32(s).toString(36).toUpperCase().padStart(7, '0');
}

/** The Log entry id of one lot in one hold/recall action: the same on every retry. */
export function statusLogId(operationId: string, ref: RecallLotRef): string {
  return `${operationId}-${shortHash(lotKey(ref.sku, ref.lot))}`;
}

/**
 * Decides the status change of every forward-affected lot (the start lots and everything made from them). Pure.
 * A lot already at the target, or recalled when asked to hold, is left as it is; a lot the rules do not let
 * move (quarantine cannot be recalled, rejected is final) is reported, not forced.
 */
export function planHold(trace: RecallTrace, lotsTable: RecallTables['Lots'], input: HoldInput): { outcomes: LotStatusOutcome[]; lots: Lot[]; log: LogEntry[] } | RecallRefusal {
  const rows = new Map<LotKey, Lot>(lotsTable.rows.map((l) => [lotKey(l.sku, l.lot), l]));
  const targets = trace.lots.filter((l) => l.direction !== 'backward');
  const bad = targets.filter((l) => lotsTable.badKeys.has(l.key));
  if (bad.length) {
    const problems = lotsTable.problems.filter((p) => p.lotKey !== undefined && bad.some((b) => b.key === p.lotKey));
    return refuse('lot-row-bad', `The Lots rows of ${bad.map(lotName).join(', ')} have problems, so their status cannot be changed; fix them in Excel first: ${describeProblems(problems)}`, problems);
  }
  const outcomes: LotStatusOutcome[] = [];
  const lots: Lot[] = [];
  const log: LogEntry[] = [];
  const seen = new Set<LotKey>();
  for (const t of targets) {
    if (seen.has(t.key)) continue;
    seen.add(t.key);
    const row = rows.get(t.key);
    const ref = { sku: t.sku, lot: t.lot };
    if (!row) {
      outcomes.push({ ...ref, from: null, outcome: 'no-lot-row', message: `${lotName(ref)} has no row in Lots, so it has no status to change; add it to Lots if stock of it remains.` });
      continue;
    }
    if (row.status === input.to || (input.to === 'hold' && row.status === 'recalled')) {
      outcomes.push({ ...ref, from: row.status, outcome: 'unchanged', message: `${lotName(ref)} is already ${row.status}.` });
      continue;
    }
    const r = changeStatus(row, input.to, { user: input.user, why: input.why, when: input.now, id: statusLogId(input.operationId, ref) });
    if (!r.ok) {
      outcomes.push({ ...ref, from: row.status, outcome: 'refused', message: r.message });
      continue;
    }
    lots.push(r.lot);
    log.push(r.log);
    outcomes.push({ ...ref, from: row.status, outcome: 'changed', message: `${lotName(ref)}: ${row.status} → ${input.to}.` });
  }
  return { outcomes, lots, log };
}

/** What "Put lots on hold" or "Recall lots" would do, to ask before doing it. */
export interface HoldPreview {
  readonly to: HoldTarget;
  /** Lots whose status would change. */
  readonly change: readonly TracedLot[];
  /** Already at the target (or recalled when asked for hold). */
  readonly unchanged: readonly TracedLot[];
  /** The status rules do not allow it, or the lot has no Lots row. */
  readonly refused: readonly TracedLot[];
  /** Customers who received any of these lots. */
  readonly customers: number;
}

/**
 * The lots a hold or recall would change, from the trace shown (the action itself traces again on a fresh read and
 * applies the same rules as planHold). Pure.
 */
export function previewHold(trace: Pick<RecallTrace, 'lots' | 'notifications'>, to: HoldTarget): HoldPreview {
  const seen = new Set<LotKey>();
  const change: TracedLot[] = [];
  const unchanged: TracedLot[] = [];
  const refused: TracedLot[] = [];
  for (const l of trace.lots) {
    if (l.direction === 'backward' || seen.has(l.key)) continue;
    seen.add(l.key);
    if (l.status === null) refused.push(l);
    else if (l.status === to || (to === 'hold' && l.status === 'recalled')) unchanged.push(l);
    else if (allowedStatusChanges(l.status).includes(to)) change.push(l);
    else refused.push(l);
  }
  const customers = new Set(trace.notifications.filter((n) => seen.has(lotKey(n.sku, n.lot))).map((n) => n.customerId));
  return { to, change, unchanged, refused, customers: customers.size };
}

/**
 * "Act on it": puts every forward-affected lot on hold or recalled, in one write (Lots updated, one Log entry per
 * lot with the reason). FEFO takes only released lots, so these are never picked again. A filtered Lots table is
 * refused by the adapter (writing under a filter misplaces data); that comes back as `table-filtered`.
 */
export async function holdAffectedLots(workbook: WorkbookPort, input: HoldInput, options: RecallOptions = {}): Promise<HoldResult> {
  if (input.why.trim() === '') return refuse('reason-required', `Say why the lots go ${input.to === 'hold' ? 'on hold' : 'to recalled'}: the reason is kept in the Log.`);
  try {
    return (await readTimed(workbook, options, async (tables, readMs, tx) => {
      const trace = traceTables(tables, input.starts, 'forward', options.clock, readMs);
      if (isRefusal(trace)) return trace;
      const plan = planHold(trace, tables.Lots, input);
      if (isRefusal(plan)) return plan;
      if (plan.lots.length === 0) return { ok: true, to: input.to, lots: plan.outcomes, written: { lots: 0, log: 0 } };
      options.onProgress?.('writing');
      const written = await tx.write({ update: { Lots: plan.lots }, append: { Log: plan.log } });
      return { ok: true, to: input.to, lots: plan.outcomes, written: { lots: written.updated.Lots ?? 0, log: written.appended.Log ?? 0 } };
    })) as HoldResult;
  } catch (e) {
    if (e instanceof WorkbookError && e.code === 'table-filtered') return refuse('table-filtered', e.message);
    throw e;
  }
}

// ------------------------------------------------------------------------------------------ the picture

export interface LayoutNode {
  readonly key: LotKey;
  readonly lot: TracedLot;
  /** Row of the picture: ancestors above (negative), start lots at 0, descendants below. */
  readonly level: number;
  readonly x: number;
  readonly y: number;
}

export interface LayoutEdge {
  readonly from: LayoutNode;
  readonly to: LayoutNode;
  readonly runs: readonly string[];
}

export interface GenealogyLayout {
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly width: number;
  readonly height: number;
  readonly box: { readonly width: number; readonly height: number };
}

/**
 * Where each lot box goes in the genealogy picture: one row per depth (inputs above, outputs below), boxes in
 * trace order, parents drawn above their children so the lines read top to bottom. Pure, for the pane's SVG.
 */
export function layoutGenealogy(trace: Pick<RecallTrace, 'lots' | 'links'>, box = { width: 132, height: 44 }, gap = { x: 12, y: 36 }): GenealogyLayout {
  const levelOf = new Map<LotKey, number>();
  const lotOf = new Map<LotKey, TracedLot>();
  for (const l of trace.lots) {
    if (levelOf.has(l.key)) continue;
    levelOf.set(l.key, l.direction === 'backward' ? -l.depth : l.depth);
    lotOf.set(l.key, l);
  }
  const levels = [...new Set(levelOf.values())].sort((a, b) => a - b);
  const rows = new Map<number, LotKey[]>(levels.map((lv) => [lv, []]));
  for (const [k, lv] of levelOf) rows.get(lv)!.push(k);
  const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const width = widest * box.width + (widest - 1) * gap.x;
  const nodes: LayoutNode[] = [];
  const byKey = new Map<LotKey, LayoutNode>();
  levels.forEach((lv, rowIndex) => {
    const keys = rows.get(lv)!;
    const rowWidth = keys.length * box.width + (keys.length - 1) * gap.x;
    const x0 = (width - rowWidth) / 2;
    keys.forEach((k, i) => {
      const node: LayoutNode = { key: k, lot: lotOf.get(k)!, level: lv, x: x0 + i * (box.width + gap.x), y: rowIndex * (box.height + gap.y) };
      nodes.push(node);
      byKey.set(k, node);
    });
  });
  const edges: LayoutEdge[] = [];
  for (const l of trace.links) {
    const from = byKey.get(l.from);
    const to = byKey.get(l.to);
    if (from && to) edges.push({ from, to, runs: l.runs });
  }
  const height = levels.length * box.height + Math.max(0, levels.length - 1) * gap.y;
  return { nodes, edges, width, height, box };
}
